"""The KPI importer reads periods written as a day with a two-digit year ("01/11/26") and
Excel's d-mmm-yy ("1-Nov-26"), as the actions importer reads those cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store


def test_short_year_periods_are_imported_as_their_months(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "indicator,period,value,unit,polarity\n"
        "qa-c,01/11/26,10,number,higher\n"
        "qa-c,1-Oct-26,8,number,higher\n"
        "qa-c,01.09.26,7,number,higher\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path, today=date(2026, 12, 5))
    assert report.created >= 1
    with store.unit_of_work("local") as uow:
        ind = uow.repos.indicators.by_slug("qa-c")
        assert ind is not None
        assert {
            key: uow.repos.indicators.value_for(ind.id, key).value  # type: ignore[union-attr]
            for key in ("2026-11", "2026-10", "2026-09")
        } == {"2026-11": 10, "2026-10": 8, "2026-09": 7}
