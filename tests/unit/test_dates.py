"""Due dates with UK rules: DMY, a month or season means its last day, TBC means no date."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import parse_due

TODAY = date(2015, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aug 2010", date(2010, 8, 31)),
        ("February 2010", date(2010, 2, 28)),
        ("February 2016", date(2016, 2, 29)),
        ("Summer 2010", date(2010, 8, 31)),
        ("Winter 2015", date(2016, 2, 29)),
        ("Commence implementation early 2010", date(2010, 4, 30)),
        ("Jan 2010 – Interim Summer 2010 - Permanent", date(2010, 8, 31)),
        ("04/05/2016", date(2016, 5, 4)),  # day before month
        ("31/03/2008", date(2008, 3, 31)),
        ("5 Jan 2016", date(2016, 1, 5)),
        ("17th December", date(2015, 12, 17)),
        ("2014/15", date(2015, 3, 31)),
        ("Q3 2016", date(2016, 12, 31)),  # the financial Q3 falling in 2016 (Oct-Dec)
        ("end of March", date(2016, 3, 31)),
        ("March", date(2016, 3, 31)),
        ("next Friday", date(2015, 12, 4)),
        ("tomorrow", date(2015, 12, 3)),
        ("2016", date(2016, 12, 31)),
        # "within" a span, as plans write it: a span of months ends with its last month.
        ("within 3 months", date(2016, 3, 31)),
        ("within the next 3 months", date(2016, 3, 31)),
        ("Within 6 weeks", date(2016, 1, 13)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        *("TBC", "On going", "Ongoing", "n/a", "", "blah blah", "-", "x" * 600),
        *("=TODAY()", "=NOW()+7", "within budget", "within existing resources"),
        # A plan's own years: when year 1 starts is not said.
        *("Year 1", "Year 2", "Yr 1", "Y1", "Years 1-3", "Year One", "years 1 to 2"),
    ],
)
def test_no_date(text: str) -> None:
    assert parse_due(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # A season alone is the one still to end: this year's, or next year's once over.
        ("summer", date(2026, 12, 6), date(2027, 8, 31)),
        ("Summer", date(2026, 6, 1), date(2026, 8, 31)),
        ("by the end of autumn", date(2026, 12, 6), date(2027, 11, 30)),
        ("winter", date(2026, 12, 6), date(2027, 2, 28)),  # the winter under way
        ("winter", date(2027, 1, 10), date(2027, 2, 28)),
    ],
)
def test_a_season_alone(text: str, today: date, expected: date) -> None:
    assert parse_due(text, today) == expected
