"""Periods typed relative to today in chat: ``last month``, ``this quarter``, ``last year``.

Only what a user types is read so (``/kpi pep set 70 for last month``); a file's period
headings never are, since a file means the same period whenever it is imported. Quarters are
financial quarters, as a bare ``Q3`` is read (commands.periods); which year ``last year`` is
depends on the indicator's own kind of year (financial, academic or calendar), so it is read
only when that is known.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from commands.periods import (
    Period,
    PeriodError,
    PeriodKind,
    academic_year,
    ay_start,
    calendar_year,
    financial_year,
    fy_start,
    month,
    parse_period,
    quarter_holding,
    shift_period,
)

YEAR_KINDS: tuple[PeriodKind, ...] = ("financial_year", "academic_year", "year")
_RELATIVE = re.compile(
    r"^(?:the\s+)?(?P<when>last|previous|this|current)\s+"
    r"(?P<what>month|quarter|(?:(?P<year_kind>financial|academic|school|calendar)\s+)?year)$",
    re.I,
)
_YEAR_WORDS: dict[str, PeriodKind] = {
    "financial": "financial_year",
    "academic": "academic_year",
    "school": "academic_year",
    "calendar": "year",
}


def parse_typed_period(text: str, today: date, year_kind: PeriodKind | None = None) -> Period:
    """The period a user typed: a relative one (``last month``, ``this quarter``, ``last
    year`` when ``year_kind`` says which kind of year the indicator reports by), counted from
    ``today``, or any period :func:`commands.periods.parse_period` reads. PeriodError when
    it names none."""
    m = _RELATIVE.match(" ".join(text.split()).strip(" .,"))
    if m is None:
        return parse_period(text)
    last = m["when"].lower() in ("last", "previous")
    current = _current(m, today, year_kind, last)
    if not last:
        return current
    step = -1 if current.kind == "month" else -3 if current.kind == "quarter" else -12
    return shift_period(current, step)


def year_kind_of(kinds: Sequence[str]) -> PeriodKind | None:
    """The kind of year an indicator reports by: the commonest among the kinds of period of
    its values (newest first) that are years; None when it has no yearly values, or as many
    of two kinds."""
    counts = Counter(k for k in kinds if k in YEAR_KINDS).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return next(k for k in YEAR_KINDS if k == counts[0][0])


def _current(m: re.Match[str], today: date, year_kind: PeriodKind | None, last: bool) -> Period:
    """The month, financial quarter or year that holds ``today``."""
    what, named = m["what"].lower(), m["year_kind"]
    if what == "month":
        return month(today.year, today.month)
    if what == "quarter":
        return quarter_holding(today)
    kind = _YEAR_WORDS[named.lower()] if named else year_kind
    if kind == "financial_year":
        return financial_year(fy_start(today))
    if kind == "academic_year":
        return academic_year(ay_start(today))
    if kind == "year":
        return calendar_year(today.year)
    raise PeriodError(_which_year(m[0], today, last), hinted=False)


def _which_year(typed: str, today: date, last: bool) -> str:
    """The refusal of a year that could be any of three (the indicator reports no yearly
    figures to tell by), naming each as it would be typed."""
    fy, ay = fy_start(today), ay_start(today)
    fy, ay, year = (fy - 1, ay - 1, today.year - 1) if last else (fy, ay, today.year)
    return (
        f"Which year is “{typed}”? This indicator has no yearly figures to "
        f"tell by: type the financial year ({financial_year(fy).label}), the academic year "
        f"({academic_year(ay).label}) or the calendar year ({year})."
    )
