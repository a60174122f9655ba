"""KPI figures, comparators and periods as councils' spreadsheets write them: a typeset minus
sign (−5.2), a comparator's average headed with a short word (SN Avg, England ave.) and a
calendar year named as such (CY 2025). Through the CLI, on both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _import(database: Database, tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return _cli(database, tmp_path, "import", "kpis", str(path))


def test_a_typeset_minus_sign_is_a_negative_figure(database: Database, tmp_path: Path) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit,Target\nAttainment 8 gap,Oct 2026,\u22125.2,score,\u22123\n",
    )
    assert done.returncode == 0, done.stderr
    card = _cli(database, tmp_path, "say", "/kpi attainment-8-gap").stdout
    assert "Latest: -5.2 for Oct 2026" in card, card
    assert "Target: -3" in card, card
    chat = _cli(database, tmp_path, "say", "/kpi attainment-8-gap set \u22124.1 for Nov 2026")
    assert "Recorded -4.1 for attainment-8-gap, Nov 2026" in chat.stdout, chat.stdout + chat.stderr


def test_comparator_averages_headed_with_short_words(database: Database, tmp_path: Path) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit,England Avg.,Regional mean,SN Avg\n"
        "Up-to-date PEPs,Oct 2026,62%,%,70%,66%,68%\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Columns not imported" not in done.stdout, done.stdout
    card = _cli(database, tmp_path, "say", "/kpi up-to-date-peps").stdout
    assert "Comparators: England 70%, Region 66%, Statistical neighbours 68%" in card, card


def test_a_calendar_year_named_as_such(database: Database, tmp_path: Path) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\n"
        "Adoptions,CY 2024,30,count\n"
        "Adoptions,Calendar year 2025,34,count\n",
    )
    assert done.returncode == 0, done.stderr
    history = _cli(database, tmp_path, "say", "/kpi adoptions history").stdout
    assert "2024" in history and "2025" in history and "34" in history, history
    refused = _import(
        database, tmp_path, "Indicator,Period,Value,Unit\nAdoptions,CY 2025/26,34,count\n"
    )
    assert refused.returncode == 1
    assert "row 2, column “Period”" in refused.stderr, refused.stderr
    assert "Nothing was imported" in refused.stderr


def test_quarters_under_a_calendar_year_heading_are_calendar_quarters(
    database: Database, tmp_path: Path
) -> None:
    done = _import(
        database,
        tmp_path,
        ",,,,Calendar year 2025,,,\n"
        "Indicator,Slug,Unit,Polarity,Q1,Q2,Q3,Q4\n"
        "Budget score,bscore,count,higher,4,5,6,7\n",
    )
    assert done.returncode == 0, done.stderr
    history = _cli(database, tmp_path, "say", "/kpi bscore history").stdout
    lines = [line.split() for line in history.splitlines()[1:]]
    # Jan-Mar 2025 is the financial year's Q4 2024/25, Oct-Dec its Q3 2025/26.
    assert [(w[1:3], w[-1]) for w in lines] == [
        (["Q4", "2024/25"], "4"),
        (["Q1", "2025/26"], "5"),
        (["Q2", "2025/26"], "6"),
        (["Q3", "2025/26"], "7"),
    ], history
