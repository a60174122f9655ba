"""/kpi set … target for an indicator with no standing target: the target typed for its latest
period becomes its standing one (as a KPI file's latest period's does), so the next figure
recorded without a target is judged by it; one typed for an older period does not."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator
from storage.unit_of_work import Store
from tests.helpers import make_chat

SLUG = "care-leavers-in-touch"


def _standing(store: Store) -> float | None:
    with store.session_factory() as s:
        return s.scalars(select(Indicator.target).where(Indicator.slug == SLUG)).one()


def test_the_latest_periods_target_becomes_the_standing_one(
    store: Store, frozen_now: datetime, tmp_path: Path
) -> None:
    # frozen_now is 2 Dec 2015: Sep and Oct 2015 are recorded, with no target anywhere.
    path = tmp_path / "in_touch.csv"
    path.write_text(
        "indicator,period,value,unit\n"
        "Care leavers in touch,Sep 2015,88,%\n"
        "Care leavers in touch,Oct 2015,90,%\n"
    )
    run_import(store, "local", "kpis", path)
    chat = make_chat(store, frozen_now)

    older = chat.say(f"/kpi {SLUG} set 80% for Aug 2015 target 70")
    assert "standing target" not in older and _standing(store) is None

    latest = chat.say(f"/kpi {SLUG} set 91% for Nov 2015 target 95")
    assert (
        f"95% is now the standing target of {SLUG} too (it had none): figures recorded without a "
        "target of their own are judged by it." in latest
    )
    assert _standing(store) == 95

    # A later correction of the period's target leaves the standing one as it is.
    chat.say(f"/kpi {SLUG} set 91% for Nov 2015 target 96")
    assert _standing(store) == 95
