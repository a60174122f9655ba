"""A meeting's start is stored as its UTC moment; times the clocks skip are refused and
times they pass twice are the first (summer time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from commands.errors import UserError
from commands.importers.meetings import parse_meeting_date
from commands.meeting_store import starts_at

TZ = "Europe/London"


def test_a_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(UserError, match=r"01:30 does not exist on Sun 28 Mar 2027"):
        starts_at(date(2027, 3, 28), time(1, 30), TZ)


def test_a_time_the_clocks_pass_twice_is_the_first() -> None:
    start = starts_at(date(2027, 10, 31), time(1, 30), TZ)
    assert start == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST


def test_the_start_is_the_stored_utc_moment() -> None:
    assert starts_at(date(2027, 7, 1), time(10, 0), TZ) == datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
    assert starts_at(date(2027, 1, 5), None, TZ) == datetime(2027, 1, 5, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 19, 2027", date(2027, 1, 19)),
        ("12-Jan-27", date(2027, 1, 12)),
        ("Mar-27", None),
    ],
)
def test_meeting_dates_month_first_and_excel(text: str, expected: date | None) -> None:
    assert parse_meeting_date(text) == expected
