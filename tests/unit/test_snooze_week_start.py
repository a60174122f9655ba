"""A snooze ends at the start of the week it names: "until next week" is next Monday (the
due-date parser's "next week" is that week's Friday, a deadline)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from commands.dates import parse_due, parse_start
from commands.handlers.reminders import snooze_until

LONDON = ZoneInfo("Europe/London")
SAT = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (SAT, date(2026, 12, 7)),
        (date(2026, 12, 6), date(2026, 12, 7)),  # Sunday: the coming Monday
        (date(2026, 12, 7), date(2026, 12, 14)),
        (date(2026, 12, 10), date(2026, 12, 14)),
    ],
)
def test_next_week_starts_on_its_monday(today: date, monday: date) -> None:
    assert parse_start("next week", today) == monday
    assert parse_due("next week", today) == date.fromordinal(monday.toordinal() + 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w/c 11 Jan", date(2027, 1, 11)),
        ("week commencing 13 Jan 2027", date(2027, 1, 11)),
        ("w/c 10 Jan 2027", date(2027, 1, 11)),  # a Sunday: the week after, as parse_due
        ("end of next week", date(2026, 12, 11)),  # says "end": still the Friday
        ("this week", date(2026, 12, 11)),
        ("5 Jan", date(2027, 1, 5)),
        ("31/12", date(2026, 12, 31)),
    ],
)
def test_other_words_read_as_due_dates_or_week_starts(text: str, expected: date) -> None:
    assert parse_start(text, SAT) == expected


@pytest.mark.parametrize(
    ("typed", "resumes"),
    [
        ("until next week", datetime(2026, 12, 7, tzinfo=LONDON)),
        ("next week", datetime(2026, 12, 7, tzinfo=LONDON)),
        ("till next week", datetime(2026, 12, 7, tzinfo=LONDON)),
        ("until w/c 11 Jan", datetime(2027, 1, 11, tzinfo=LONDON)),
        ("until 5 Jan", datetime(2027, 1, 5, tzinfo=LONDON)),
    ],
)
def test_snooze_resumes_at_the_start_of_the_day_named(typed: str, resumes: datetime) -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert snooze_until(typed, now, "Europe/London") == resumes


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (SAT, "next month", date(2027, 1, 1)),
        (SAT, "start of next month", date(2027, 1, 1)),
        (date(2026, 11, 30), "next month", date(2026, 12, 1)),
        (date(2027, 1, 31), "next month", date(2027, 2, 1)),
        (SAT, "next year", date(2027, 1, 1)),
    ],
)
def test_next_month_and_year_start_on_their_first_day(
    today: date, text: str, expected: date
) -> None:
    assert parse_start(text, today) == expected


def test_snooze_until_next_month_resumes_on_its_first() -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert snooze_until("until next month", now, "Europe/London") == datetime(
        2027, 1, 1, tzinfo=LONDON
    )
    # "a month" is a span, as "2 weeks" is: 30 days from now.
    assert snooze_until("a month", now, "Europe/London") == datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
