"""A KPI scorecard's header written on two rows: a year heading (often merged across its
columns) over the months or quarters of that year, written without it.

```
Indicator | Target | 2026/27 (merged over three columns)
          |        | Sep | Oct | Nov
```

The second row's months take the year from the heading above them: in a financial year
(``2026/27``) April to December fall in 2026 and January to March in 2027, in an academic year
(``AY 2026/27``) September to December in 2026, and in a calendar year (``2026``) all in 2026;
a quarter (``Q2``) is that financial year's (under a calendar year, the financial quarter
falling in it, as ``Q2 2026`` is read; under a heading that says calendar year, ``CY 2026`` or
``Calendar year 2026``, the calendar quarter: ``Q1`` is January to March). The two rows read
as one header row: a cell blank in the second row takes the first row's text (``Indicator``
above a blank), so that the result is the header a one-row scorecard would have.
"""

from __future__ import annotations

import re

from commands.importers.table import Row
from commands.periods import Period, names_calendar_year, try_parse_period

_YEAR_KINDS = ("financial_year", "academic_year", "year")
# A month or a quarter written without a year: "Sep", "September", "Sept.", "Q2", "Qtr 2".
_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])$", re.I)
_WORD = re.compile(r"^[a-z]{3,9}\.?$", re.I)
_FIGURE = re.compile(r"^[+-]?[\d.,]+%?$")


def _month_number(text: str) -> int | None:
    """The month a cell names without a year ("Sep", "September"), or None."""
    if not _WORD.match(text):
        return None
    period = try_parse_period(f"{text} 2000")
    return period.start.month if period is not None and period.kind == "month" else None


# A calendar year's quarters by their months, as the periods' spans read them.
_CALENDAR_QUARTERS = {"1": "Jan-Mar", "2": "Apr-Jun", "3": "Jul-Sep", "4": "Oct-Dec"}


def in_year(text: str, heading: Period, *, calendar: bool = False) -> str | None:
    """A month or quarter ``text`` written under the year ``heading``, with its year
    (``Sep`` under ``2026/27`` -> ``Sep 2026``; ``Feb`` -> ``Feb 2027``; ``Q2`` -> ``Q2
    2026/27``; under a heading that says calendar year, ``calendar``, ``Q1`` -> ``Jan-Mar
    2026``); None when ``text`` is neither, or is a quarter under an academic year (whose
    quarters nobody reports)."""
    text = " ".join(text.split())
    if m := _QUARTER.match(text):
        if heading.kind == "academic_year":
            return None
        if calendar and heading.kind == "year":
            return f"{_CALENDAR_QUARTERS[m[1]]} {heading.start.year}"
        year = heading.label if heading.kind == "financial_year" else str(heading.start.year)
        return f"Q{m[1]} {year}"
    month = _month_number(text)
    if month is None:
        return None
    start = heading.start
    return f"{text.rstrip('.')} {start.year if month >= start.month else start.year + 1}"


def two_row_header(above: Row, row: Row) -> Row | None:
    """``above`` and ``row`` read as one header row (numbered as ``row``, whose next row is
    the first of data) when ``row`` writes months or quarters without a year under a year
    heading of ``above``; None when it writes none, or holds a figure (a data row)."""
    heading: Period | None = None
    calendar = False
    cells: list[str] = []
    dated = 0
    for j in range(max(len(above.cells), len(row.cells))):
        top, text = above.cell(j).strip(), row.cell(j).strip()
        if _FIGURE.match(text):
            return None
        if top:  # a heading runs on over the blank cells after it (merged across them)
            found = try_parse_period(top)
            heading = found if found is not None and found.kind in _YEAR_KINDS else None
            calendar = names_calendar_year(top)
        label = in_year(text, heading, calendar=calendar) if heading is not None and text else None
        if label is not None:
            dated += 1
        cells.append(label or text or top)
    return Row(number=row.number, cells=tuple(cells)) if dated else None
