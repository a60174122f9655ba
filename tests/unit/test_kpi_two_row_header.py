"""The months and quarters of a scorecard's second header row take the year of the heading
above them (commands.importers.kpi_headers)."""

from __future__ import annotations

import pytest

from commands.importers.kpi_headers import in_year, two_row_header
from commands.importers.table import Row
from commands.periods import parse_period


@pytest.mark.parametrize(
    ("text", "heading", "label"),
    [
        ("Apr", "2026/27", "Apr 2026"),
        ("December", "2026/27", "December 2026"),
        ("Jan", "2026/27", "Jan 2027"),
        ("Mar.", "2026/27", "Mar 2027"),
        ("Sep", "AY 2026/27", "Sep 2026"),
        ("Aug", "AY 2026/27", "Aug 2027"),
        ("Jan", "2026", "Jan 2026"),
        ("Q2", "2026/27", "Q2 2026/27"),
        ("Qtr 4", "2026", "Q4 2026"),
        ("Q1", "AY 2026/27", None),
        ("Target", "2026/27", None),
        ("n/a", "2026/27", None),
    ],
)
def test_a_month_or_quarter_under_a_year(text: str, heading: str, label: str | None) -> None:
    assert in_year(text, parse_period(heading)) == label


def test_two_rows_read_as_one_header() -> None:
    above = Row(1, ("Indicator", "", "2026/27", "", "England"))
    below = Row(2, ("", "Target", "Nov", "Dec", ""))
    joined = two_row_header(above, below)
    assert joined == Row(2, ("Indicator", "Target", "Nov 2026", "Dec 2026", "England"))


def test_a_data_row_or_a_row_with_no_yearless_month_is_no_second_header() -> None:
    above = Row(1, ("Indicator", "Nov 2026", "Dec 2026"))
    assert two_row_header(above, Row(2, ("pep", "62", "Nov"))) is None
    assert two_row_header(Row(1, ("Indicator", "2026/27")), Row(2, ("pep", "Target"))) is None
