"""KPI import: a period cell that names no period is refused by row and column, with the kinds
of period a file may give (by recent examples) or, when the parser can say, what is wrong;
nothing is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from commands.importers import ImportFailed, run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import Database

TODAY = date(2026, 12, 6)
EXAMPLES = (
    "write a month (Nov 2026), a quarter (Q2 2026-27), a financial year (2025-26), "
    "an academic year (AY 2025-26) or a year (2025)"
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("someday", f"row 3, column “period”: “someday” is not a period: {EXAMPLES}"),
        ("", f"row 3, column “period”: the period is missing: {EXAMPLES}"),
        ("May-Jul 2026", "row 3, column “period”: “May-Jul 2026” runs from May 2026 to Jul 2026"),
        ("31/11/2026", "row 3, column “period”: “31/11/2026” is not a date: November 2026 has"),
    ],
)
def test_an_unreadable_period_is_refused_saying_what_to_write(
    store: Store, tmp_path: Path, cell: str, expected: str
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(f"indicator,period,value\npep,Oct 2026,70\npep,{cell},72\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path, today=TODAY)
    assert expected in str(err.value), str(err.value)
    assert "2015" not in str(err.value)
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Indicator)) == 0
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_a_file_with_no_header_gives_the_same_examples(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text("words,only\nno,kpis\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path, today=TODAY)
    assert f"one column per period, headed by {EXAMPLES.removeprefix('write ')}" in str(err.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Two headers of one period in one row: the columns, not "row 2 and this one".
        (
            "Indicator,Unit,2024/25,2023/24,2024-25\npep,%,80,70,82\n",
            "row 2, column “2024-25”: pep for 2024/25 is given twice with different values "
            "(columns “2024/25” and “2024-25” both name 2024/25)",
        ),
        (
            "Indicator,Unit,Q3 2024/25,Dec 2024,Oct-Dec 2024\npep,%,80,81,82\n",
            "row 2, column “Oct-Dec 2024”: pep for Q3 2024/25 is given twice with different "
            "values (columns “Q3 2024/25” and “Oct-Dec 2024” both name Q3 2024/25)",
        ),
        # Two rows of one indicator: the rows (and the first one's column, when another).
        (
            "Indicator,Unit,2024/25,2024-25\npep,%,80,\npep,%,,81\n",
            "row 3, column “2024-25”: pep for 2024/25 is given twice with different values "
            "(row 2, column “2024/25”, and this one)",
        ),
        (
            "Indicator,Unit,2024/25\npep,%,80\npep,%,81\n",
            "row 3, column “2024/25”: pep for 2024/25 is given twice with different values "
            "(row 2 and this one)",
        ),
    ],
)
def test_a_wide_file_giving_a_period_twice_names_the_columns(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    expected: str,
) -> None:
    store.ensure_workspace("local")
    monkeypatch.setenv("DATABASE_URL", database.url)
    path = tmp_path / "kpis.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["import", "kpis", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"Import refused: kpis.csv: {expected}\n" in err, err
    assert "Nothing was imported." in err
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_a_financial_year_of_one_year_is_refused_with_its_row_and_nothing_imported(
    store: Store, tmp_path: Path
) -> None:
    """``FY 2025`` was imported as the calendar year 2025 (Jan-Dec), another period."""
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicator,Period,Value,Unit\nadoptions,2024/25,12,count\nadoptions,FY 2025,15,count\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    said = str(err.value)
    assert "row 3, column “Period”: “FY 2025” names a financial year by one year" in said
    assert "2025/26 (April 2025 to March 2026) or 2024/25" in said
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0
