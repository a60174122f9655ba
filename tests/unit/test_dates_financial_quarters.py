"""Quarters in due dates are financial everywhere (April-March years): "Q3" alone, "Q3 2026/27"
and "Q3 2026" (the financial Q3 falling in 2026) all end on 31 December 2026."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import due_notes, parse_due
from commands.periods import PeriodError, parse_period

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q3", date(2026, 12, 31)),
        ("Q3 2026/27", date(2026, 12, 31)),
        ("Q3 2026-27", date(2026, 12, 31)),
        ("Q3 26/27", date(2026, 12, 31)),
        ("Q3 FY26/27", date(2026, 12, 31)),
        ("FY26/27 Q3", date(2026, 12, 31)),
        ("Qtr 3 2026/27", date(2026, 12, 31)),
        ("Quarter 3 2026", date(2026, 12, 31)),
        ("Q3 2026", date(2026, 12, 31)),
        ("2026 Q3", date(2026, 12, 31)),
        ("by Q3 2026", date(2026, 12, 31)),
        ("Q1 2027", date(2027, 6, 30)),
        ("Q4 2026", date(2026, 3, 31)),  # January-March 2026: Q4 of 2025/26
        ("Q4 2026/27", date(2027, 3, 31)),
    ],
)
def test_every_quarter_is_financial(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The forms the seed papers' timescale columns write read as they always have.
        ("Q3 2024/25", date(2024, 12, 31)),
        ("by end of Q2", date(2026, 9, 30)),
        ("March 2025", date(2025, 3, 31)),
        ("April 2010", date(2010, 4, 30)),
        ("Aug 2010", date(2010, 8, 31)),
        ("Jan 2010 – Interim Summer 2010 - Permanent", date(2010, 8, 31)),
        ("Commence implementation early 2010", date(2010, 4, 30)),
        ("Ongoing", None),
        ("On-going", None),
        ("TBC", None),
    ],
)
def test_the_seed_papers_timescales_read_as_before(text: str, expected: date | None) -> None:
    assert parse_due(text, TODAY) == expected


def test_the_quarter_read_is_named_back() -> None:
    assert due_notes("Q3 2026", date(2026, 12, 31))[0] == (
        "the end of financial Q3 2026/27 (October to December 2026)"
    )
    assert due_notes("Q4 2026", date(2026, 3, 31))[0] == (
        "the end of financial Q4 2025/26 (January to March 2026)"
    )


def test_a_kpi_period_reads_a_quarter_as_a_due_date_does() -> None:
    for text in ("Q3 2026", "2026 Q3", "Q4 2026", "Q1 2027", "Q3 2026/27"):
        due = parse_due(text, TODAY)
        assert due is not None and parse_period(text).end == due


def test_a_quarter_without_a_year_is_asked_for_as_the_financial_years() -> None:
    with pytest.raises(PeriodError) as err:
        parse_period("Q2")
    assert "quarters are financial" in err.value.message
    assert "with the calendar year, is the same quarter" in err.value.message
