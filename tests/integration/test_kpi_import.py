"""The KPI importer: both layouts, periods of every kind, idempotency and refused files."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import AuditEvent, Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import make_chat, run_cli

KPIS = FIXTURES / "kpis"


def counts(store: Store) -> tuple[int, int, int]:
    """(indicators, values, audit events)."""
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(Indicator)) or 0,
            s.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def write(tmp_path: Path, content: str, name: str = "kpis.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_wide_layout_with_financial_years_and_quarters(store: Store, frozen_now: datetime) -> None:
    report = run_import(store, "local", "kpis", KPIS / "annual_and_quarterly_wide.csv")
    assert (report.created, report.updated) == (4, 0)
    chat = make_chat(store, frozen_now)
    card = chat.say("/kpi care-proceedings")
    assert "Latest: 32.4 weeks for Q1 2015/16" in card
    # A quarter is never compared with a financial year: no trend from one of each.
    assert "from 34 weeks in 2014/15" not in card and "no trend yet" in card
    assert "Target: 26 weeks (lower is better)" in card and "Red" in card
    # The amber tolerance column: 18.3% against 16% ± 3 points is amber, not red.
    assert "Amber" in chat.say("/kpi placed-20-miles")
    history = chat.say("/kpi care-proceedings history")
    assert history.index("2014/15") < history.index("Q1 2015/16")
    assert "annual figure, not in the quarterly trend" in history


def test_reimporting_either_layout_changes_nothing(store: Store) -> None:
    for name in ("haringey_long.csv", "haringey_wide.csv", "annual_and_quarterly_wide.csv"):
        run_import(store, "local", "kpis", KPIS / name)
    before = counts(store)
    for name in ("haringey_long.csv", "haringey_wide.csv", "annual_and_quarterly_wide.csv"):
        report = run_import(store, "local", "kpis", KPIS / name)
        assert not report.changed_anything, name
        assert report.unchanged > 0
    assert counts(store) == before  # no new rows and no audit events


def test_a_changed_value_is_updated_in_place(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "kpis", KPIS / "haringey_wide.csv")
    before = counts(store)
    changed = (KPIS / "haringey_wide.csv").read_text().replace(",74,84", ",74,85")
    report = run_import(store, "local", "kpis", write(tmp_path, changed))
    assert (report.created, report.updated) == (0, 1)
    indicators, values, audit = counts(store)
    assert (indicators, values) == before[:2] and audit == before[2] + 1


def test_indicator_cell_matches_an_existing_name_or_alias(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "kpis", KPIS / "haringey_long.csv")
    indicators = counts(store)[0]
    path = write(
        tmp_path, "indicator,period,value\nPersonal Education Plans,Dec 2015,64\npeps,Jan 2016,66\n"
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 2 and counts(store)[0] == indicators


def test_new_indicators_get_slugs_from_the_indicator_cell(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = write(
        tmp_path,
        "indicator,period,value,unit,polarity,owner\n"
        "Missing from care episodes,Nov 2015,15,count,lower,Neelam Bhardwaja/ AD\n",
    )
    run_import(store, "local", "kpis", path)
    card = make_chat(store, frozen_now).say("/kpi missing from care")
    assert "(missing-from-care-episodes)" in card and "Latest: 15 for Nov 2015" in card
    assert "Owner: Neelam Bhardwaja, AD" in card


def test_xlsx_with_a_title_row(store: Store, tmp_path: Path, frozen_now: datetime) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Children in care: KPI returns"])
    sheet.append(["KPI", "Period", "Actual", "Target", "Unit", "Polarity", "England"])
    sheet.append(["dental", "2015-03", 91, 90, "%", "higher", None])
    sheet.append(["dental", "Nov 2015", 81, 90, "%", "higher", 84])
    book.save(tmp_path / "dental.xlsx")
    report = run_import(store, "local", "kpis", tmp_path / "dental.xlsx")
    assert report.created == 2
    card = make_chat(store, frozen_now).say("/kpi dental")
    assert "Latest: 81% for Nov 2015" in card and "England 84%" in card and "Amber" in card


LONG = "indicator,period,value,unit,polarity\ncare-plans,Oct 2015,50,%,higher\n"
WIDE = "Indicator,May 2015,Jul 2015\ncare-plans,40,50\n"


# Each file starts with a good row, which must not be written when a later row is refused.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (LONG + "pep,Nov 2015,sixty,,\n", "row 3, column “value”: “sixty” is not a number"),
        (LONG + "pep,someday,60,,\n", "row 3, column “period”: “someday” is not a period"),
        (
            LONG + "pep,Nov 2015,#DIV/0!,,\n",
            "row 3, column “value”: “#DIV/0!” is a spreadsheet error",
        ),
        (WIDE + "pep,#N/A,50\n", "row 3, column “May 2015”: “#N/A” is a spreadsheet error"),
        (LONG + ",Nov 2015,60,,\n", "row 3, column “indicator”: the indicator is missing"),
        (LONG + "leavers,Nov 2015,-2,count,\n", "row 3, column “value”: -2 is negative"),
        (LONG + "adoption,Nov 2015,62%,days,lower\n", "row 3, column “value”: it is a percentage"),
        (LONG + "pep,Nov 2015,60,furlongs,\n", "row 3, column “unit”: “furlongs” is not a unit"),
        (LONG + "pep,Nov 2015,60,%,sideways\n", "row 3, column “polarity”"),
        (
            LONG + "pep,Nov 2015,60,%,\npep,November 2015,61,%,\n",
            "row 4, column “value”: pep for Nov 2015 is given twice with different values "
            "(row 3 and this one)",
        ),
        (WIDE + "pep,37,seventy\n", "row 3, column “Jul 2015”: “seventy” is not a number"),
        (WIDE + "pep,37,171\n", "row 3, column “Jul 2015”: 171 is not a percentage"),
        # Targets and comparators are checked against the unit as values are.
        (
            "indicator,period,value,target,unit\npep,Oct 2015,50,95,%\npep,Nov 2015,55,950,%\n",
            "row 3, column “target”: 950 is not a percentage between 0 and 100 (pep)",
        ),
        (
            "indicator,period,value,England,unit\nleavers,Nov 2015,5,-3,count\n",
            "row 2, column “England”: -3 is negative, but a count cannot be",
        ),
        (
            "indicator,period,value,numerator,denominator\npep,Nov 2015,50,-5,10\n",
            "row 2, column “numerator”: -5 is negative, but a count of children cannot be",
        ),
        (
            "Indicator,Unit,Target,May 2015\nadoption,days,80%,400\n",
            "row 2, column “Target”: it is a percentage, but the indicator is measured in days",
        ),
        (
            "Indicator,Target 2015/16,May 2015\npep,900,40\n",
            "row 2, column “Target 2015/16”: 900 is not a percentage between 0 and 100 (pep). "
            "The file gives no unit for pep, so % was assumed",
        ),
        ("words,only\nno,kpis\n", "no header row"),
    ],
)
def test_bad_files_are_refused_whole(
    store: Store, tmp_path: Path, content: str, expected: str
) -> None:
    before = counts(store)
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", write(tmp_path, content))
    assert expected in str(err.value)
    assert counts(store) == before


def test_duplicate_identical_rows_are_fine(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "indicator,period,value\npep,Nov 2015,60\npep,2015-11,60\n")
    assert run_import(store, "local", "kpis", path).created == 1


def test_cli_import_kpis(database: Database, tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(database.url, tmp_path, *args)

    good = cli("import", "kpis", str(KPIS / "haringey_wide.csv"))
    assert good.returncode == 0, good.stderr
    assert "6 new" in good.stdout and "2 new indicators" in good.stdout
    again = cli("import", "kpis", str(KPIS / "haringey_wide.csv"))
    assert again.returncode == 0 and "Nothing changed" in again.stdout
    bad = cli("import", "kpis", str(write(tmp_path, "indicator,period,value\npep,Nov 2015,lots\n")))
    assert bad.returncode == 1
    assert "row 2, column “value”" in bad.stderr and "Nothing was imported" in bad.stderr
