"""Reporting periods: what councils write, read into months, quarters and years."""

from __future__ import annotations

from datetime import date

import pytest

from commands.periods import (
    PeriodError,
    parse_period,
    quarter_in_year,
    shift_period,
    try_parse_period,
)


@pytest.mark.parametrize(
    ("text", "key", "label", "kind", "start", "end"),
    [
        ("Nov 2015", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("November 2015", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("2015-11", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("11/2015", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("Nov-15", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("30 November 2015", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("2015-11-30", "2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30)),
        ("mid-Dec 2015", "2015-12", "Dec 2015", "month", date(2015, 12, 1), date(2015, 12, 31)),
        ("end of Feb 2016", "2016-02", "Feb 2016", "month", date(2016, 2, 1), date(2016, 2, 29)),
        ("Sept 2015", "2015-09", "Sep 2015", "month", date(2015, 9, 1), date(2015, 9, 30)),
        ("Q2 2015/16", "2015/16-Q2", "Q2 2015/16", "quarter", date(2015, 7, 1), date(2015, 9, 30)),
        ("2015/16 Q4", "2015/16-Q4", "Q4 2015/16", "quarter", date(2016, 1, 1), date(2016, 3, 31)),
        ("Q1 2015-16", "2015/16-Q1", "Q1 2015/16", "quarter", date(2015, 4, 1), date(2015, 6, 30)),
        # Quarters are financial everywhere: with a calendar year, the quarter falling in it.
        ("2015 Q3", "2015/16-Q3", "Q3 2015/16", "quarter", date(2015, 10, 1), date(2015, 12, 31)),
        ("Q1 2016", "2016/17-Q1", "Q1 2016/17", "quarter", date(2016, 4, 1), date(2016, 6, 30)),
        ("Q4 2016", "2015/16-Q4", "Q4 2015/16", "quarter", date(2016, 1, 1), date(2016, 3, 31)),
        (
            "2014/15",
            "2014/15",
            "2014/15",
            "financial_year",
            date(2014, 4, 1),
            date(2015, 3, 31),
        ),
        (
            "2014-15",
            "2014/15",
            "2014/15",
            "financial_year",
            date(2014, 4, 1),
            date(2015, 3, 31),
        ),
        (
            "FY 2014/2015",
            "2014/15",
            "2014/15",
            "financial_year",
            date(2014, 4, 1),
            date(2015, 3, 31),
        ),
        (
            "1999/00",
            "1999/00",
            "1999/00",
            "financial_year",
            date(1999, 4, 1),
            date(2000, 3, 31),
        ),
        ("2015", "2015", "2015", "year", date(2015, 1, 1), date(2015, 12, 31)),
    ],
)
def test_parse_period(text: str, key: str, label: str, kind: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.key, period.label, period.kind, period.start, period.end) == (
        key,
        label,
        kind,
        start,
        end,
    )


def test_years_written_like_months_are_financial_years_when_they_follow() -> None:
    assert parse_period("2011-12").kind == "financial_year"
    assert parse_period("2015-12").kind == "month"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Which period?"),
        ("the other day", "couldn't read “the other day” as a period"),
        ("2014/16", "the two years must follow each other"),
        ("Smarch 2015", "couldn't read"),
        ("2015-13", "couldn't read"),
        ("Q5 2015", "couldn't read"),
        ("Nov", "needs a year"),
        ("Q3", "needs a year"),
        ("1850", "couldn't read"),
        ("Nov 1985", "outside the years"),
    ],
)
def test_unreadable_periods_say_why(text: str, expected: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert expected in err.value.message
    assert try_parse_period(text) is None


def test_describe_names_the_months_of_quarters_and_financial_years() -> None:
    assert parse_period("Q2 2015/16").describe() == "Q2 2015/16 (Jul–Sep 2015)"
    assert parse_period("2014/15").describe() == "2014/15 (Apr 2014–Mar 2015)"
    assert parse_period("Nov 2015").describe() == "Nov 2015"


def test_a_quarter_with_a_calendar_year_is_the_financial_quarter_falling_in_it() -> None:
    for year in (2014, 2015):
        for q in (1, 2, 3, 4):
            quarter = quarter_in_year(year, q)
            assert quarter.end.year == year and quarter.key.endswith(f"Q{q}")
            assert quarter.end.month == (3 * q + 3 if q < 4 else 3)


def test_shift_keeps_the_kind_of_period() -> None:
    assert shift_period(parse_period("Nov 2015"), 131).key == "2026-10"
    assert shift_period(parse_period("Dec 2015"), 1).key == "2016-01"
    assert shift_period(parse_period("Jan 2016"), -1).key == "2015-12"
    # Quarters move by whole quarters and years by whole years (rounded down).
    assert shift_period(parse_period("Q1 2015/16"), 131).label == "Q4 2025/26"
    assert shift_period(parse_period("Q4 2015/16"), 3).label == "Q1 2016/17"
    assert shift_period(parse_period("2014/15"), 131).label == "2024/25"
    assert shift_period(parse_period("2015"), 12).label == "2016"


def test_a_day_inside_a_month_means_the_month() -> None:
    assert parse_period("mid-December 2015").key == "2015-12"
    assert parse_period("year to October 2015").key == "2015-10"


@pytest.mark.parametrize(
    ("text", "reason", "hinted"),
    [
        ("Smarch 2026", "", True),  # names no period: nothing more to say
        ("", "", True),
        (
            "May-Jul 2025",
            "“May-Jul 2025” runs from May 2025 to Jul 2025, which is not a quarter (Apr–Jun, "
            "Jul–Sep, Oct–Dec, Jan–Mar) or a year (Apr–Mar, Jan–Dec, or Sep–Aug for a school "
            "year): values are recorded per month, quarter or year (a rolling 12 months' "
            "figure under the month it ends with).",
            True,
        ),
        (
            "2026/28",
            "“2026/28” is not a financial year: the two years must follow each other, as in "
            "2026/27.",
            False,
        ),
    ],
)
def test_a_period_error_carries_its_reason_apart_from_the_hint(
    text: str, reason: str, hinted: bool
) -> None:
    # reason() cut the hint off the message's text, which broke whenever the two differed.
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.reason == reason
    assert caught.value.hinted is hinted
    assert caught.value.with_hint(date(2027, 2, 1)).endswith(
        "or a year (2027)." if hinted else caught.value.text
    )


def test_a_span_from_september_to_august_is_the_school_year() -> None:
    assert parse_period("Sep 2025 - Aug 2026").label == "AY 2025/26"
    assert parse_period("Sep-25 to Aug-26").label == "AY 2025/26"
