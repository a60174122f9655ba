"""Due dates from the text councils write: UK day-month order, a month or season means its
last day, "TBC" and "On going" mean no date. The raw text is always kept by callers."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

NO_DATE_WORDS = re.compile(
    r"^\s*(tbc|tba|tbd|n/?a|none|ongoing|on\s*-?\s*going|continuous|continuing|as required|"
    r"as needed|various|-+|–|\?+|to be confirmed|to be agreed)\s*\.?\s*$",
    re.IGNORECASE,
)

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9
# Words around a date that readers telling a timescale from other text share: weekdays,
# seasons, periods, and "by the end of next week" (each reader adds its own).
_TIMESCALE_WORD_TEXT = (
    "a autumn before by early end fall fortnight in late mid middle month months next of "
    "q1 q2 q3 q4 spring summer the this today tomorrow week weeks winter year monday "
    "tuesday wednesday thursday friday saturday sunday"
)
TIMESCALE_WORDS = frozenset(_TIMESCALE_WORD_TEXT.split())

# UK (meteorological) seasons end on these month/day pairs; winter ends in the next year.
SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "fall": (11, 30)}
PART_OF_YEAR_END = {"early": (4, 30), "mid": (8, 31), "middle": (8, 31), "late": (12, 31)}

_YEAR = r"((?:19|20)\d{2})"
_SEASON_RE = re.compile(r"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEAR, re.I)
_PART_RE = re.compile(r"\b(early|mid|middle|late|end of|end)\s*-?\s*" + _YEAR + r"\b", re.I)
# A quarter and a calendar year ("Q3 2026", "2026 Q3"): the financial quarter whose months fall
# in that year (Q3 2026 is October-December 2026), as councils count quarters everywhere.
# Never the first year of a financial year that is not one ("Q3 2026/28", "2025/2028 Q3").
_NOT_A_YEAR_PAIR = r"(?!\s*[/-]\s*(?:\d{2}|\d{4})\b(?![/.-]\d))"
_QUARTER_RE = re.compile(
    r"\bq([1-4])\s*"
    + _YEAR
    + r"\b"
    + _NOT_A_YEAR_PAIR
    + r"|(?<![/-])\b"
    + _YEAR
    + r"\s*q([1-4])\b",
    re.I,
)
# Christmas (25 December) and Easter (Easter Sunday), with a year ("Christmas 2026") or alone.
_HOLIDAY = r"(christmas|xmas|easter)(?:\s+(?:day|sunday))?"
_HOLIDAY_YEAR_RE = re.compile(r"\b" + _HOLIDAY + r"\s+(?:of\s+)?" + _YEAR + r"\b", re.I)
# "Qtr 3", "Quarter 3": read as "Q3".
_QUARTER_WORD_RE = re.compile(r"\b(?:qtr|quarter)\.?\s*([1-4])\b", re.I)
# A quarter named anywhere in a timescale, for saying which quarter a date was read as.
_ANY_QUARTER_RE = re.compile(r"\bq(?:tr|uarter)?\.?\s*[1-4]\b|\bquarter\b|\beoq\b", re.I)
_FY_RE = re.compile(r"\b" + _YEAR + r"\s*[/-]\s*(\d{2}|\d{4})\b")
# A quarter of a financial year (April to March): "Q3 2025/26", "2025/26 Q3", "Q3 25/26",
# "Q3 FY25/26".
_FY_QUARTER_RE = re.compile(
    r"\bq([1-4])\s*(?:of\s+)?(?:fy\s*)?((?:19|20)?\d{2})\s*[/-]\s*(\d{2}|\d{4})\b"
    r"|(?:\bfy\s*|\b)((?:19|20)?\d{2})\s*[/-]\s*(\d{2}|\d{4})\s*[-,]?\s*q([1-4])\b",
    re.I,
)
# "Mar 2026", "March 26", and Excel's mmm-yy ("Mar-26"): the month, not a day.
_MONTH_YEAR_RE = re.compile(
    r"\b([a-z]{3,9})\.?\s*[,-]?\s*'?" + r"((?:19|20)?\d{2})\b(?![/.-]\d)", re.I
)
# Only digits and separators: a numeric date, never to be guessed at when it is not valid.
_NUMBERS_ONLY_RE = re.compile(r"^[\d\s/.\-]+$")
_DAY_MONTH_YEAR_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b", re.I
)
# Month first with a day and a four-digit year: "January 15, 2027", "Jan 15 2027", "Jan. 15th,
# 2027" (US-locale exports). Read before mmm-yy, so "Jan 15" there is never January 2015.
_MONTH_DAY_YEAR_RE = re.compile(
    r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b", re.I
)
# Excel's d-mmm-yy: "5-Jan-16", "05-Jan-2016" (a day, not the month "Jan-16").
_DAY_MON_YY_RE = re.compile(r"\b(\d{1,2})-([a-z]{3,9})-((?:19|20)?\d{2})\b", re.I)
_NUMERIC_RE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)?\d{2})\b")
_ISO_RE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_YEAR_ONLY_RE = re.compile(r"^\s*(?:by\s+|end\s+of\s+)?" + _YEAR + r"\s*$", re.I)


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _explicit_dates(text: str) -> list[date]:
    """Every date the text names explicitly, each as the last day of what it names."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    def add(m: re.Match[str], d: date | None) -> None:
        if d is not None and free(m.span()):
            taken.append(m.span())
            found.append((m.start(), d))

    for m in _ISO_RE.finditer(text):
        add(m, _safe_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _DAY_MONTH_YEAR_RE.finditer(text):
        month = MONTHS.get(m[2].lower())
        add(m, _safe_date(int(m[3]), month, int(m[1])) if month else None)
    for m in _MONTH_DAY_YEAR_RE.finditer(text):
        month = MONTHS.get(m[1].lower())
        add(m, _safe_date(int(m[3]), month, int(m[2])) if month else None)
    for m in _DAY_MON_YY_RE.finditer(text):
        month = MONTHS.get(m[2].lower())
        add(m, _safe_date(_year(m[3]), month, int(m[1])) if month else None)
    for m in _NUMERIC_RE.finditer(text):
        add(m, _safe_date(_year(m[4]), int(m[3]), int(m[1])))
    for m in _HOLIDAY_YEAR_RE.finditer(text):
        add(m, _holiday(m[1].lower().replace("xmas", "christmas"), int(m[2])))
    for m in _FY_QUARTER_RE.finditer(text):
        add(m, _financial_quarter_end(m))
    for m in _SEASON_RE.finditer(text):
        add(m, _season_end(m[1].lower(), int(m[2])))
    for m in _QUARTER_RE.finditer(text):
        q = int(m[1] or m[4])
        add(m, _quarter_end(quarter_fy_start(int(m[2] or m[3]), q), q))
    for m in _FY_RE.finditer(text):
        start = int(m[1])
        end = _year(m[2][-2:]) if len(m[2]) == 2 else int(m[2])
        if end == start + 1:
            add(m, date(end, 3, 31))
    for m in _PART_RE.finditer(text):
        part, year = m[1].lower(), int(m[2])
        month, day = PART_OF_YEAR_END.get(part, (12, 31))
        add(m, date(year, month, day))
    for m in _MONTH_YEAR_RE.finditer(text):
        month = MONTHS.get(m[1].lower())
        if month:
            add(m, last_day(_year(m[2]), month))
    return [d for _, d in sorted(found)]


def quarter_fy_start(year: int, quarter: int) -> int:
    """The year the financial year starts in (April) whose ``quarter`` falls in calendar
    ``year``: Q1-Q3 2026 are quarters of 2026/27, Q4 2026 (January-March) of 2025/26."""
    return year if quarter < 4 else year - 1


def _quarter_end(fy_start: int, quarter: int) -> date:
    """The last day of financial ``quarter`` (Q1 = April-June ... Q4 = January-March) of the
    financial year starting in April ``fy_start``."""
    return last_day(fy_start, 3 + 3 * quarter) if quarter < 4 else date(fy_start + 1, 3, 31)


def _holiday(name: str, year: int) -> date:
    """Christmas Day or Easter Sunday of ``year``."""
    if name == "easter":
        from commands.jobs.working_days import easter_sunday  # the bank holidays' calendar

        return easter_sunday(year)
    return date(year, 12, 25)


def _next_holiday(name: str, today: date) -> date:
    """The Christmas Day or Easter Sunday on or after ``today``."""
    this_year = _holiday(name, today.year)
    return this_year if this_year >= today else _holiday(name, today.year + 1)


def _financial_quarter_end(m: re.Match[str]) -> date | None:
    """The last day of a financial quarter written with its financial year ("Q3 2025/26")."""
    quarter = int(m[1] or m[6])
    start, end = _year(m[2] or m[4]), m[3] or m[5]
    end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if end_year < start:
        end_year += 100  # 1999/00
    if end_year != start + 1:
        return None
    return _quarter_end(start, quarter)


def _safe_date(year: int, month: int | None, day: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    import dateparser  # imported lazily: it is slow to import and only some commands need it

    return dateparser


# A month alone, with the words that may lead it together: "by the end of June", "before
# end-June", "end June".
_MONTH_ONLY_RE = re.compile(
    r"\s*(?:(?:by|before|due)\s+)?(?:(?:the\s+)?end\s+of\s+|end[\s-]+)?([a-z]{3,9})\.?\s*", re.I
)


def _season_end(season: str, year: int) -> date:
    """The last day of a season of ``year`` (winter runs into the next year's February)."""
    if season == "winter":
        return last_day(year + 1, 2)
    month, day = SEASON_END[season]
    return date(year, month, day)


def _month_only(text: str, today: date) -> date | None:
    """ "March", "end of March", "by Sept", "by the end of June": the last day of that month,
    this year or next; "Summer", "by the end of autumn": the last day of the season still to
    end (this year's, or next year's once it is over)."""
    m = _MONTH_ONLY_RE.fullmatch(text)
    if m and m[1].lower() in ("spring", "summer", "autumn", "fall", "winter"):
        season = m[1].lower()
        for year in (today.year - 1, today.year, today.year + 1):
            if _season_end(season, year) >= today:
                return _season_end(season, year)
    if not m or m[1].lower() not in MONTHS:
        return None
    month = MONTHS[m[1].lower()]
    candidate = last_day(today.year, month)
    if candidate < today:
        candidate = last_day(today.year + 1, month)
    return candidate


# Shorthand officers type in chat. Weeks run Monday to Sunday and "by the end of a week"
# means its Friday, the last working day.
_LEAD = r"^\s*(?:by\s+|before\s+|due\s+)?(?:the\s+)?"
_END_OF_MONTH_RE = re.compile(
    _LEAD + r"(?:end\s+of\s+(?:the\s+|this\s+)?month|eom|month[\s-]end)\s*\.?\s*$", re.I
)
_END_OF_YEAR_RE = re.compile(
    _LEAD + r"(?:end\s+of\s+(?:the\s+|this\s+)?(?:calendar\s+)?year|eoy)\s*\.?\s*$", re.I
)
_THIS_WEEK_RE = re.compile(
    _LEAD + r"(?:this\s+week|end\s+of\s+(?:the\s+|this\s+)?week|eow)\s*\.?\s*$", re.I
)
_NEXT_WEEK_RE = re.compile(_LEAD + r"(?:end\s+of\s+)?next\s+week\s*\.?\s*$", re.I)
_END_OF_NEXT_MONTH_RE = re.compile(_LEAD + r"end\s+of\s+next\s+month\s*\.?\s*$", re.I)
# A quarter alone ("Q4", "by the end of Q3"): councils count quarters in the financial year.
QUARTER_ONLY_RE = re.compile(_LEAD + r"(?:end\s+of\s+(?:the\s+)?)?q([1-4])\s*\.?\s*$", re.I)
_END_OF_FINANCIAL_YEAR_RE = re.compile(
    _LEAD
    + r"(?:(?:end\s+of\s+)?(?:the\s+|this\s+|the\s+current\s+|current\s+)?(?:financial\s+year|fy)"
    r"|financial\s+year[\s-]end|fye)\s*\.?\s*$",
    re.I,
)
# "before next month": the last day before the next period starts, i.e. the end of this one
# (a week's working days end on its Friday). "before the end of next month" is not this.
_BEFORE_NEXT_RE = re.compile(
    r"^\s*before\s+(?:the\s+)?(?:start\s+of\s+)?next\s+"
    r"(?P<unit>week|month|quarter|(?P<fy>financial\s+)?year|fy)\s*\.?\s*$",
    re.I,
)
# The financial quarter under way ("this quarter", "by the end of the quarter", "EOQ") or the
# one after it ("next quarter", "end of next quarter"), and the financial year after this one.
_THIS_QUARTER_RE = re.compile(
    _LEAD + r"(?:(?:end\s+of\s+)?(?:this|the\s+current|current)\s+quarter|end\s+of\s+(?:the\s+)?"
    r"quarter|quarter[\s-]end|eoq)\s*\.?\s*$",
    re.I,
)
_NEXT_QUARTER_RE = re.compile(_LEAD + r"(?:end\s+of\s+)?next\s+quarter\s*\.?\s*$", re.I)
_NEXT_FINANCIAL_YEAR_RE = re.compile(
    _LEAD + r"(?:end\s+of\s+)?next\s+(?:financial\s+year|fy)\s*\.?\s*$", re.I
)
_HOLIDAY_ONLY_RE = re.compile(_LEAD + r"(?:at\s+|for\s+)?" + _HOLIDAY + r"\s*\.?\s*$", re.I)
WEEK_COMMENCING_RE = re.compile(
    _LEAD + r"(?:w\s*/\s*c|w\.c\.?|wc|w\s*/\s*b|week\s+(?:commencing|beginning|starting))"
    r"\.?\s+(?P<day>.+?)\s*$",
    re.I,
)
# A day and month without a year, day first: "31/12", "by 5/1".
_DAY_MONTH_ONLY_RE = re.compile(_LEAD + r"(\d{1,2})\s*/\s*(\d{1,2})\s*$", re.I)
_NUMERIC_ANY_RE = re.compile(r"^\s*(?:by\s+)?(\d{1,2})/(\d{1,2})(/\d{2}|/\d{4})?\s*$", re.I)
# "the 2nd", "by 15th": a day of the month alone.
_ORDINAL_DAY_RE = re.compile(_LEAD + r"(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)\s*\.?\s*$", re.I)
# "Jan 15", "March 26": a month and a two-digit year (as plan timescales write them).
_MONTH_TWO_DIGITS_RE = re.compile(r"^\s*(?:by\s+)?([a-z]{3,9})\.?\s+(\d{1,2})\s*$", re.I)


def _next_quarter_end(quarter: int, today: date) -> date:
    """The last day of the financial ``quarter`` (Q1 April-June ... Q4 January-March) still to
    end: this one when it is under way."""
    month = 3 * quarter + 3 if quarter < 4 else 3
    year = today.year
    while last_day(year, month) < today:
        year += 1
    return last_day(year, month)


def _quarter_of(day: date) -> int:
    """The financial quarter (1-4, Q1 April-June) holding ``day``."""
    return (day.month - 4) % 12 // 3 + 1


def _quarter_end_after(today: date, quarters: int) -> date:
    """The last day of the financial quarter holding ``today`` (``quarters`` 0) or of one
    after it."""
    year, month = divmod(today.year * 12 + today.month - 1 + 3 * quarters, 12)
    start = date(year, month + 1, 1)
    return _next_quarter_end(_quarter_of(start), start)


def _period_end(text: str, today: date) -> date | None:
    """The end of a period named from today: "before next month" is the last day of this
    month ("before next week" this week's Friday, its Sunday once that is past; quarter and
    financial year as councils count them, April to March); "this quarter" and "end of the
    quarter" (the financial quarter under way), "next quarter", "next financial year"."""
    m = _BEFORE_NEXT_RE.match(text)
    if m:
        unit = m["unit"].lower()
        if unit == "week":
            return week_friday(today) if today.weekday() <= 4 else week_end(today)
        if unit == "month":
            return last_day(today.year, today.month)
        if unit == "quarter":
            return _quarter_end_after(today, 0)
        if m["fy"] or unit == "fy":
            return _next_quarter_end(4, today)
        return date(today.year, 12, 31)
    if _THIS_QUARTER_RE.match(text):
        return _quarter_end_after(today, 0)
    if _NEXT_QUARTER_RE.match(text):
        return _quarter_end_after(today, 1)
    if _NEXT_FINANCIAL_YEAR_RE.match(text):
        return date(_next_quarter_end(4, today).year + 1, 3, 31)
    return None


def week_friday(day: date) -> date:
    """The Friday of the Monday-to-Sunday week holding ``day``; from a Saturday or Sunday
    (that week's working days are over) the Friday after."""
    if day.weekday() <= 4:
        return day + timedelta(days=4 - day.weekday())
    return day + timedelta(days=11 - day.weekday())


def _next_day_month(day: int, month: int, today: date) -> date | None:
    """The first ``day``/``month`` on or after ``today`` (29/02 waits for a leap year)."""
    for year in range(today.year, today.year + 9):
        found = _safe_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _next_day(day: int, today: date) -> date | None:
    """The first ``day`` of a month on or after ``today`` ("the 2nd"; the 31st skips months
    without one)."""
    year, month = today.year, today.month
    for _ in range(12):
        found = _safe_date(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _shorthand(text: str, today: date, tz: str) -> date | None:
    """Officers' shorthand: 31/12, end of month, EOM, end of next month, end of year, Q4, end
    of the financial year, this/next week, w/c 11 Jan."""
    m = _DAY_MONTH_ONLY_RE.match(text)
    if m:
        day, month = int(m[1]), int(m[2])
        return _next_day_month(day, month, today) if 1 <= month <= 12 else None
    m = _ORDINAL_DAY_RE.match(text)
    if m:
        return _next_day(int(m[1]), today)
    if _END_OF_MONTH_RE.match(text):
        return last_day(today.year, today.month)
    if _END_OF_YEAR_RE.match(text):
        return date(today.year, 12, 31)
    if _END_OF_NEXT_MONTH_RE.match(text):
        return last_day(today.year + today.month // 12, today.month % 12 + 1)
    m = QUARTER_ONLY_RE.match(text)
    if m:
        return _next_quarter_end(int(m[1]), today)
    if _END_OF_FINANCIAL_YEAR_RE.match(text):
        return _next_quarter_end(4, today)
    m = _HOLIDAY_ONLY_RE.match(text)
    if m:
        return _next_holiday(m[1].lower().replace("xmas", "christmas"), today)
    if _THIS_WEEK_RE.match(text):
        return week_friday(today)
    if _NEXT_WEEK_RE.match(text):
        return week_friday(today - timedelta(days=today.weekday()) + timedelta(days=7))
    m = WEEK_COMMENCING_RE.match(text)
    if m and re.search(r"\d", m["day"]):
        start = parse_due(m["day"], today, tz)
        return week_friday(start) if start is not None else None
    return None


# The year of a plan or programme ("Year 1", "Yr 2", "Y3", "Years 1-3", "Year One"), which
# dateparser would read as a day of this month.
_NUMBER_WORD = r"(?:\d{1,2}|one|two|three|four|five)"
_PLAN_YEAR_RE = re.compile(
    rf"^\s*(?:years?|yrs?|y)\s*{_NUMBER_WORD}(?:\s*(?:-|–|to|and|&)\s*{_NUMBER_WORD})?\s*$",
    re.I,
)


def parse_due(text: str, today: date, tz: str = "Europe/London") -> date | None:
    """The due date that ``text`` means, or None when it names no date.

    Several dates ("Jan 2010 – Interim, Summer 2010 – Permanent") give the latest: the action is
    complete only when its last milestone is. Relative phrases ("next Friday", "in two weeks",
    "within 3 months", "end of March") are read from ``today`` in the workspace time zone.
    Shorthand: "31/12" is the next 31 December on or after today (day first, always); "end of
    month"/"EOM" its last day; "end of year" 31 December; "this week" and "end of week" this
    week's Friday (on a Saturday or Sunday, the coming Friday); "next week" the Friday of next
    week; "w/c 11 Jan" the Friday of the week commencing 11 January; "the 2nd" the next 2nd of
    a month on or after today; "Christmas 2026" is 25 December 2026 and "Easter 2027" Easter
    Sunday 2027 ("by Christmas" alone: the next one on or after today). "Before next month"
    (week, quarter, year) is the end of this one; "before the end of next month" is not.
    "This quarter" is the end of the financial quarter under way, "this financial year" 31
    March; "next quarter" and "next financial year" the end of the next.
    """
    if not text or NO_DATE_WORDS.match(text) or len(text) > 500:
        return None
    if text.lstrip().startswith("="):
        return None  # a spreadsheet formula saved as text ("=TODAY()") names no date itself
    if _PLAN_YEAR_RE.match(text):
        return None  # "Year 1" of a plan: when its year starts is not said
    text = _QUARTER_WORD_RE.sub(r"Q\1", text)
    year_only = _YEAR_ONLY_RE.match(text)
    if year_only:
        return date(int(year_only[1]), 12, 31)
    if WEEK_COMMENCING_RE.match(text):  # before explicit dates: "w/c 11 Jan 2027" is a week
        return _shorthand(text, today, tz)
    explicit = _explicit_dates(text)
    if explicit:
        return max(explicit)
    period_end = _period_end(text, today)
    if period_end is not None:
        return period_end
    if (
        _DAY_MONTH_ONLY_RE.match(text)
        or _ORDINAL_DAY_RE.match(text)
        or _END_OF_MONTH_RE.match(text)
        or _END_OF_YEAR_RE.match(text)
        or _END_OF_NEXT_MONTH_RE.match(text)
        or QUARTER_ONLY_RE.match(text)
        or _END_OF_FINANCIAL_YEAR_RE.match(text)
        or _THIS_WEEK_RE.match(text)
        or _NEXT_WEEK_RE.match(text)
        or _HOLIDAY_ONLY_RE.match(text)
    ):
        return _shorthand(text, today, tz)
    if _NUMBERS_ONLY_RE.match(text):
        return None  # "2026-13-01" is no date; dateparser would read it as 13 Jan 2026
    month_only = _month_only(text, today)
    if month_only:
        return month_only
    cleaned = re.sub(
        r"^\s*(?:by|before|due|on|within(?:\s+the\s+next)?)\s+", "", text.strip(), flags=re.I
    )
    if not re.search(r"[a-z0-9]", cleaned, re.I):
        return None
    base = datetime.combine(today, time(12, 0))
    parsed = _dateparser().parse(
        cleaned,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "last",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base,
            "TIMEZONE": tz,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": [],
        },
    )
    if parsed is None:
        return None
    return parsed.date()


# "next month", "until next month", "the start of next year": a snooze's whole unit.
_NEXT_MONTH_OR_YEAR_RE = re.compile(
    r"^\s*(?:until\s+|till\s+)?(?:the\s+)?(?:start\s+of\s+)?next\s+(?P<unit>month|year)\s*$", re.I
)


def parse_start(text: str, today: date, tz: str = "Europe/London") -> date | None:
    """The day something starts again (a snooze ends), read as ``parse_due`` reads a due date
    except that week words name the start of the week, not its end: "next week" is the Monday
    of next week (on a Saturday or Sunday, the coming Monday) and "w/c 11 Jan" that Monday.
    Other week words ("this week", "end of next week", "EOW") keep parse_due's Friday.
    Likewise "next month" is the 1st of next month, and "next year" 1 January."""
    if _NEXT_WEEK_RE.match(text) and not re.search(r"\bend\b", text, re.I):
        return today - timedelta(days=today.weekday()) + timedelta(days=7)
    period = _NEXT_MONTH_OR_YEAR_RE.match(text)
    if period:
        if period["unit"].lower() == "year":
            return date(today.year + 1, 1, 1)
        return date(today.year + today.month // 12, today.month % 12 + 1, 1)
    m = WEEK_COMMENCING_RE.match(text)
    if m and re.search(r"\d", m["day"]):
        start = parse_due(m["day"], today, tz)
        # The Monday of the week parse_due gives the Friday of (a weekend day: the week after).
        return week_friday(start) - timedelta(days=4) if start is not None else None
    return parse_due(text, today, tz)


def parse_day(text: str) -> date | None:
    """The first single day ``text`` names with its year (2027-01-19, 19/01/2027, 19/01/27,
    19 Jan 2027, January 19, 2027, 19-Jan-27); None for a month, a quarter or no date."""
    found: list[tuple[int, date]] = []
    for pattern, parts in (
        (_ISO_RE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (_DAY_MONTH_YEAR_RE, lambda m: (int(m[3]), MONTHS.get(m[2].lower()), int(m[1]))),
        (_MONTH_DAY_YEAR_RE, lambda m: (int(m[3]), MONTHS.get(m[1].lower()), int(m[2]))),
        (_DAY_MON_YY_RE, lambda m: (_year(m[3]), MONTHS.get(m[2].lower()), int(m[1]))),
        (_NUMERIC_RE, lambda m: (_year(m[4]), int(m[3]), int(m[1]))),
    ):
        for m in pattern.finditer(text):
            year, month, day = parts(m)
            day_found = _safe_date(year, month, day)
            if day_found is not None:
                found.append((m.start(), day_found))
    return min(found)[1] if found else None


# Two years written as a financial year ("2026/28"), whether or not they follow each other.
_YEAR_PAIR_RE = re.compile(r"\b" + _YEAR + r"\s*[/-]\s*(\d{2}|\d{4})\b(?![/.-]\d)")


def due_hint(text: str) -> str:
    """A hint for a due date that could not be read or was out of range: dates are day first
    (``12/31``), ``Jan 15`` is a month and year, and the years of a financial year follow each
    other (``2026/28`` is none). Empty when there is nothing to add."""
    m = _NUMERIC_ANY_RE.match(text)
    if m and int(m[2]) > 12 and 1 <= int(m[1]) <= 12:
        swapped = f"{m[2]}/{m[1]}{m[3] or ''}"
        return f"Dates are day first (DD/MM): did you mean {swapped}?"
    for pair in _YEAR_PAIR_RE.finditer(text):
        start, end = int(pair[1]), pair[2]
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if end_year + (100 if end_year < start else 0) != start + 1:
            return (
                f"“{pair[0]}” is not a financial year: the two years must follow each other, "
                f"as in {start}/{(start + 1) % 100:02d}."
            )
    m = _MONTH_TWO_DIGITS_RE.match(text)
    if m and m[1].lower() in MONTHS:
        month = calendar.month_name[MONTHS[m[1].lower()]]
        return (
            f"“{text.strip()}” reads as {month} {_year(m[2])} (a month and year); for a day, "
            f"write `{int(m[2])} {month[:3]}` or `{int(m[2])}/{MONTHS[m[1].lower()]:02d}`."
        )
    return ""


# A day and a month name without a year: "31 Sep", "30th of February".
_DAY_MONTH_NAME_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]{3,9})\b", re.I)


def _named_days(text: str) -> list[tuple[int, int | None, int | None]]:
    """Every (day, month, year or None) that ``text`` writes as a day of a month, valid or not
    (month None when the word is not a month)."""
    found: list[tuple[int, int | None, int | None]] = []
    for m in _DAY_MONTH_YEAR_RE.finditer(text):
        found.append((int(m[1]), MONTHS.get(m[2].lower()), int(m[3])))
    for m in _MONTH_DAY_YEAR_RE.finditer(text):
        found.append((int(m[2]), MONTHS.get(m[1].lower()), int(m[3])))
    for m in _DAY_MON_YY_RE.finditer(text):
        found.append((int(m[1]), MONTHS.get(m[2].lower()), _year(m[3])))
    for m in _NUMERIC_RE.finditer(text):
        found.append((int(m[1]), int(m[3]), _year(m[4])))
    for m in _ISO_RE.finditer(text):
        found.append((int(m[3]), int(m[2]), int(m[1])))
    for m in _DAY_MONTH_NAME_RE.finditer(text):
        found.append((int(m[1]), MONTHS.get(m[2].lower()), None))
    numeric = _DAY_MONTH_ONLY_RE.match(text)
    if numeric:
        found.append((int(numeric[1]), int(numeric[2]), None))
    return found


def _month_length(month: int, year: int | None) -> str:
    """``September has 30 days``; February with its year, or noting leap years."""
    name = calendar.month_name[month]
    if month != 2:
        return f"{name} has {calendar.monthrange(2000, month)[1]} days"
    if year is None:
        return "February has 28 days (29 in a leap year)"
    return f"February {year} has {calendar.monthrange(year, 2)[1]} days"


def impossible_day(text: str) -> str | None:
    """Why a day that ``text`` names does not exist ("31 Sep 2027", "31/09", "30 Feb":
    "September has 30 days"), which ``parse_due`` would read as the month's end or not at all;
    else None. A month number over 12 is left to :func:`due_hint` (dates are day first)."""
    for day, month, year in _named_days(text):
        if month is None or not 1 <= month <= 12:
            continue
        longest = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= longest:
            return _month_length(month, year)
    return None


def month_or_day(text: str) -> str | None:
    """For chat: "March 31" or "Jan 15" alone could be a day (31 March) or a month and
    two-digit year (March 2031), as plan timescales write it; the question to ask, else None."""
    m = _MONTH_TWO_DIGITS_RE.match(text)
    if not m or m[1].lower() not in MONTHS or not 1 <= int(m[2]) <= 31:
        return None
    number, month = int(m[2]), calendar.month_name[MONTHS[m[1].lower()]]
    if number > calendar.monthrange(2000, MONTHS[m[1].lower()])[1]:
        return (
            f"“{text.strip()}” can only be {month} {_year(m[2])}: "
            f"{_month_length(MONTHS[m[1].lower()], None)}. Write `{month} {_year(m[2])}` if "
            "that is meant, or the day first (`30 Sep`)."
        )
    return (
        f"“{text.strip()}” could be {number} {month} or {month} {_year(m[2])}: write "
        f"`{number} {month[:3]}` for the day, or `{month} {_year(m[2])}` for the month."
    )


def names_fixed_date(text: str, today: date, tz: str = "Europe/London") -> bool:
    """Whether ``text`` names the same date whenever it is read ("31 March 2027", "Summer
    2027"), unlike words read from today ("next Friday", "end of March", "31/12")."""
    due = parse_due(text, today, tz)
    return due is not None and all(
        parse_due(text, today + timedelta(days=shift), tz) == due for shift in (-400, 400)
    )


def quarter_words(text: str, due: date) -> str | None:
    """Which financial quarter a timescale naming a quarter was read as, from the date it
    gave: ``financial Q3 2026/27 (October to December 2026)``; None when ``text`` names no
    quarter or ``due`` ends none."""
    if not _ANY_QUARTER_RE.search(text) or due.month % 3 or due != last_day(due.year, due.month):
        return None
    quarter = (due.month - 4) % 12 // 3 + 1
    fy = due.year if due.month >= 4 else due.year - 1
    months = f"{calendar.month_name[due.month - 2]} to {calendar.month_name[due.month]}"
    return f"financial Q{quarter} {fy}/{(fy + 1) % 100:02d} ({months} {due.year})"


# The timescale of a committee's meeting, as actions arising and "Before next CPAC" keep it.
_MEETING_TIMESCALE_RE = re.compile(
    r"^(?:before|by)\s+(?P<meeting>[^\d\s].*?\s(?P<day>\d{4}-\d{2}-\d{2}))\s*$", re.I
)


def _meeting_day(m: re.Match[str]) -> date | None:
    return _safe_date(int(m["day"][:4]), int(m["day"][5:7]), int(m["day"][8:]))


def due_notes(text: str, due: date) -> list[str]:
    """What to tell whoever typed ``text`` about the due date it gave: which financial quarter
    a quarter is (alone, "Q3", or with a year, "Q3 2026"), which meeting's day it is ("Before
    CPAC 2027-01-05": the day before, or its day when the day before was past), that it is
    the Friday of a week commencing, or that it is not a working day (a weekend or a bank
    holiday)."""
    from commands.jobs.working_days import not_working_words  # the scheduler's calendar

    notes: list[str] = []
    quarter = quarter_words(text, due)
    if quarter:
        notes.append(f"the end of {quarter}")
    meeting = _MEETING_TIMESCALE_RE.match(text)
    if meeting and _meeting_day(meeting) in (due, due + timedelta(days=1)):
        before = _meeting_day(meeting) != due
        notes.append(f"the day {'before' if before else 'of'} {meeting['meeting']}")
        if not before and text.lower().startswith("before"):
            notes[-1] += " (the day before it is already past)"
    m = WEEK_COMMENCING_RE.match(text)
    if m:
        monday = due - timedelta(days=due.weekday())
        notes.append(f"the Friday of the week commencing Mon {monday.day} {monday:%b}")
    why = not_working_words(due)
    if why is not None:
        notes.append(why)
    return notes


def clocks_skip(local: datetime) -> bool:
    """Whether ``local`` (a wall-clock time with its zone) is one the clocks go forward over
    (01:30 on the day British Summer Time starts): no moment is that time there."""
    moment = local.astimezone(UTC).astimezone(local.tzinfo)
    return moment.replace(tzinfo=None) != local.replace(tzinfo=None)


def clocks_pass_twice(local: datetime) -> bool:
    """Whether the clocks pass ``local`` (a wall-clock time with its zone) twice (01:30 on
    the day British Summer Time ends); ``local.fold`` says which (0: the first)."""
    other = local.replace(fold=1 - local.fold)
    return not clocks_skip(local) and other.utcoffset() != local.utcoffset()


def local_today(now: datetime, tz: str = "Europe/London") -> date:
    """Today's date in the workspace time zone."""
    return now.astimezone(ZoneInfo(tz)).date()


def week_end(today: date) -> date:
    """The Sunday that ends this week."""
    return today + timedelta(days=6 - today.weekday())
