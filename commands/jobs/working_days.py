"""Working days and sending hours: England and Wales bank holidays, weekends, quiet hours.

Bank holidays come from the ``holidays`` package (``GB``, subdivision ``ENG``; Wales has the
same bank holidays as England). Nothing is sent at night or at weekends in the workspace's
time zone: posts wait for the next sending window.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SEND_FROM = time(8, 0)
SEND_UNTIL = time(18, 0)
POST_AT = time(9, 0)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    """True on an England and Wales bank holiday (including substitute days)."""
    return day in _bank_holidays(day.year)


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year``: two days after Good Friday, a bank holiday the ``holidays``
    package knows (rather than computing Easter here)."""
    good_friday = holidays.country_holidays("GB", subdiv="ENG", years=year).get_named("Good Friday")
    return good_friday[0] + timedelta(days=2)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """The last working day before ``day``."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def day_words(day: date, *, year: bool = False) -> str:
    """``Fri 25 Dec`` (``Fri 25 Dec 2015`` with ``year``)."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def not_working_words(day: date) -> str | None:
    """Why ``day`` is not a working day (``a bank holiday``, ``a Saturday``); None when it is.
    A weekend day is named as such even on a holiday's date: the bank holiday is then the
    substitute Monday (New Year's Day on a Sunday)."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    if is_bank_holiday(day):
        return "a bank holiday"
    return None


def on_or_before_working_day(day: date) -> date:
    """``day`` when it is a working day, else the working day before it."""
    return day if is_working_day(day) else previous_working_day(day)


def on_or_after_working_day(day: date) -> date:
    """``day`` when it is a working day, else the working day after it."""
    return day if is_working_day(day) else next_working_day(day)


def add_working_days(day: date, n: int) -> date:
    """The working day ``n`` working days after ``day`` (before it when ``n`` is negative).

    ``add_working_days(d, 0)`` is ``d`` itself when it is a working day, else the one before.
    """
    if n == 0:
        return on_or_before_working_day(day)
    step = next_working_day if n > 0 else previous_working_day
    for _ in range(abs(n)):
        day = step(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_moment(day: date, at: time, tz: str) -> datetime:
    """``day`` at the wall-clock time ``at`` in ``tz``, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz))


def is_send_time(now: datetime, tz: str) -> bool:
    """True during working hours of a working day in the workspace's time zone."""
    local = now.astimezone(ZoneInfo(tz))
    return is_working_day(local.date()) and SEND_FROM <= local.time() < SEND_UNTIL


def next_send_time(now: datetime, tz: str) -> datetime:
    """``now`` when it is sending time, else when the next sending window opens."""
    if is_send_time(now, tz):
        return now
    local = now.astimezone(ZoneInfo(tz))
    day = local.date()
    if is_working_day(day) and local.time() < SEND_FROM:
        return local_moment(day, SEND_FROM, tz)
    return local_moment(next_working_day(day), SEND_FROM, tz)


def _moment_words(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


def why_waiting(now: datetime, tz: str) -> str:
    """Why nothing is sent at ``now`` (outside sending time) and until when posts wait:
    ``Sat 26 Mar 2016 is not a working day: nothing is sent until Tue 29 Mar 2016, 08:00.``"""
    local = now.astimezone(ZoneInfo(tz))
    day = local.date()
    until = _moment_words(next_send_time(now, tz).astimezone(ZoneInfo(tz)))
    if not is_working_day(day):
        holiday = " (bank holiday)" if day.weekday() < 5 else ""
        reason = f"{day:%a} {day.day} {day:%b %Y} is not a working day{holiday}"
    else:
        reason = f"{local:%H:%M} is outside sending hours ({SEND_FROM:%H:%M}–{SEND_UNTIL:%H:%M})"
    return f"{reason}: nothing is sent until {until}."
