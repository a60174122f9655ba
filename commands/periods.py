"""Reporting periods of KPI values: months, quarters, financial years and calendar years.

What councils write, and what it means here:

- a month: ``Nov 2015``, ``November 2015``, ``2015-11``, ``11/2015``, ``Nov-15``,
  ``30 November 2015``, ``30/11/2015``, ``30/11/15``, ``30-Nov-15``, ``mid-December 2015``,
  ``end of Nov 2015`` (a day inside a month means the month: KPI values are reported per month;
  days are day first, and a two-digit year is 20yy, as in commands.dates);
- a financial quarter: ``Q2 2015/16``, ``2015/16 Q2`` (financial years run April to March, so
  Q1 is April-June and Q2 2015/16 is July-September 2015);
- a quarter with a calendar year: ``2015 Q3``, ``Q3 2015``: quarters are financial everywhere,
  so this is the financial Q3 whose months fall in 2015 (October-December 2015, as
  commands.dates reads it), stored as Q3 2015/16; ``Q4 2016`` is January-March 2016 (Q4
  2015/16);
- a financial quarter as UK finance teams also head it: ``Q1 25/26``, ``Q1 FY25/26``,
  ``Qtr 1 2025/26``, ``Quarter 1 2025-26``; or by its months, ``Apr-Jun 2025``, ``Jul-25 to
  Sep-25``, ``Q2 2025/26 (Jul-Sep)`` (brackets naming other months are refused, as is a span
  of months that is neither a quarter nor a year, ``May-Jul 2025``);
- a financial year: ``2014/15``, ``2014-15``, ``2014/2015``, ``FY 2014/15``, ``FY14/15``,
  ``Apr 2014 - Mar 2015``, ``2014-15 Outturn`` (April 2014 - March 2015; a trailing "outturn",
  "actual" or "final" is the year's figure). ``2011-12`` is read as the financial year, not
  December 2011: councils write years that way far more often than ISO months, and for years
  from 2012 there is no clash. ``FY 2025`` (one year) is refused: it could be 2025/26 or 2024/25;
- an academic (school) year, September to August, named as such: ``AY 2025/26``, ``AY25/26``,
  ``Academic year 2025-26``, ``2025/26 academic year`` (key ``AY2025/26``);
- a calendar year: ``2015``, ``CY 2015``, ``Calendar year 2015``.

Every period has a stable ``key`` (the value of ``IndicatorValue.period_key``): ``2015-11``,
``2015/16-Q2``, ``2014/15`` or ``2015``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from commands.dates import quarter_fy_start
from commands.errors import UserError

PeriodKind = Literal["month", "quarter", "year", "financial_year", "academic_year"]

MIN_YEAR = 1990
MAX_YEAR = 2100

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9


def fy_start(day: date) -> int:
    """The year the financial year holding ``day`` starts in (financial years start in April)."""
    return day.year if day.month >= 4 else day.year - 1


def ay_start(day: date) -> int:
    """The year the academic year holding ``day`` starts in (academic years start in September)."""
    return day.year if day.month >= 9 else day.year - 1


def quarter_holding(day: date) -> Period:
    """The financial quarter that holds ``day``."""
    return financial_quarter(fy_start(day), (day.month - 4) % 12 // 3 + 1)


RELATIVE_WORDS = "`last month`, `this quarter`, `last financial year`"
"""Periods typed relative to today that chat accepts (commands.relative_periods), briefly."""


def hint(today: date | None = None, *, typed: bool = False) -> str:
    """What to type for a period, with examples from today's year (default: in London);
    ``typed``: in chat, where periods relative to today (``last month``) are read too."""
    today = today or _today()
    fy = fy_start(today)
    kinds = (
        f"a month ({calendar.month_abbr[today.month]} {today.year}), a quarter "
        f"(Q1 {fy}/{(fy + 1) % 100:02d}), a financial year ({fy - 1}/{fy % 100:02d})"
    )
    if typed:
        return f"Try {kinds}, a year ({today.year}), or words like {RELATIVE_WORDS}."
    return f"Try {kinds} or a year ({today.year})."


def _years(start: int) -> str:
    """A year spanning two calendar years as councils write it: 2025 -> "2025-26"."""
    return f"{start}-{(start + 1) % 100:02d}"


def examples(today: date) -> str:
    """Each kind of period a KPI file may give, by the latest of its kind ended before
    ``today`` (Dec 2026: "a month (Nov 2026), a quarter (Q2 2026-27), a financial year
    (2025-26), an academic year (AY 2025-26) or a year (2025)")."""
    last_month = today.replace(day=1) - timedelta(days=1)
    ended = shift_period(quarter_holding(today), -3)
    fy = int(ended.key[:4])
    # A financial year ends in March, an academic year in August.
    last_fy, last_ay = fy_start(today) - 1, ay_start(today) - 1
    return (
        f"a month ({calendar.month_abbr[last_month.month]} {last_month.year}), a quarter "
        f"(Q{ended.key[-1]} {_years(fy)}), a financial year ({_years(last_fy)}), an academic "
        f"year (AY {_years(last_ay)}) or a year ({today.year - 1})"
    )


def reason(error: PeriodError) -> str:
    """What ``error`` says is wrong with its text, without the hint of what to type; "" when
    it says only that the text names no period (``I couldn't read “Smarch” as a period``)."""
    return error.reason


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


class PeriodError(UserError):
    """Text that does not name a reporting period. ``text`` says so; the message adds the
    hint of what to type (``hinted``). ``reason`` is what is wrong with the text, "" when
    ``text`` says only that it names no period (``says_why`` False: ``I couldn't read
    “Smarch” as a period``)."""

    def __init__(self, text: str, *, hinted: bool = True, says_why: bool = True) -> None:
        super().__init__(f"{text} {hint()}" if hinted else text)
        self.text = text
        self.hinted = hinted
        self.reason = text if says_why else ""

    def with_hint(self, today: date, *, typed: bool = False) -> str:
        """The message with the hint built from ``today`` (``typed``: for chat, naming the
        periods relative to today too)."""
        return f"{self.text} {hint(today, typed=typed)}" if self.hinted else self.text


@dataclass(frozen=True)
class Period:
    """A reporting period: its key, how it is shown, its kind and its first and last days."""

    key: str
    label: str
    kind: PeriodKind
    start: date
    end: date

    def describe(self) -> str:
        """The label, with the months it covers when the label does not say them."""
        if self.kind == "month" or self.kind == "year":
            return self.label
        first = f"{self.start:%b}" + (f" {self.start.year}" if self.kind != "quarter" else "")
        return f"{self.label} ({first}–{self.end:%b %Y})"


def month(year: int, month_number: int) -> Period:
    """The period of one calendar month."""
    _check_year(year)
    if not 1 <= month_number <= 12:
        raise PeriodError(f"There is no month {month_number}.")
    last = calendar.monthrange(year, month_number)[1]
    return Period(
        key=f"{year:04d}-{month_number:02d}",
        label=f"{calendar.month_abbr[month_number]} {year}",
        kind="month",
        start=date(year, month_number, 1),
        end=date(year, month_number, last),
    )


def financial_year(start_year: int) -> Period:
    """The financial year from April ``start_year`` to March of the next year."""
    _check_year(start_year)
    label = f"{start_year}/{(start_year + 1) % 100:02d}"
    return Period(
        key=label,
        label=label,
        kind="financial_year",
        start=date(start_year, 4, 1),
        end=date(start_year + 1, 3, 31),
    )


def academic_year(start_year: int) -> Period:
    """The school (academic) year from September ``start_year`` to August of the next year,
    as education indicators are reported: ``AY 2025/26``."""
    _check_year(start_year)
    years = f"{start_year}/{(start_year + 1) % 100:02d}"
    return Period(
        key=f"AY{years}",
        label=f"AY {years}",
        kind="academic_year",
        start=date(start_year, 9, 1),
        end=date(start_year + 1, 8, 31),
    )


def financial_quarter(start_year: int, quarter: int) -> Period:
    """Quarter 1-4 of the financial year starting in April ``start_year`` (Q1 = Apr-Jun)."""
    _check_year(start_year)
    if not 1 <= quarter <= 4:
        raise PeriodError(f"There is no quarter {quarter}; quarters are Q1 to Q4.")
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    last_month = first_month + 2
    fy = f"{start_year}/{(start_year + 1) % 100:02d}"
    return Period(
        key=f"{fy}-Q{quarter}",
        label=f"Q{quarter} {fy}",
        kind="quarter",
        start=date(year, first_month, 1),
        end=date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def quarter_in_year(year: int, quarter: int) -> Period:
    """Financial quarter 1-4 whose months fall in calendar ``year`` ("Q3 2026" is October-
    December 2026, Q3 2026/27; "Q4 2026" is January-March 2026, Q4 2025/26)."""
    return financial_quarter(quarter_fy_start(year, quarter), quarter)


def calendar_year(year: int) -> Period:
    """The calendar year January-December."""
    _check_year(year)
    return Period(
        key=f"{year:04d}",
        label=str(year),
        kind="year",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
    )


def period_containing(day: date) -> Period:
    """The month that contains a day."""
    return month(day.year, day.month)


def shift_period(period: Period, months: int) -> Period:
    """The same kind of period moved by ``months`` (quarters and years move by whole
    quarters and whole years: by ``months`` rounded down to a multiple of 3 or 12)."""
    if period.kind == "month":
        index = period.start.year * 12 + period.start.month - 1 + months
        return month(index // 12, index % 12 + 1)
    if period.kind == "quarter":
        q = int(period.key[-1]) - 1 + months // 3
        return financial_quarter(fy_start(period.start) + q // 4, q % 4 + 1)
    if period.kind == "financial_year":
        return financial_year(period.start.year + months // 12)
    if period.kind == "academic_year":
        return academic_year(period.start.year + months // 12)
    return calendar_year(period.start.year + months // 12)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            f"{year} is outside the years csbot records ({MIN_YEAR}-{MAX_YEAR}).", hinted=False
        )


def _month_of_day(year: int, month_number: int, day: int, raw: str) -> Period:
    """The month of a typed day, refusing days that do not exist (``30/02/2026``)."""
    found = month(year, month_number)
    if not 1 <= day <= found.end.day:
        raise PeriodError(
            f"“{raw}” is not a date: {calendar.month_name[month_number]} {year} has no day "
            f"{day} (it has {found.end.day} days)."
        )
    return found


def _full_year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _fy_from(first: str, second: str, raw: str) -> Period:
    """A financial year from its two year parts, which must follow each other."""
    start = int(first)
    if len(second) == 4:
        end = int(second)
    else:
        # "1999/00": the second part is the year after the first, in whatever century.
        end = (start // 100) * 100 + int(second)
        if end < start:
            end += 100
    if end != start + 1:
        raise PeriodError(
            f"“{raw}” is not a financial year: the two years must follow each other, "
            f"as in {start}/{(start + 1) % 100:02d}.",
            hinted=False,
        )
    return financial_year(start)


_Y4 = r"((?:19|20)\d{2})"
_FY = _Y4 + r"\s*[/-]\s*(\d{4}|\d{2})"
_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:financial\s+year|year\s+to|year\s+ending|as\s+at|at|end\s+of|"
    r"start\s+of|beginning\s+of|middle\s+of|mid|early|late|end)\b|fy)\s*-?\s*",
    re.I,
)
_ISO_DATE = re.compile(r"^" + _Y4 + r"-(\d{1,2})-(\d{1,2})(?:[t ].*)?$", re.I)
_FY_QUARTER = re.compile(
    r"^q([1-4])\s*[-,]?\s*(?:fy\s*)?" + _FY + r"$|^" + _FY + r"\s*[-,]?\s*q([1-4])$", re.I
)
_CAL_QUARTER = re.compile(
    r"^q([1-4])\s*[-,]?\s*" + _Y4 + r"$|^" + _Y4 + r"\s*[-,]?\s*q([1-4])$", re.I
)
_YEAR_DASH = re.compile(r"^" + _Y4 + r"\s*([/-])\s*(\d{4}|\d{1,2})$")
_NUMERIC_MONTH = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.]" + _Y4 + r"$")
# A day with a two- or four-digit year, as commands.dates reads it: "01/11/26", "1.11.26",
# "01-11-2026" (one separator throughout). "11/26" (no day) stays unread: it could be anything.
_NUMERIC_DAY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)?\d{2})$")
# A month named in words, maybe after a day: "Nov 2015", "30 November 2015", "Nov-15", and
# Excel's d-mmm-yy "1-Nov-26" (the day 1 November 2026, so the month Nov 2026).
_NAMED_MONTH = re.compile(
    r"^(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-))?([a-z]{3,9})\.?\s*(?:of\s+)?[,'’-]?\s*"
    r"((?:19|20)\d{2}|\d{2})$",
    re.I,
)
_YEAR = re.compile(r"^" + _Y4 + r"$")
# "Qtr 1", "Quarter 1" -> "q1"; a year's "Outturn" (its final figure) names the year.
_QUARTER_WORD = re.compile(r"\b(?:qtr|quarter)\s*([1-4])\b", re.I)
_YEAR_SUFFIX = re.compile(r"\s+(?:outturn|out-turn|actuals?|final)$", re.I)
# Two-digit financial years need a "Q" or "FY" beside them: "25/26" alone could be anything.
_SHORT_FY_QUARTER = re.compile(
    r"^q([1-4])\s*[-,]?\s*(?:fy\s*)?(\d{2})\s*[/-]\s*(\d{2})$"
    r"|^(?:fy\s*)?(\d{2})\s*[/-]\s*(\d{2})\s*[-,]?\s*q([1-4])$",
    re.I,
)
_SHORT_FY = re.compile(r"^fy\s*-?\s*(\d{2})\s*[/-]\s*(\d{2})$", re.I)
# An academic (school) year, named as such: "AY 2025/26", "AY25/26", "Academic year 2025-26",
# "2025/26 academic year", "academic year 2025 to 2026". "2025/26" alone is a financial year.
_ACADEMIC = re.compile(
    r"^(?:ay|academic\s+year|school\s+year)(?![a-z])\s*:?\s*(?P<after>.+)$"
    r"|^(?P<before>.+?)\s*\(?(?<![a-z])(?:ay|academic(?:\s+year)?|school\s+year)\)?$",
    re.I,
)
# A calendar year named as such: "CY 2025", "CY25", "Calendar year 2025", "Calendar 2025",
# "2025 calendar year" (one year only: "CY 2025/26" names no calendar year).
_CALENDAR_YEAR = re.compile(
    r"^(?:cy|calendar(?:\s+year)?)\s*:?\s*-?\s*((?:19|20)?\d{2})$"
    r"|^((?:19|20)\d{2})\s+(?:calendar\s+year|cy)$",
    re.I,
)
_CALENDAR_TWO_YEARS = re.compile(
    r"^(?:cy|calendar(?:\s+year)?)\s*:?\s*-?\s*((?:19|20)?\d{2})\s*[/-]\s*(\d{2,4})$", re.I
)
_TWO_YEARS = re.compile(r"^((?:19|20)?\d{2})\s*(?:/|-|to)\s*((?:19|20)?\d{2})$", re.I)
# A span of months: "Apr-Jun 2026", "Jul - Sep 26", "Jan to Mar 2027" (the year is the last
# month's), "Jul-26 to Sep-26", "Apr 2025 - Mar 2026".
_MONTH_WORD = r"([a-z]{3,9})\.?"
_YEAR_PART = r"((?:19|20)\d{2}|\d{2})"
_SPAN = re.compile(
    rf"^{_MONTH_WORD}\s*(?:-|to)\s*{_MONTH_WORD}(?:\s*[,'’-]?\s*{_YEAR_PART})?$", re.I
)
_SPAN_TWO_YEARS = re.compile(
    rf"^{_MONTH_WORD}\s*[,'’-]?\s*{_YEAR_PART}\s*(?:-|to)\s*{_MONTH_WORD}\s*[,'’-]?\s*{_YEAR_PART}$",
    re.I,
)
# A quarter with its months in brackets, as scorecards head them: "Q2 2026/27 (Jul-Sep)",
# "Q2 (Jul–Sep) 2026/27", and csbot's own "Q2 2026/27 (Jul–Sep 2026)".
_BRACKETED = re.compile(r"^(?P<before>[^()]*?)\s*\((?P<inside>[^()]*)\)\s*(?P<after>[^()]*)$")


def names_calendar_year(text: str) -> bool:
    """Whether ``text`` names a calendar year as such (``CY 2025``, ``Calendar year 2025``),
    not by its number alone."""
    return _CALENDAR_YEAR.match(" ".join(text.split()).strip(" .,")) is not None


def parse_period(text: str) -> Period:
    """The period that ``text`` names; PeriodError (with a hint) when it names none."""
    raw = " ".join(text.split())
    if not raw:
        raise PeriodError("Which period?", says_why=False)
    cleaned = raw.replace("–", "-").replace("—", "-").strip(" .,")
    cleaned = _YEAR_SUFFIX.sub("", _QUARTER_WORD.sub(r"q\1", cleaned))
    if calendar_named := _CALENDAR_YEAR.match(cleaned):
        return calendar_year(_full_year(calendar_named[1] or calendar_named[2]))
    if two := _CALENDAR_TWO_YEARS.match(cleaned):
        raise PeriodError(
            f"“{raw}” names a calendar year by two years: a calendar year is one (CY "
            f"{_full_year(two[1])}), and {two[1]}/{two[2]} alone is a financial year.",
            hinted=False,
        )
    if academic := _academic(cleaned, raw):
        return academic
    if short := _short_financial(cleaned, raw):
        return short
    if bracketed := _bracketed(cleaned, raw):
        return bracketed
    previous = None
    financial = False  # "FY 2025", "Financial year 2025": which financial year is not said
    while previous != cleaned:
        previous = cleaned
        if m := _PREFIX.match(cleaned):
            financial = financial or bool(_FINANCIAL_PREFIX.match(m[0].strip()))
        cleaned = _PREFIX.sub("", cleaned).strip()
    if financial and (m := re.fullmatch(r"((?:19|20)?\d{2})", cleaned)):
        raise PeriodError(_financial_needs_two_years(raw, _full_year(m[1])), hinted=False)
    result = _parse_clean(cleaned.lower(), raw)
    if result is None and re.fullmatch(r"q[1-4]", cleaned, re.I):
        raise PeriodError(_quarter_needs_a_year(raw, cleaned.upper()), hinted=False)
    if result is None and cleaned.lower() in _MONTHS:
        raise PeriodError(f"“{raw}” needs a year, as in “{cleaned} {_today().year}”.")
    if result is None:
        raise PeriodError(f"I couldn't read “{raw}” as a period.", says_why=False)
    return result


# The prefixes of _PREFIX that say "financial year".
_FINANCIAL_PREFIX = re.compile(r"^(?:the\s+)?(?:financial\s+year|fy)\b", re.I)


def _financial_needs_two_years(raw: str, year: int) -> str:
    """Why a financial year written with one year (``FY 2025``, ``Financial year 2025``) is
    refused: read as the calendar year 2025 it would be another period, and councils mean by
    it either the financial year that starts then or the one that ends then."""
    starting, ending = (f"{y}/{(y + 1) % 100:02d}" for y in (year, year - 1))
    return (
        f"“{raw}” names a financial year by one year: it could be {starting} (April {year} to "
        f"March {year + 1}) or {ending} (April {year - 1} to March {year}). Write both years, "
        f"as in “{starting}”."
    )


def _quarter_needs_a_year(raw: str, quarter: str, today: date | None = None) -> str:
    """What to type for a quarter given without a year: the financial year's, as councils
    report them ("Q2 2026/27"), and what a calendar year with it means (quarters are
    financial everywhere)."""
    today = today or _today()
    fy = fy_start(today)
    in_year = fy + 1 if quarter == "Q4" else fy  # the calendar year the quarter falls in
    return (
        f"“{raw}” needs a year: “{quarter} {fy}/{(fy + 1) % 100:02d}” (quarters are financial, "
        f"April to March: “{quarter} {in_year}”, with the calendar year, is the same quarter)."
    )


def _academic(text: str, raw: str) -> Period | None:
    """An academic year named as such (``AY 2025/26``, ``Academic year 2025-26``); None when
    ``text`` does not say "academic" (or AY)."""
    m = _ACADEMIC.match(text)
    years = _TWO_YEARS.match((m["after"] or m["before"]).strip()) if m else None
    if m is None:
        return None
    if years is None:
        raise PeriodError(
            f"“{raw}” names an academic year without the two years it spans: write it as "
            f"“AY 2025/26” (September 2025 to August 2026)."
        )
    first = int(years[1]) if len(years[1]) == 4 else 2000 + int(years[1])
    second = int(years[2]) if len(years[2]) == 4 else (first // 100) * 100 + int(years[2])
    if len(years[2]) == 2 and second < first:  # "1999/00"
        second += 100
    if second != first + 1:
        raise PeriodError(
            f"“{raw}” is not an academic year: the two years must follow each other, as in "
            f"AY {first}/{(first + 1) % 100:02d}.",
            hinted=False,
        )
    return academic_year(first)


def _short_financial(text: str, raw: str) -> Period | None:
    """``Q1 25/26``, ``Q1 FY25/26``, ``25/26 Q1`` and ``FY25/26``: two-digit financial years."""
    if m := _SHORT_FY_QUARTER.match(text):
        fy = _fy_from(str(2000 + int(m[2] or m[4])), m[3] or m[5], raw)
        return financial_quarter(fy.start.year, int(m[1] or m[6]))
    if m := _SHORT_FY.match(text):
        return _fy_from(str(2000 + int(m[1])), m[2], raw)
    return None


def _span_months(text: str) -> tuple[int, int | None, int, int | None] | None:
    """The first and last months of a span of months, each with its year when written
    (``Apr-Jun 2026`` -> (4, 2026, 6, 2026)); None when ``text`` is not one."""
    if m := _SPAN_TWO_YEARS.match(text):
        first, last = _MONTHS.get(m[1].lower()), _MONTHS.get(m[3].lower())
        if first is None or last is None:
            return None
        return first, _full_year(m[2]), last, _full_year(m[4])
    if m := _SPAN.match(text):
        first, last = _MONTHS.get(m[1].lower()), _MONTHS.get(m[2].lower())
        if first is None or last is None:
            return None
        if m[3] is None:
            return first, None, last, None
        end_year = _full_year(m[3])
        return first, end_year if first <= last else end_year - 1, last, end_year
    return None


def _span(text: str, raw: str) -> Period | None:
    """A quarter or a year written as its first and last months (``Apr-Jun 2026`` is Q1
    2026/27, ``Apr 2025 - Mar 2026`` is 2025/26, ``Sep 2025 - Aug 2026`` is AY 2025/26);
    PeriodError for a span that is neither;
    None when ``text`` is no span with a year."""
    found = _span_months(text)
    if found is None:
        return None
    first, start_year, last, end_year = found
    if start_year is None or end_year is None:
        return None
    months = (end_year * 12 + last) - (start_year * 12 + first) + 1
    if months == 3 and first in (1, 4, 7, 10):
        return financial_quarter(
            start_year if first >= 4 else start_year - 1, (first + 8) % 12 // 3 + 1
        )
    if months == 12 and first in (1, 4):
        return financial_year(start_year) if first == 4 else calendar_year(start_year)
    if months == 12 and first == 9:  # "Sep 2025 - Aug 2026": a school year
        return academic_year(start_year)
    raise PeriodError(
        f"“{raw}” runs from {calendar.month_abbr[first]} {start_year} to "
        f"{calendar.month_abbr[last]} {end_year}, which is not a quarter (Apr–Jun, Jul–Sep, "
        f"Oct–Dec, Jan–Mar) or a year (Apr–Mar, Jan–Dec, or Sep–Aug for a school year): "
        "values are recorded per month, quarter or year (a rolling 12 months' figure under "
        "the month it ends with)."
    )


def _bracketed(text: str, raw: str) -> Period | None:
    """A quarter or year followed (or split) by its months in brackets, which must be its
    own (``Q2 2026/27 (Jul-Sep)``); None when ``text`` is not written so."""
    m = _BRACKETED.match(text)
    months = _span_months(m["inside"].strip()) if m else None
    if m is None or months is None:
        return None
    period = try_parse_period(f"{m['before']} {m['after']}")
    if period is None or period.kind == "month":
        return None
    first, start_year, last, end_year = months
    if (first, last) != (period.start.month, period.end.month) or (
        start_year is not None and (start_year, end_year) != (period.start.year, period.end.year)
    ):
        raise PeriodError(
            f"“{raw}”: {period.label} is {period.start:%b %Y}–{period.end:%b %Y}, not "
            f"“{m['inside'].strip()}”. Write the period once."
        )
    return period


def _parse_clean(text: str, raw: str) -> Period | None:
    if m := _ISO_DATE.match(text):
        year, month_number, day = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= month_number <= 12:
            raise PeriodError(f"“{raw}” is not a date.")
        return _month_of_day(year, month_number, day, raw)
    if m := _FY_QUARTER.match(text):
        quarter = int(m[1] or m[6])
        fy = _fy_from(m[2] or m[4], m[3] or m[5], raw)
        return financial_quarter(fy.start.year, quarter)
    if m := _CAL_QUARTER.match(text):
        return quarter_in_year(int(m[2] or m[3]), int(m[1] or m[4]))
    if m := _YEAR_DASH.match(text):
        first, sep, second = m[1], m[2], m[3]
        start = int(first)
        if len(second) == 4:
            return _fy_from(first, second, raw)
        if len(second) == 2 and int(second) == (start + 1) % 100:
            return financial_year(start)
        if sep == "-" and 1 <= int(second) <= 12:
            return month(start, int(second))
        if sep == "/":
            return _fy_from(first, second, raw)
        return None
    if m := _NUMERIC_MONTH.match(text):
        if m[1] is not None:
            return _month_of_day(int(m[3]), int(m[2]), int(m[1]), raw)
        return month(int(m[3]), int(m[2]))
    if m := _NUMERIC_DAY.match(text):
        return _month_of_day(_full_year(m[4]), int(m[3]), int(m[1]), raw)
    if span := _span(text, raw):
        return span
    if m := _NAMED_MONTH.match(text):
        named = _MONTHS.get(m[2].lower())
        if named is None:
            return None
        if m[1] is not None:
            return _month_of_day(_full_year(m[3]), named, int(m[1]), raw)
        return month(_full_year(m[3]), named)
    if m := _YEAR.match(text):
        return calendar_year(int(m[1]))
    return None


# A period with a note after it in brackets: "Sep 2026 (provisional)", "2025/26 [final]".
_NOTED = re.compile(
    r"^(?P<period>.*?[^\s(\[])\s*[(\[](?P<note>[^()\[\]]*[a-z][^()\[\]]*)[)\]]$", re.I
)
# The notes that say how final a figure is, which a period heading a column may carry.
STATUS_NOTES = frozenset(
    {"provisional", "draft", "final", "revised", "estimate", "estimated", "unvalidated"}
    | {"validated", "published", "unpublished", "p", "r", "e"}
)


def period_and_note(text: str) -> tuple[Period, str]:
    """The period ``text`` names and the note written after it in brackets, "" when none:
    "Sep 2026 (provisional)" -> (Sep 2026, "provisional"). PeriodError (as
    :func:`parse_period`'s) when no period can be read; months in brackets are never a note
    ("Q2 2026/27 (Jul-Dec)" is refused as there)."""
    try:
        return parse_period(text), ""
    except PeriodError as error:
        m = _NOTED.match(" ".join(text.split()))
        if m is None or _span_months(m["note"].strip()) is not None:
            raise
        period = try_parse_period(m["period"])
        if period is None:
            raise error from None
        return period, m["note"].strip()


def try_period_and_note(
    text: str, *, notes: frozenset[str] = STATUS_NOTES
) -> tuple[Period, str] | None:
    """:func:`period_and_note`, or None; a note must be one of ``notes`` (any case), so that a
    heading like "2025/26 (target)" is not taken for a column of figures."""
    try:
        period, note = period_and_note(text)
    except PeriodError:
        return None
    return (period, note) if not note or note.lower() in notes else None


def try_parse_period(text: str) -> Period | None:
    """The period ``text`` names, or None (for telling period headers from other columns)."""
    try:
        return parse_period(text)
    except PeriodError:
        return None
