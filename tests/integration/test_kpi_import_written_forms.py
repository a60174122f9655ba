"""KPI figures, comparators and periods as councils' spreadsheets write them: a typeset minus
sign (−5.2), a comparator's average headed with a short word (SN Avg, England ave.) and a
calendar year named as such (CY 2025). Through the CLI, on both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
    # An en dash before a figure, as a word processor turns a typed minus into.
    dashed = _cli(database, tmp_path, "say", "/kpi attainment-8-gap set \u20134.5 for Sep 2026")
    assert "Recorded -4.5 for attainment-8-gap, Sep 2026" in dashed.stdout, dashed.stdout


def test_an_en_dash_before_a_figure_and_a_fullwidth_percent_are_read(
    database: Database, tmp_path: Path
) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\n"
        "Attainment 8 gap,Oct 2026,\u20135.2,score\n"
        "Up-to-date PEPs,Oct 2026,62\uff05,%\n",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Latest: -5.2 for Oct 2026"
        in _cli(database, tmp_path, "say", "/kpi attainment-8-gap").stdout
    )
    assert (
        "Latest: 62% for Oct 2026" in _cli(database, tmp_path, "say", "/kpi up-to-date-peps").stdout
    )


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


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("North West avg", "Region 70%"),
        ("London average", "Region 70%"),
        ("Nat. avg", "England 70%"),
        ("SN Avg 2025", "Statistical neighbours 70%"),
        ("SN Avg (2025)", "Statistical neighbours 70%"),
        ("England avg 2024/25", "England 70%"),
        ("England 2025/26", "England 70%"),
    ],
)
def test_comparators_headed_with_their_year_or_as_a_region_s_average(
    database: Database, tmp_path: Path, header: str, shown: str
) -> None:
    done = _import(
        database,
        tmp_path,
        f"Indicator,Period,Value,Unit,{header}\nUp-to-date PEPs,Oct 2026,62%,%,70%\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Columns not imported" not in done.stdout, done.stdout
    card = _cli(database, tmp_path, "say", "/kpi up-to-date-peps").stdout
    assert f"Comparators: {shown}" in card, card


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
    assert "names a calendar year by two years" in refused.stderr, refused.stderr
    assert "Nothing was imported" in refused.stderr
    short = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\n"
        "Adoptions,CY23,28,count\n"
        "Adoptions,2022 calendar year,27,count\n",
    )
    assert short.returncode == 0, short.stderr
    history = _cli(database, tmp_path, "say", "/kpi adoptions history").stdout
    assert "2022" in history and "2023" in history, history


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


def test_a_second_column_of_a_comparator_is_named_as_such(
    database: Database, tmp_path: Path
) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit,England,National average,Foo\n"
        "Up-to-date PEPs,Oct 2026,62%,%,70%,71%,x\n",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Columns not imported (neither a known column nor a period I can read): “Foo”."
    ) in done.stdout, done.stdout
    assert (
        "Columns not imported, as an earlier one gives the same: “National average” (England: "
        "“England” is read)."
    ) in done.stdout, done.stdout


def test_a_span_from_september_to_august_is_the_school_year(
    database: Database, tmp_path: Path
) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\nKS2 attainment,Sep 2024 - Aug 2025,48,score\n",
    )
    assert done.returncode == 0, done.stderr
    history = _cli(database, tmp_path, "say", "/kpi ks2-attainment history").stdout
    assert "AY 2024/25" in history, history


def test_a_unit_written_as_an_average_of_it(database: Database, tmp_path: Path) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\n"
        "Days to adoption,Oct 2026,410,Average days\n"
        "Care proceedings,Oct 2026,31,Mean number of weeks\n"
        "Social worker caseload,Oct 2026,19.5,Average number\n",
    )
    assert done.returncode == 0, done.stderr
    caseload = _cli(database, tmp_path, "say", "/kpi social-worker-caseload").stdout
    assert "Latest: 19.5 for Oct 2026" in caseload, caseload
    assert "410 days" in _cli(database, tmp_path, "say", "/kpi days-to-adoption").stdout
    assert "31 weeks" in _cli(database, tmp_path, "say", "/kpi care-proceedings").stdout


def test_a_year_column_and_a_year_end_target(database: Database, tmp_path: Path) -> None:
    """DfE's tables head the period `Year`; dashboards head the target `Year end target`."""
    long = _import(
        database, tmp_path, "Indicator,Year,Value,Unit\nReferrals to CSC,2024-25,5200,count\n"
    )
    assert long.returncode == 0, long.stderr
    assert "5,200 for 2024/25" in _cli(database, tmp_path, "say", "/kpi referrals-to-csc").stdout
    wide = _import(
        database,
        tmp_path,
        "Measure,Unit,Q1 2026/27,Q2 2026/27,Year end target\nCLA stability,%,70%,71%,75%\n",
    )
    assert wide.returncode == 0, wide.stderr
    assert "Columns not imported" not in wide.stdout, wide.stdout
    assert "Target: 75%" in _cli(database, tmp_path, "say", "/kpi cla-stability").stdout


def test_each_stored_figure_a_file_revises_is_named(database: Database, tmp_path: Path) -> None:
    """An older file imported again by mistake puts back an earlier figure: said, not silent."""
    first = "Indicator,Period,Value,Unit\nReferrals,Nov 2026,470,count\n"
    assert _import(database, tmp_path, first).returncode == 0
    newer = _import(
        database,
        tmp_path,
        "Indicator,Period,Value,Unit\nReferrals,Nov 2026,475,count\nReferrals,Oct 2026,430,count\n",
    )
    assert "Revised 1 figure: referrals Nov 2026 470 → 475." in newer.stdout, newer.stdout
    older = _import(database, tmp_path, first)
    assert "Revised 1 figure: referrals Nov 2026 475 → 470." in older.stdout, older.stdout
    assert "Revised" not in _import(database, tmp_path, first).stdout


def test_a_wide_file_s_commentary_is_named_as_not_read_in_that_layout(
    database: Database, tmp_path: Path
) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Unit,Oct 2026,Nov 2026,RAG,Commentary\nCLA stability,%,70%,71%,G,Improving\n",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Columns not imported (neither a known column nor a period I can read): “RAG”."
    ) in done.stdout, done.stdout
    assert (
        "Columns not imported: “Commentary” (note: read only from a file of one row per period)."
    ) in done.stdout, done.stdout


def test_a_year_s_target_headed_with_two_short_years(database: Database, tmp_path: Path) -> None:
    done = _import(
        database,
        tmp_path,
        "Indicator,Unit,Oct 2026,Nov 2026,Target 26/27\nCLA stability,%,70%,71%,75%\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Columns not imported" not in done.stdout, done.stdout
    assert "Target: 75%" in _cli(database, tmp_path, "say", "/kpi cla-stability").stdout
