"""KPI import, one row per period: an indicator with no target takes its latest period's
target as its standing one, as a wide file's latest year's is. It took the first row's, in a
file of several years the oldest year's, so a figure recorded later without a target of its
own (``/kpi pep set 86 for Nov 2015``) was judged green against the old 85% instead of amber
against this year's 90%."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator
from storage.unit_of_work import Store
from tests.helpers import make_chat


def _standing(store: Store) -> dict[str, float | None]:
    with store.session_factory() as s:
        return dict(s.execute(select(Indicator.slug, Indicator.target)).all())  # type: ignore[arg-type]


def test_the_latest_periods_target_becomes_the_standing_one(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicator,Period,Value,Target,Unit\n"
        "pep,Oct 2014,50,85,%\n"
        "pep,Oct 2015,62,90,%\n"  # the latest period, though not the last row
        "pep,Mar 2015,60,85,%\n"
        "cla,2014/15,450,,count\n",
        encoding="utf-8",
    )
    run_import(store, "local", "kpis", path)
    assert _standing(store) == {"pep": 90.0, "cla": None}
    reply = make_chat(store, frozen_now).say("/kpi pep set 86 for Nov 2015")
    assert "Target: 90%" in reply and "Amber" in reply


def test_an_indicator_target_column_or_an_existing_target_still_wins(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicator,Period,Value,Target,Indicator target\n"
        "pep,Oct 2014,50,85,88\npep,Oct 2015,62,90,\n",
        encoding="utf-8",
    )
    run_import(store, "local", "kpis", path)
    assert _standing(store) == {"pep": 88.0}
    later = tmp_path / "later.csv"
    later.write_text("Indicator,Period,Value,Target\npep,Nov 2015,64,95\n", encoding="utf-8")
    run_import(store, "local", "kpis", later)
    assert _standing(store) == {"pep": 88.0}
