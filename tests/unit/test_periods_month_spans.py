"""A quarter or year written as its months, as scorecards head their columns ("Apr-Jun 2026",
"Q2 2026/27 (Jul-Sep)"), reads as that quarter or year; any other span is refused, saying why."""

from __future__ import annotations

import pytest

from commands.periods import PeriodError, parse_period, try_parse_period


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Apr-Jun 2026", "2026/27-Q1"),
        ("Jul-Sep 26", "2026/27-Q2"),
        ("Jul - Sep 2026", "2026/27-Q2"),
        ("Oct–Dec 2026", "2026/27-Q3"),
        ("Jan to Mar 2027", "2026/27-Q4"),
        ("Jul-26 to Sep-26", "2026/27-Q2"),
        ("Jan 2026 - Mar 2026", "2025/26-Q4"),
        ("Apr 2025 - Mar 2026", "2025/26"),
        ("Jan-Dec 2025", "2025"),
        ("Q2 2026/27 (Jul-Sep)", "2026/27-Q2"),
        ("Q2 (Jul–Sep) 2026/27", "2026/27-Q2"),
        # The card's own way of naming a quarter reads back.
        ("Q2 2026/27 (Jul–Sep 2026)", "2026/27-Q2"),
        ("2026/27 (Apr-Mar)", "2026/27"),
    ],
)
def test_a_quarter_or_year_written_as_its_months(text: str, key: str) -> None:
    assert parse_period(text).key == key


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("May-Jul 2026", "runs from May 2026 to Jul 2026, which is not a quarter"),
        ("Nov 2026 - Jan 2027", "runs from Nov 2026 to Jan 2027, which is not a quarter"),
        ("Q2 2026/27 (Apr-Jun)", "Q2 2026/27 is Jul 2026–Sep 2026, not “Apr-Jun”"),
        ("Q2 2026/27 (Jul–Sep 2025)", "Q2 2026/27 is Jul 2026–Sep 2026, not “Jul-Sep 2025”"),
    ],
)
def test_a_span_that_is_no_quarter_or_year_is_refused_saying_why(text: str, said: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert said in err.value.message


def test_words_that_are_not_months_stay_unread() -> None:
    assert try_parse_period("Target to Mar 2027") is None
    assert try_parse_period("Sep 2026 (provisional)") is None
    assert parse_period("Sep-26").key == "2026-09"
