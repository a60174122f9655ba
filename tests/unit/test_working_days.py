"""Working days know England and Wales bank holidays; nothing is sent at night or weekends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from commands.jobs.working_days import (
    add_working_days,
    is_bank_holiday,
    is_send_time,
    is_working_day,
    next_send_time,
    next_working_day,
    on_or_before_working_day,
    working_days_between,
)

LONDON = "Europe/London"


@pytest.mark.parametrize(
    "day",
    [
        date(2015, 12, 25),  # Christmas Day (Friday)
        date(2015, 12, 28),  # Boxing Day falls on a Saturday: the Monday is the holiday
        date(2016, 1, 1),
        date(2016, 3, 25),  # Good Friday
        date(2016, 3, 28),  # Easter Monday
        date(2016, 5, 2),  # Early May bank holiday
        date(2016, 8, 29),  # Summer bank holiday (England and Wales, not Scotland)
    ],
)
def test_bank_holidays_of_england_and_wales(day: date) -> None:
    assert is_bank_holiday(day)
    assert not is_working_day(day)


def test_scottish_only_holidays_are_working_days() -> None:
    assert is_working_day(date(2016, 1, 4))  # 2 January substitute is Scotland only
    assert is_working_day(date(2016, 8, 1))  # Scotland's summer holiday


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2015, 12, 5))
    assert not is_working_day(date(2015, 12, 6))
    assert is_working_day(date(2015, 12, 7))


def test_add_working_days_skips_christmas() -> None:
    # Three working days before Monday 4 Jan 2016: 31 Dec, 30 Dec, 29 Dec (1 Jan and 28 Dec
    # are bank holidays).
    assert add_working_days(date(2016, 1, 4), -3) == date(2015, 12, 29)
    assert add_working_days(date(2015, 12, 24), 1) == date(2015, 12, 29)
    assert add_working_days(date(2015, 12, 26), 0) == date(2015, 12, 24)
    assert next_working_day(date(2016, 3, 24)) == date(2016, 3, 29)


def test_on_or_before_working_day_moves_weekends_back() -> None:
    assert on_or_before_working_day(date(2016, 4, 3)) == date(2016, 4, 1)  # Sunday -> Friday
    assert on_or_before_working_day(date(2016, 4, 4)) == date(2016, 4, 4)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(date(2015, 12, 10), date(2015, 12, 17)) == 5
    assert working_days_between(date(2015, 12, 24), date(2016, 1, 4)) == 4
    assert working_days_between(date(2015, 12, 17), date(2015, 12, 17)) == 0


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2015, 12, 2, 10, 0, tzinfo=UTC), True),  # Wednesday morning
        (datetime(2015, 12, 2, 7, 59, tzinfo=UTC), False),  # before 8am
        (datetime(2015, 12, 2, 18, 0, tzinfo=UTC), False),  # evening
        (datetime(2015, 12, 2, 2, 0, tzinfo=UTC), False),  # night
        (datetime(2015, 12, 5, 11, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2015, 12, 25, 11, 0, tzinfo=UTC), False),  # Christmas Day
        # Summer time: 07:30 UTC is 08:30 in London, 17:30 UTC is 18:30.
        (datetime(2016, 6, 1, 7, 30, tzinfo=UTC), True),
        (datetime(2016, 6, 1, 17, 30, tzinfo=UTC), False),
    ],
)
def test_send_time_is_working_hours_in_the_workspace_zone(moment: datetime, expected: bool) -> None:
    assert is_send_time(moment, LONDON) is expected


def test_next_send_time_waits_for_the_next_working_morning() -> None:
    friday_night = datetime(2015, 12, 24, 20, 0, tzinfo=UTC)
    assert next_send_time(friday_night, LONDON) == datetime(2015, 12, 29, 8, 0, tzinfo=UTC)
    early = datetime(2015, 12, 2, 6, 0, tzinfo=UTC)
    assert next_send_time(early, LONDON) == datetime(2015, 12, 2, 8, 0, tzinfo=UTC)
    now = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)
    assert next_send_time(now, LONDON) == now
