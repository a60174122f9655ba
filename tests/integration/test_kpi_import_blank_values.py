"""KPI import, long layout: a blank value cell (a figure not in yet) skips its row, and the
report names the row, indicator and period; the rest of the file goes in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.helpers import make_chat


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _count(store: Store, model: type) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_blank_value_skips_its_row_and_the_report_says_so(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    body = (
        "indicator,period,value,target,unit\n"
        "pep,Sep 2015,70,90,%\n"
        "pep,Oct 2015,,90,%\n"
        "pep,Nov 2015,72,90,%\n"
        "care-leavers,Nov 2015,  ,,count\n"
    )
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    summary = report.summary()
    assert report.created == 2, summary
    assert "No figure given, so nothing imported for 2 values" in summary, summary
    assert "row 3, pep Oct 2015 (blank); row 5, care-leavers Nov 2015 (blank)" in summary
    # The skipped row creates no indicator, as a TBC row does not.
    assert _count(store, Indicator) == 1 and _count(store, IndicatorValue) == 2
    card = make_chat(store, frozen_now).say("/kpi pep")
    assert "Latest: 72% for Nov 2015" in card, card
    again = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert not again.changed_anything


def test_a_blank_value_beside_a_no_figure_cell_is_named_with_it(
    store: Store, tmp_path: Path
) -> None:
    body = "indicator,period,value\npep,Oct 2015,TBC\npep,Nov 2015,\npep,Dec 2015,\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    summary = report.summary()
    assert report.created == 0 and not report.changed_anything
    assert (
        "nothing imported for 3 values: row 2, pep Oct 2015 (“TBC”); "
        "row 3, pep Nov 2015 (blank); row 4, pep Dec 2015 (blank)."
    ) in summary, summary
