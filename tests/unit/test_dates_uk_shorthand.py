"""Dates UK officers type and US-locale files hold: month-first long dates, DD/MM without a
year, end of month/year, this/next week (their Friday), w/c, and hints for what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import due_hint, due_notes, parse_day, parse_due

TODAY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Month first with a four-digit year: the day wins, never January 2015.
        ("January 15, 2027", date(2027, 1, 15)),
        ("Jan 15 2027", date(2027, 1, 15)),
        ("Jan. 15th, 2027", date(2027, 1, 15)),
        ("15 January 2027", date(2027, 1, 15)),
        ("Interim January 15, 2027; final March 2027", date(2027, 3, 31)),
        # A month and a two-digit year, as plan timescales write them, stays a month.
        ("Jan 15", date(2015, 1, 31)),
        ("Mar-26", date(2026, 3, 31)),
        # Day first without a year: the next such day on or after today.
        ("31/12", date(2026, 12, 31)),
        ("5/1", date(2027, 1, 5)),
        ("by 5/1", date(2027, 1, 5)),
        ("5/12", date(2026, 12, 5)),
        ("29/02", date(2028, 2, 29)),
        ("end of month", date(2026, 12, 31)),
        ("end of the month", date(2026, 12, 31)),
        ("EOM", date(2026, 12, 31)),
        ("by end of month", date(2026, 12, 31)),
        ("end of year", date(2026, 12, 31)),
        ("by end of year", date(2026, 12, 31)),
        ("w/c 11 Jan", date(2027, 1, 15)),
        ("week commencing 11 Jan", date(2027, 1, 15)),
        ("w/c 11/01/2027", date(2027, 1, 15)),
        ("w/c 11 Jan 2027", date(2027, 1, 15)),
        # Weeks run Monday to Sunday; on a Saturday this week's working days are over.
        ("this week", date(2026, 12, 11)),
        ("end of week", date(2026, 12, 11)),
        ("next week", date(2026, 12, 11)),
        ("in 2 weeks", date(2026, 12, 19)),
    ],
)
def test_shorthand_and_month_first_dates(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "this_week", "next_week"),
    [
        (date(2026, 12, 7), date(2026, 12, 11), date(2026, 12, 18)),  # Monday
        (date(2026, 12, 11), date(2026, 12, 11), date(2026, 12, 18)),  # Friday
        (date(2026, 12, 6), date(2026, 12, 11), date(2026, 12, 11)),  # Sunday
    ],
)
def test_this_and_next_week_are_fridays(today: date, this_week: date, next_week: date) -> None:
    assert parse_due("this week", today) == this_week
    assert parse_due("next week", today) == next_week


@pytest.mark.parametrize("text", ["12/31", "31/13", "0/5"])
def test_month_first_or_impossible_short_dates_are_no_date(text: str) -> None:
    assert parse_due(text, TODAY) is None


def test_hints_say_dates_are_day_first_and_jan_15_is_a_month() -> None:
    assert "did you mean 31/12?" in due_hint("12/31")
    assert "did you mean 31/12/2026?" in due_hint("12/31/2026")
    assert "January 2015" in due_hint("Jan 15") and "`15 Jan`" in due_hint("Jan 15")
    assert due_hint("31/12") == ""


def test_notes_name_weekends_bank_holidays_and_the_week_commencing() -> None:
    assert due_notes("in 2 weeks", date(2026, 12, 19)) == ["a Saturday"]
    assert due_notes("28/12", date(2026, 12, 28)) == ["a bank holiday"]
    assert due_notes("w/c 11 Jan", date(2027, 1, 15)) == [
        "the Friday of the week commencing Mon 11 Jan"
    ]
    assert due_notes("31/12", date(2026, 12, 31)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 19, 2027", date(2027, 1, 19)),
        ("12-Jan-27", date(2027, 1, 12)),
        ("30/03/2027", date(2027, 3, 30)),
        ("Tue 26th Jan 2027", date(2027, 1, 26)),
        ("Mar-27", None),
        ("March 2027", None),
        ("Q3 2026/27", None),
        ("2027-13-01", None),
    ],
)
def test_parse_day_names_a_single_day(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # A quarter alone is the financial one (Q1 April-June ... Q4 January-March) still to end.
        ("Q4", TODAY, date(2027, 3, 31)),
        ("end of Q4", TODAY, date(2027, 3, 31)),
        ("by the end of q3", TODAY, date(2026, 12, 31)),
        ("Q1", TODAY, date(2027, 6, 30)),
        ("Q2.", TODAY, date(2027, 9, 30)),
        ("Q4", date(2027, 3, 31), date(2027, 3, 31)),
        ("Q4", date(2027, 4, 1), date(2028, 3, 31)),
        ("Q3", date(2027, 1, 1), date(2027, 12, 31)),
        ("end of the financial year", TODAY, date(2027, 3, 31)),
        ("financial year end", date(2027, 4, 1), date(2028, 3, 31)),
        ("FYE", TODAY, date(2027, 3, 31)),
        ("end of next month", TODAY, date(2027, 1, 31)),
        ("end of next month", date(2026, 1, 31), date(2026, 2, 28)),
    ],
)
def test_quarters_financial_year_and_next_month(text: str, today: date, expected: date) -> None:
    assert parse_due(text, today) == expected


def test_a_quarter_alone_says_which_months_it_read() -> None:
    assert due_notes("Q4", date(2027, 3, 31)) == [
        "the end of financial Q4 2026/27 (January to March 2027)"
    ]
