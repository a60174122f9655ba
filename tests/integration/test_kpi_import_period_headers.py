"""A KPI file's period column headed `Quarter` (or `Reporting period`, `Period ending`) is read
as `Month` and `Year` are; a file whose header lacks one of the three columns a long file needs
is refused naming the row and the column missing, not only what was expected. Through the
CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Database
from tests.helpers import run_cli


@pytest.mark.parametrize("heading", ["Quarter", "Qtr", "Reporting period", "Period ending"])
def test_a_period_column_headed_quarter_is_read(
    database: Database, tmp_path: Path, heading: str
) -> None:
    path = tmp_path / "health.csv"
    path.write_text(
        f"KPI,{heading},Actual,Target,Lead\n"
        "Initial health assessments,Q1 2026/27,61%,90%,Ann Testsmith\n"
        "Initial health assessments,Q2 2026/27,66%,90%,Ann Testsmith\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 new" in done.stdout, done.stdout
    card = run_cli(database.url, tmp_path, "say", "/kpi initial-health-assessments").stdout
    assert "Latest: 66% for Q2 2026/27" in card, card


def test_a_header_without_a_period_column_is_refused_naming_it(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "health.csv"
    path.write_text("KPI,When,Actual,Target\nInitial health assessments,Q1 2026/27,61%,90%\n")
    done = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert (
        "row 1 has indicator and value columns but not a period column (Period, Month, "
        "Quarter, Year)"
    ) in said, said
    assert "Nothing was imported." in said, said
