"""An indicator's unit assumed as % (a file with no Unit column) can be put right as the report
says: the same file with a Unit column, imported again, gives every value the indicator has,
so it changes the unit (named in the report). A file that leaves some stored values out is
refused, as they would be read in the new unit; nothing of it is written. Before, every unit
change was refused, though the report said to add the column and import again."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.importers import ImportFailed, run_import
from storage.unit_of_work import Store

FIRST = "indicator,period,value\nreferrals,Sep 2015,40\nreferrals,Oct 2015,55\n"


def _import(store: Store, tmp_path: Path, text: str) -> str:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return run_import(store, "local", "kpis", path).summary()


def _unit_and_values(store: Store) -> tuple[str, list[float]]:
    with store.unit_of_work("local") as uow:
        ind = uow.repos.indicators.by_slug("referrals")
        assert ind is not None
        stored = uow.repos.indicators.values_by_period(ind.id)
        return ind.unit, sorted(v.value for v in stored.values())


def test_the_same_file_with_a_unit_column_changes_an_assumed_unit(
    store: Store, tmp_path: Path
) -> None:
    first = _import(store, tmp_path, FIRST)
    assert "so % was assumed: add a Unit column" in first and "import the file again" in first
    again = (
        "indicator,period,value,unit\nreferrals,Sep 2015,40,count\nreferrals,Oct 2015,55,count\n"
        "referrals,Nov 2015,150,count\n"  # over 100: a count, no longer a percentage
    )
    report = _import(store, tmp_path, again)
    assert "referrals: unit % → count" in report, report
    assert _unit_and_values(store) == ("count", [40, 55, 150])


def test_a_unit_change_leaving_stored_values_out_is_refused(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, FIRST)
    with pytest.raises(ImportFailed) as refused:
        _import(store, tmp_path, "indicator,period,value,unit\nreferrals,Nov 2015,15,days\n")
    assert (
        "row 2, column “unit”: referrals (“referrals”) is measured in %, but this row gives "
        "days: an import changes an indicator's unit only when it gives every value the "
        "indicator has, as the others would change meaning (2 stored values are not in this "
        "file)."
    ) in str(refused.value)
    assert _unit_and_values(store) == ("%", [40, 55])
