"""Import KPI values: one row per indicator and period (long), or one column per period (wide).

Long: ``indicator, period, value`` and optionally ``slug, name, target, unit, polarity,
numerator, denominator, england, region, statistical_neighbours, note, source, owner, aliases,
frequency, amber_tolerance, indicator target``. A long row's target is that period's target;
the latest period's also becomes the indicator's standing target when the indicator has none
and the file has no Indicator target column (which sets it).

Wide: one row per indicator (``indicator`` or ``slug``, optionally ``name, unit, polarity,
target, amber_tolerance, owner, aliases, england, region, statistical_neighbours``) and one
column per period, headed as councils head them (``May 2015``, ``Jul 2015``, ``2014/15``,
``Q2 2015/16``); a blank cell means no value for that period, and a wide row's target is the
indicator's standing target. A wide row's comparators (one figure each) are stored with its
latest value that the file imports, as a scorecard shows them beside its latest figure; the
report says which, and names a row with comparators but no value to go with.

In both layouts the region's column may be headed by the region's name (``North West``,
``London``) and the statistical neighbours' as councils shorten it (``Stat neighbours``,
``SN average``). A column headed with a
period's target (``Target 2026/27``, ``2026/27 Target``) is each value's target within that
period; the latest of them that has started is the standing target of an indicator that has
none, when the row gives no Target.

An indicator is found by the slug column, else by its slug, name or an alias equal to the
indicator cell; otherwise it is created (slug from the slug column, else the indicator cell
slugified); the report names each new indicator, and says when its name resembles an existing
one's or when its unit was assumed (%: no Unit column). Units and polarities are checked: rows
that disagree about an indicator's unit or polarity refuse the file, and so does a unit other
than an existing indicator's in a file that does not give every value it has. Values, targets
and comparators are checked against their unit (a percentage lies within 0-100; counts, days,
weeks and rates are never negative), numerators and denominators are never negative, and the
same indicator and period given twice with different values is refused. A row with text in its
first cell only ("Source: DfE SSDA903 return") is a note under the table: skipped and reported.
Columns that are neither known nor a period are listed in the report. Re-importing a file
changes nothing.

A long row whose value cell is blank (a figure not in yet) is skipped, and named in the report
as a cell saying there is no figure (``TBC``, ``n/a``) is; the rest of the file goes in.

A value for a period that has not started yet (``Mar 2027`` in December 2026, most often a
typo for ``Mar 2026``) is not imported: its row (or a wide file's column) is listed in the
report as refused, and the rest of the file goes in. A value for a period that has started
but not ended is imported and listed as a provisional figure. A blank cell under a future
period's header (a template with columns for the months to come) is not mentioned.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from commands.dates import local_today
from commands.formatting import fmt_number, some_of
from commands.importers.headers import header_forms, header_key
from commands.importers.kpi_headers import two_row_header
from commands.importers.kpi_latest_rows import LatestRows
from commands.importers.kpi_older_rows import OlderRows
from commands.importers.new_people import new_people_notes, people_ids
from commands.importers.plan_rows import MAX_CELL
from commands.importers.report import ImportFailed, ImportReport, NoHeader, plural
from commands.importers.table import Row, Table
from commands.kpi_logic import (
    EXPONENT,
    commonest,
    exponent_words,
    frequency_family,
    period_family,
    period_timing,
    plain_minus,
    value_problem,
)
from commands.kpi_views import new_value, recorded_in_chat
from commands.owner_store import OwnerReadings, lines_to_read, owner_rows
from commands.periods import (
    Period,
    PeriodError,
    examples,
    period_and_note,
    reason,
    try_parse_period,
    try_period_and_note,
)
from commands.refs import plan_slug
from storage.models import (
    Indicator,
    IndicatorOwner,
    IndicatorValue,
    IndicatorValueRemoval,
    utcnow,
)
from storage.unit_of_work import UnitOfWork

# England's regions (and London's halves), as a comparator column is headed by its region.
ENGLISH_REGIONS = (
    "london",
    "inner london",
    "outer london",
    "north east",
    "north west",
    "yorkshire and the humber",
    "yorkshire and humber",
    "yorkshire the humber",
    "yorkshire humber",
    "east midlands",
    "west midlands",
    "east of england",
    "south east",
    "south west",
)
LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "kpi", "measure", "indicator name", "pi"),
    "slug": ("slug", "code", "kpi code", "short name"),
    "name": ("name", "description", "title"),
    # "Year" and "time_period" head DfE's and Explore Education Statistics' tables.
    "period": (
        "period",
        "month",
        "quarter",
        "qtr",
        "date",
        "as at",
        "year",
        "time period",
        "reporting period",
        "period ending",
        "month ending",
    ),
    "value": ("value", "actual", "result", "performance"),
    "target": (
        "target",
        "year end target",
        "end of year target",
        "annual target",
        "full year target",
    ),
    # The indicator's own target, beside each period's (csbot's exports write both).
    "standing_target": ("indicator target", "standing target"),
    "unit": ("unit", "units"),
    "polarity": ("polarity", "good is", "better"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "england": (
        "england",
        "national",
        "england average",
        "national average",
        "eng average",
        "nat",
        "nat average",
    ),
    # A region's own name heads its column as often as "Region" does.
    "region": ("region", "regional", "region average", "regional average", *ENGLISH_REGIONS),
    "statistical_neighbours": (
        "statistical neighbours",
        "statistical_neighbours",
        "statistical neighbour",
        "statistical neighbour average",
        "statistical neighbours average",
        "sn",
        "stat neighbours",
        "stat neighbour",
        "stat neighbour average",
        "stat neighbours average",
        "sn average",
    ),
    "note": ("note", "notes", "comment", "commentary"),
    "source": ("source",),
    # Who answers for an indicator, as a plan's Lead column is headed too.
    "owner": (
        "owner",
        "lead",
        "responsible",
        "lead officer",
        "responsible officer",
        "accountable officer",
        "responsibility",
    ),
    "aliases": ("aliases", "also known as"),
    # A council's own code for an indicator ("CIC01", "NI 62"): kept as an alias.
    "ref": ("ref", "kpi ref", "pi ref", "indicator ref", "reference", "kpi no", "pi no"),
    "frequency": ("frequency",),
    "amber_tolerance": ("amber tolerance", "amber_tolerance", "tolerance"),
}
UNITS = {
    "%": "%",
    "percent": "%",
    "percentage": "%",
    "count": "count",
    "number": "count",
    "no": "count",
    "days": "days",
    "weeks": "weeks",
    "rate": "rate per 10,000",
    "rate per 10000": "rate per 10,000",
    "rate per 10 000": "rate per 10,000",
    "per 10000": "rate per 10,000",
    "score": "score",
    # An average of things counted (a caseload of 19.5) is no whole count: a plain figure.
    "average": "score",
    "average number": "score",
    "mean": "score",
    "ratio": "score",
}


# A rate per 10,000 named with whom it counts ("Rate per 10,000 children", "per 10,000
# population", "Rate (per 10,000 children under 18)", "per 10k"), as scorecards head it.
_RATE = re.compile(r"^(?:rate\s*)?\(?\s*per\s+(?:10000|10k)\b(?:\s+[a-z0-9 -]*)?\)?$")


def unit_named(text: str) -> str | None:
    """The unit a Unit cell names ("Rate per 10,000", "%", "Days", "No."), or None;
    thousands separators, extra spaces, a closing full stop and whom a rate counts ("Rate per
    10,000 children") do not matter."""
    key = " ".join(text.lower().split()).rstrip(".")
    plain = re.sub(r"(?<=\d)[, ](?=\d{3}\b)", "", key)
    found = UNITS.get(key) or UNITS.get(plain)
    if found is None and (averaged := _AVERAGE_OF.sub("", plain)) != plain:
        # "Average days", "Mean weeks": days, weeks; "Average count" a plain figure.
        found = "score" if UNITS.get(averaged) == "count" else UNITS.get(averaged)
    return found or ("rate per 10,000" if _RATE.match(plain) else None)


# An average's figure in a unit: "Average days", "Avg. weeks", "Mean number of days".
_AVERAGE_OF = re.compile(r"^(?:average|avg\.?|mean)\s+(?:number\s+of\s+)?")


# How scorecards say which way is better: "Higher is better", "High", "Good is low", "Smaller
# is better", "↑", "Minimise".
_HIGHER = r"higher|high|bigger|larger|greater|more|up|increase|increasing|maximi[sz]e|↑|▲"
_LOWER = r"lower|low|smaller|less|fewer|down|decrease|decreasing|minimi[sz]e|↓|▼"
_GOOD = r"(?:better|good|best)"
_POLARITY = re.compile(
    rf"^(?:{_GOOD}\s*(?:is|=)?\s*)?(?:(?P<higher>{_HIGHER})|(?P<lower>{_LOWER}))"
    rf"(?:\s*(?:is|=)?\s*{_GOOD})?$"
)


def polarity_named(text: str) -> str | None:
    """``higher`` or ``lower`` as a Polarity cell says it ("Lower is better", "Good is high",
    "Smaller = better", "↓"); None when it says neither."""
    m = _POLARITY.match(" ".join(text.lower().replace(":", " ").split()).rstrip(". "))
    if m is None:
        return None
    return "higher" if m["higher"] else "lower"


# A figure, its commas (if any) separating thousands as /kpi set reads them: "1,234.5".
_NUM = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[+-]?\.\d+%?$")
# Digits with a comma that does not separate thousands ("1,7", "12,34", "1,2345"): a decimal
# comma, or a slip, which read as thousands would be 17 or 1,234.
_STRAY_COMMA = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?%?$")
# What council returns and published statistics write instead of a figure: not yet known
# (TBC), not applicable (n/a), and the GOV.UK statistics symbols that stand for no number:
# ``c`` confidential (suppressed), ``x`` not available, ``z`` not applicable, ``low`` a figure
# that rounds to 0 but is not 0, and the older ``..`` and ``:`` (not available), also in the
# square brackets the Government Statistical Service recommends (``[c]``, ``[x]``). ``u`` (low
# reliability), ``p`` (provisional) and ``r`` (revised) mark a figure rather than stand for
# one, so a cell holding only such a flag is refused (see ``_FLAGS``).
_NO_FIGURE_SYMBOLS = ("c", "x", "z", "low", "..", ":")
NO_FIGURE = frozenset(
    {"-", "–", "—", "n/a", "na", "n/k", "nk", "?", "*", "tbc", "tba", "not available", "not known"}
    | set(_NO_FIGURE_SYMBOLS)
    | {f"[{s}]" for s in _NO_FIGURE_SYMBOLS}
)
# Flags that GOV.UK statistics write beside a figure: alone in a cell they give no figure to
# import, and the refusal says so.
_FLAGS = {
    "u": "low reliability",
    "p": "provisional",
    "r": "revised",
    "e": "estimated",
}
# What Excel shows in a cell whose formula failed: "#DIV/0!", "#N/A", "#REF!", "#VALUE!".
_EXCEL_ERROR = re.compile(r"^#(?:div/0!|n/a|ref!|value!|name\?|num!|null!|spill!|calc!)$", re.I)
# A figure written with a flag beside it: "12 [u]", "12u", "45.5% p".
_FLAGGED = re.compile(r"^(?P<figure>[+-]?[\d.,]+%?)\s*\[?(?P<flag>[a-z])\]?$", re.I)


# The longest text the indicator and value tables hold, read from their columns: longer text
# is refused by row and column here, as PostgreSQL would refuse it (naming neither).
def _column_length(column: Any) -> int:
    length: int = column.type.length
    return length


# The key of a row's owner cell with its line breaks (see lines_to_read), beside its columns.
OWNER_LINES = "owner lines"
_MAX_LENGTH = {
    "name": _column_length(Indicator.__table__.c.name),
    "source": _column_length(IndicatorValue.__table__.c.source),
    "frequency": _column_length(Indicator.__table__.c.frequency),
    "note": MAX_CELL,
    "owner": MAX_CELL,
    "aliases": MAX_CELL,
    "ref": 64,
    "indicator": MAX_CELL,
    "slug": MAX_CELL,
}
_MAX_NAME = _MAX_LENGTH["name"]
_SLUG_CHARS = _column_length(Indicator.__table__.c.slug)


@dataclass
class KpiImportReport(ImportReport):
    """An import of KPI values, which may also create indicators or change existing ones
    (name, owner, target, aliases, frequency, polarity, amber tolerance): those count as
    changes too, so that "Nothing changed" is said only when nothing did."""

    indicators_created: int = 0
    indicators_changed: int = 0
    # Values corrected in chat that the file gives otherwise, kept: "pep Nov 2026 (64%, …)".
    kept_in_chat: list[str] = dataclasses.field(default_factory=list)
    # Values removed in chat that the file still gives, left out: "pep Oct 2026 (62%)".
    kept_removed: list[str] = dataclasses.field(default_factory=list)
    # Stored figures the file revised: "referrals Nov 2026 470 → 475".
    revised: list[str] = dataclasses.field(default_factory=list)
    # Figures first typed in chat that the file's replaced: "pep Dec 2026 96% (…) → 93%".
    replaced_chat: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        """True when the import wrote any value or indicator."""
        return bool(
            self.created or self.updated or self.indicators_created or self.indicators_changed
        )


# A small number suppressed to protect children's identities, as council returns and published
# tables write it: "<5", "< 10", "≤5".
_SUPPRESSED = re.compile(r"^[<≤]\s*\d+%?$")


def is_no_figure(text: str) -> bool:
    """True for a cell that says there is no figure (``TBC``, ``n/a``, ``..``, ``c``, ``x``,
    ``[z]``, ``low``, a suppressed small number ``<5``)."""
    cell = text.strip().lower()
    return cell in NO_FIGURE or bool(_SUPPRESSED.match(cell))


class _NoFigures:
    """Value cells that give no figure (``TBC``, ``..``, or a long row's blank cell: a figure
    not in yet): skipped, and named in the report so that nobody takes the gap for a figure
    that was imported."""

    def __init__(self) -> None:
        self.cells: list[str] = []

    def add(self, where: str, text: str) -> None:
        """Note a cell that gives no figure: its text, or "blank" for an empty cell."""
        shown = f"“{text.strip()}”" if text.strip() else "blank"
        self.cells.append(f"{where} ({shown})")

    def notes(self) -> list[str]:
        if not self.cells:
            return []
        named = "; ".join(self.cells[:_MAX_NAMED])
        more = f"; and {len(self.cells) - _MAX_NAMED} more" if len(self.cells) > _MAX_NAMED else ""
        return [
            f"No figure given, so nothing imported for {plural(len(self.cells), 'value')}: "
            f"{named}{more}."
        ]


# What an indicator measured in a unit is, for saying how to write a figure of it.
_MEASURE = {
    "count": "a count",
    "days": "a number of days",
    "weeks": "a number of weeks",
    "rate per 10,000": "a rate per 10,000",
    "score": "a score",
}


def _tolerance(
    ind: Indicator, cells: dict[str, str], row: int, names: dict[str, str]
) -> float | None:
    """An amber tolerance cell: a band in the indicator's own unit (3 for 16% ± 3 points,
    60 children for a count). A percentage beside an indicator not measured in % is refused:
    read as 5 it made a count's band 5 children where 5% of its target was meant."""
    text = cells.get("amber_tolerance", "")
    column = names.get("amber_tolerance", "amber tolerance")
    tolerance = _number(text, row, column)
    if tolerance is None or not text.strip().endswith("%") or ind.unit == "%":
        return tolerance
    try:
        target = _number(cells.get("target", ""), row, column)
    except ImportFailed:
        target = None
    target = target if target is not None else ind.target
    example = (
        f" (for {fmt_number(tolerance)}% of the target {fmt_number(target)}, write "
        f"{fmt_number(target * tolerance / 100)})"
        if target
        else ""
    )
    what = _MEASURE.get(ind.unit, ind.unit)
    raise ImportFailed(
        f"“{text.strip()}” is a percentage, but {ind.slug} is {what}: write the amber "
        f"tolerance as {what}{example}",
        row=row,
        column=column,
    )


def _check_lengths(cells: dict[str, str], row: int, names: dict[str, str]) -> None:
    """Refuse a cell longer than its database column (or than any cell should be)."""
    for key, limit in _MAX_LENGTH.items():
        if len(cells.get(key, "")) > limit:
            what = "list of aliases" if key == "aliases" else key
            raise ImportFailed(
                f"this {what} is longer than {limit:,} characters, the most csbot keeps",
                row=row,
                column=names.get(key, key),
            )


_COLUMN_WORDS = {name: {w.replace("_", " ") for w in words} for name, words in LONG_COLUMNS.items()}


# "SN Avg", "England ave.", "Regional mean": a comparator's column headed with a short word
# for its average.
_AVERAGE_WORD = re.compile(r" (?:avg|ave|av|mean)$")


# A comparator's column headed with the year of its figures ("SN Avg 2025", "England
# 2025/26", "England avg (2024/25)"), and a region's or England's headed as an average
# ("North West avg", "London average").
_COMPARATORS = ("england", "region", "statistical_neighbours")
_YEAR_AT_END = re.compile(r"(?: (?:19|20)\d{2}(?: \d{2,4})?)$")
_AVERAGE_AT_END = re.compile(r" average$")


def _field_named(key: str, fields: Iterable[str] | None = None) -> str | None:
    """The field a header key names (as written or in the singular), among ``fields``."""
    for form in header_forms(key) if key else ():
        for name, words in _COLUMN_WORDS.items():
            if form in words and (fields is None or name in fields):
                return name
    return None


def _comparator_named(key: str) -> str | None:
    """The comparator a header key names once the year of its figures, and then a word for
    its average, are set aside; None when it names none so."""
    dated = _AVERAGE_WORD.sub(" average", _YEAR_AT_END.sub("", key))
    for candidate in (dated, _AVERAGE_AT_END.sub("", dated)):
        if candidate and candidate != key and (name := _field_named(candidate, _COMPARATORS)):
            return name
    return None


def _header_field(cell: str) -> str | None:
    """The field a header cell names, comparators headed with a year or as an average too."""
    key = _AVERAGE_WORD.sub(" average", header_key(cell).replace("_", " "))
    return _field_named(key) or _comparator_named(key)


def _columns(row: Row) -> dict[str, int]:
    """The first column of each field in a header row, by its heading as written or in the
    singular ("KPIs", "Targets", "Comments"), as a plan's headings are read."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        name = _header_field(cell)
        if name is not None and name not in found:
            found[name] = i
    return found


def _number(text: str, row: int, column: str, *, required: bool = False) -> float | None:
    raw = re.sub(r"\s+%$", "%", plain_minus(text.strip()))  # "85 %", as /kpi set also takes it
    if not raw or is_no_figure(raw):
        if required:
            raise ImportFailed("a value is required", row=row, column=column)
        return None
    if not _NUM.match(raw):
        flag = _FLAGS.get(raw.lower().strip("[]"))
        if flag:
            raise ImportFailed(
                f"“{raw}” is not a number: it marks a figure as {flag} rather than giving "
                "one, so write the figure itself",
                row=row,
                column=column,
            )
        flagged = _FLAGGED.match(raw)
        if flagged and flagged["flag"].lower() in _FLAGS:
            raise ImportFailed(
                f"“{raw}” is not a number: write the figure without its "
                f"{_FLAGS[flagged['flag'].lower()]} flag ({flagged['figure']})",
                row=row,
                column=column,
            )
        if _EXCEL_ERROR.match(raw):
            raise ImportFailed(
                f"“{raw}” is a spreadsheet error, not a figure: put the formula right, or "
                "write n/a where there is no figure",
                row=row,
                column=column,
            )
        if _STRAY_COMMA.match(raw):
            raise ImportFailed(
                f"“{raw[:30]}” is not a number: a comma in a figure separates thousands (as in "
                "1,250); write a decimal point for a fraction (1.25)",
                row=row,
                column=column,
            )
        if EXPONENT.match(raw):
            raise ImportFailed(
                f"{exponent_words(raw)}, as a spreadsheet shows one too wide "
                "for its column (and may have saved it without its last digits): widen the "
                "column or format the cells as numbers, and save the file again",
                row=row,
                column=column,
            )
        raise ImportFailed(f"“{raw[:30]}” is not a number", row=row, column=column)
    value = float(raw.rstrip("%").replace(",", ""))
    if not math.isfinite(value):
        raise ImportFailed(f"“{raw}” is not a number", row=row, column=column)
    return value


def _value(
    text: str,
    ind: Indicator,
    row: int,
    column: str,
    *,
    required: bool,
    hint: str = "",
    reference: bool = False,
) -> float | None:
    """A value cell, checked against the indicator's unit by chat's rule (see
    :func:`value_problem`; ``reference``: a target or comparator); ``hint`` says why the unit
    is what it is when the file did not give it."""
    value = _number(text, row, column, required=required)
    if value is not None:
        sign = text.strip().endswith("%")
        problem = value_problem(value, ind.unit, percent_sign=sign, reference=reference)
        if problem:
            raise ImportFailed(f"{problem} ({ind.slug}){hint}", row=row, column=column)
    return value


def _reference(
    text: str, ind: Indicator, row: int, column: str, indicators: _Indicators
) -> float | None:
    """A target or comparator cell, checked against the indicator's unit as its values are:
    a target of 950% is refused, not judged against."""
    hint = indicators.unit_hint(ind)
    return _value(text, ind, row, column, required=False, hint=hint, reference=True)


@dataclass(frozen=True)
class _Checks:
    """What a file's targets and comparators are checked and noted by, in either layout."""

    indicators: _Indicators
    fractions: _Fractions

    def references(
        self,
        cells: dict[str, str],
        keys: Iterable[str],
        ind: Indicator,
        row: int,
        names: dict[str, str],
    ) -> dict[str, float | None]:
        """The row's targets and comparators among ``keys`` that the file has a column for,
        each checked against the indicator's unit (a target of 950% is refused) and noted when
        it may be a fraction of a percentage."""
        found: dict[str, float | None] = {}
        for key in keys:
            if key in cells:
                number = _reference(cells[key], ind, row, names[key], self.indicators)
                what = _REFERENCES[key]
                self.fractions.add_reference(ind, what, cells[key], number, row)
                found[key] = number
        return found


def _count(text: str, row: int, column: str) -> float | None:
    """A numerator or denominator cell: it counts children, so it is a whole number, never
    negative."""
    value = _number(text, row, column)
    if value is not None and value < 0:
        raise ImportFailed(
            f"{value:g} is negative, but a count of children cannot be", row=row, column=column
        )
    problem = value_problem(value, "count") if value is not None else None
    if problem:
        raise ImportFailed(f"{problem} (it counts children)", row=row, column=column)
    return value


@dataclass(frozen=True)
class _Percent:
    """One value of a % indicator as the file wrote it."""

    row: int
    period: Period
    text: str
    value: float
    signed: bool  # written with a % sign

    @property
    def maybe_fraction(self) -> bool:
        """Between 0 and 1 and written without a % sign: 0.52 may be 52% as a fraction."""
        return not self.signed and 0 < self.value < 1


@dataclass(frozen=True)
class _Reference:
    """A target or comparator of a % indicator written between 0 and 1 without a % sign."""

    row: int
    what: str  # "target", "indicator target", "England", "region", "statistical neighbours"
    text: str
    value: float


class _Fractions:
    """Values of % indicators written without a % sign, to spot fractions (0.85 for 85%).

    A file whose values for a % indicator all lie within 0-1 was most likely exported as
    fractions; one such value among values written with % or above 1 (45%, 0.52, 55) most
    likely had its cell formatted otherwise. So did a target or comparator within 0-1 beside
    such percentages (82% against a target of 0.95), which would make the RAG wrong. Small
    percentages (0.5%) are real too, so the import goes ahead, the values as written, with a
    clear warning naming the indicator and rows (and periods) rather than a refusal.
    """

    def __init__(self) -> None:
        self.values: dict[str, list[_Percent]] = {}
        self.references: dict[str, list[_Reference]] = {}

    def add(self, ind: Indicator, text: str, value: float, row: int, period: Period) -> None:
        if ind.unit == "%":
            signed = text.strip().endswith("%")
            found = _Percent(row, period, text.strip(), value, signed)
            self.values.setdefault(ind.slug, []).append(found)

    def add_reference(
        self,
        ind: Indicator,
        what: str,
        text: str,
        value: float | None,
        row: int,
    ) -> None:
        """Note a target or comparator cell that may be a fraction."""
        if ind.unit == "%" and value is not None and 0 < value < 1 and "%" not in text:
            found = _Reference(row, what, text.strip(), value)
            self.references.setdefault(ind.slug, []).append(found)

    def refuse_over_percentages(self, stored_max: dict[str, float]) -> None:
        """Refuse a file whose every value for a % indicator lies within 0-1 when the figures
        stored for it are percentages above 1: fractions (as a CSV saves cells formatted as
        %), which would replace its real figures (and its target) with ones a hundred times
        smaller. A new indicator, or one with only small figures, gets the warning instead."""
        for slug, values in self.values.items():
            largest = stored_max.get(slug)
            if largest is None or largest <= 1 or not any(v.value for v in values):
                continue
            if not all(not v.signed and v.value <= 1 for v in values):
                continue
            shown = ", ".join(v.text for v in values[:3]) + (", …" if len(values) > 3 else "")
            first = values[0]
            raise ImportFailed(
                f"{slug}'s figures in this file are all within 0–1 ({shown}), where those "
                f"stored for it are percentages up to {fmt_number(largest, '%')}: they look like "
                "fractions, as a CSV saves cells formatted as %. Write them as percentages "
                f"({fmt_number(first.value * 100, '%')}), or format the cells as numbers, and "
                "import again",
                row=first.row,
            )

    def warnings(self) -> list[str]:
        """One warning per % indicator whose every value in the file lies within 0-1, or
        whose values in the file are percentages but for some that lie within 0-1; and one
        per % indicator whose targets or comparators lie within 0-1 beside such values."""
        notes = []
        for slug, values in self.values.items():
            references = self.references.get(slug, [])
            if not any(v.value for v in values):
                continue
            if all(not v.signed and v.value <= 1 for v in values):
                notes.append(_all_fractions(slug, values, references))
                continue
            if odd := [v for v in values if v.maybe_fraction]:
                notes.append(_some_fractions(slug, odd))
            if references:
                notes.append(_fraction_references(slug, references))
        return notes


def _all_fractions(slug: str, values: list[_Percent], references: list[_Reference]) -> str:
    """The warning for a % indicator whose every value in the file lies within 0-1 (naming
    its targets and comparators within 0-1 too, which need the same correction)."""
    numbers = sorted({v.row for v in values})
    rows = ", ".join(str(r) for r in numbers[:10])
    noun = "row" if len(numbers) == 1 else "rows"
    also = ""
    if references:
        kinds = " and ".join(dict.fromkeys(_kind(r) for r in references))
        also = f" (and its {kinds} between 0 and 1 in this file)"
    return (
        f"⚠️ Every value of {slug} (a percentage) in this file is between 0 and 1 "
        f"({noun} {rows}{'…' if len(values) > 10 else ''}), so they were stored as "
        f"1% or less. If they are fractions (0.85 for 85%), multiply them{also} by 100 and "
        "import the file again: the values will be corrected."
    )


def _kind(reference: _Reference) -> str:
    return "targets" if "target" in reference.what else "comparators"


def _some_fractions(slug: str, odd: list[_Percent]) -> str:
    """The warning for values within 0-1 among a % indicator's percentages in the file:
    "0.52 in May 2015 (row 2) looks like a fraction: 52%?"."""
    shown = odd[:10]
    named = [f"{v.text} in {v.period.label} (row {v.row})" for v in shown]
    listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
    more = f" and {len(odd) - len(shown)} more" if len(odd) > len(shown) else ""
    meant = ", ".join(fmt_number(v.value * 100, "%") for v in shown) + ("…" if more else "")
    stored = ", ".join(fmt_number(v.value, "%") for v in shown) + ("…" if more else "")
    one = len(odd) == 1
    return (
        f"⚠️ {slug} (a percentage): {listed}{more} "
        + ("looks like a fraction" if one else "look like fractions")
        + f": {meant}? The indicator's other values in this file are written with % or above "
        + f"1, and {'it was' if one else 'they were'} stored as written, {stored}. If "
        + f"{'it is' if one else 'they are'} {meant}, write that and import the file again: "
        + f"the {'value' if one else 'values'} will be corrected."
    )


def _fraction_references(slug: str, references: list[_Reference]) -> str:
    """The warning for targets or comparators within 0-1 beside a % indicator's percentages:
    "target 0.95 (rows 2, 3) looks like a fraction: 95%?"."""
    rows: dict[tuple[str, str, float], list[int]] = {}
    for r in references:
        rows.setdefault((r.what, r.text, r.value), []).append(r.row)
    cells = list(rows.items())
    shown = cells[:10]
    named = [
        f"{what} {text} ({'row' if len(numbers) == 1 else 'rows'} "
        f"{', '.join(str(n) for n in numbers[:10])}{'…' if len(numbers) > 10 else ''})"
        for (what, text, _value), numbers in shown
    ]
    listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
    more = f" and {len(cells) - len(shown)} more" if len(cells) > len(shown) else ""
    meant = ", ".join(fmt_number(v * 100, "%") for (_w, _t, v), _n in shown)
    stored = ", ".join(fmt_number(v, "%") for (_w, _t, v), _n in shown)
    one = len(cells) == 1
    targets = [r for r in references if _kind(r) == "targets"]
    rag = ""
    if targets:
        rag = f" Until then its RAG is judged against {fmt_number(targets[0].value, '%')}."
    return (
        f"⚠️ {slug} (a percentage): {listed}{more} "
        + ("looks like a fraction" if one else "look like fractions")
        + f": {meant}{'…' if more else ''}? Its values in this file are written with % or "
        + f"above 1, and {'it was' if one else 'they were'} stored as written, {stored}. If "
        + f"{'it is' if one else 'they are'} {meant}, write that and import the file again: "
        + f"{'it' if one else 'they'} will be corrected.{rag}"
    )


class _Parts:
    """Rows whose percentage is not their numerator over their denominator (85% beside 31 of
    50, which is 62%): the card shows both, so the report says which rows disagree."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def check(self, ind: Indicator, value: float, fields: dict[str, object], row: int) -> None:
        numerator, denominator = fields.get("numerator"), fields.get("denominator")
        if (
            ind.unit != "%"
            or not isinstance(numerator, float)
            or not isinstance(denominator, float)
        ):
            return
        if denominator <= 0:
            return
        share = numerator / denominator * 100
        if abs(share - value) > 0.5:  # more than a rounding to whole percentages
            self.rows.append(
                f"row {row}: {fmt_number(value, '%')} for {ind.slug}, but "
                f"{fmt_number(numerator)} of {fmt_number(denominator)} is "
                f"{fmt_number(share, '%')}"
            )

    def notes(self) -> list[str]:
        if not self.rows:
            return []
        more = len(self.rows) - _MAX_NAMED
        return [
            "⚠️ A percentage that is not its numerator over its denominator (both were imported "
            "as written; check the cells and import the file again):",
            *(f"  - {r}" for r in self.rows[:_MAX_NAMED]),
            *([f"  - and {more} more"] if more > 0 else []),
        ]


class _Seen:
    """Each (indicator, period) once per file: a second value is refused, naming where the
    first was: its row in a long file, and in a wide one its column too (two headers that
    name one period, "2024/25" and "2024-25", in one row)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[int, str, float]] = {}

    def check(self, ind: Indicator, period: Period, value: float, row: int, column: str) -> None:
        key = (ind.slug, period.key)
        if key in self.rows and self.rows[key][2] != value:
            first_row, first_column, _ = self.rows[key]
            if first_row == row:
                where = f"columns “{first_column}” and “{column}” both name {period.label}"
            elif first_column != column:
                where = f"row {first_row}, column “{first_column}”, and this one"
            else:
                where = f"row {first_row} and this one"
            raise ImportFailed(
                f"{ind.slug} for {period.label} is given twice with different values ({where})",
                row=row,
                column=column,
            )
        self.rows.setdefault(key, (row, column, value))


class _Timing:
    """Values for periods not started yet (refused: not imported) or not over yet
    (provisional), by row or by column, for the report."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.refused: dict[str, list[str]] = {}
        self.provisional: dict[str, list[str]] = {}

    def admit(self, period: Period, where: str, what: str) -> bool:
        """False (and noted) when ``period`` has not started: its value is not imported."""
        timing = period_timing(period.start, period.end, self.today)
        if timing == "future":
            self.refused.setdefault(where, []).append(what)
            return False
        if timing == "current":
            self.provisional.setdefault(where, []).append(what)
        return True

    def notes(self) -> list[str]:
        today = f"{self.today:%-d %b %Y}"
        notes = []
        if self.refused:
            notes.append(
                f"⚠️ Not imported: {_count_values(self.refused)} for a period that has not "
                f"started yet (today is {today}). Check the year of each period and import "
                "the file again:"
            )
            notes.extend(_named(self.refused))
        if self.provisional:
            notes.append(
                f"Provisional: {_count_values(self.provisional)} for a period that is not over "
                f"yet (today is {today}):"
            )
            notes.extend(_named(self.provisional))
        return notes


def _count_values(found: dict[str, list[str]]) -> str:
    return plural(sum(len(v) for v in found.values()), "value")


def _named(found: dict[str, list[str]]) -> list[str]:
    """One line per row or column, at most ``_MAX_NAMED``."""
    lines = [f"  - {where}: {', '.join(what)}" for where, what in list(found.items())[:_MAX_NAMED]]
    if len(found) > _MAX_NAMED:
        lines.append(f"  - and {len(found) - _MAX_NAMED} more")
    return lines


# A long row's targets and comparators, as a warning about a fraction among them names them.
_REFERENCES = {
    "target": "target",
    "england": "England",
    "region": "region",
    "statistical_neighbours": "statistical neighbours",
}
# A row's comparators: a wide row's go beside its latest value (see _Comparators).
_COMPARATORS = ("england", "region", "statistical_neighbours")
# The columns a wide row can have besides its periods.
_WIDE_KEYS = frozenset(
    {"indicator", "slug", "name", "unit", "polarity", "target", "amber_tolerance", "owner", "ref"}
    | {"aliases", "frequency", *_COMPARATORS}
)
_UNIT_HINT = "%, count, days, weeks, rate per 10,000, score"
_MAX_NAMED = 20


def _normal(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: for telling look-alike names."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _resembles(new: Indicator, old: Indicator) -> bool:
    """True when a new indicator's slug or name is close to an existing one's."""
    mine = {_normal(new.slug), _normal(new.name)} - {""}
    theirs = {_normal(t) for t in (old.slug, old.name, *(old.aliases or []))} - {""}
    for a in mine:
        for b in theirs:
            small, large = sorted((set(a.split()), set(b.split())), key=len)
            if len(small) >= 2 and small <= large:
                return True
            matcher = difflib.SequenceMatcher(None, a, b)
            if matcher.real_quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
                return True
    return False


def _quoted(value: object, unit: str) -> str:
    return f"“{value}”" if value else "none"


def _plain(value: object, unit: str) -> str:
    return str(value) if value else "none"


def _figure(value: object, unit: str) -> str:
    return fmt_number(value, unit) if isinstance(value, int | float) else "none"


def _list(value: object, unit: str) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) and value else "none"


def _better(value: object, unit: str) -> str:
    return f"{value} is better"


# How the report names a changed field of an indicator, and shows its values.
_FIELD_WORDS = {
    "name": ("name", _quoted),
    "owner_text": ("owner", _plain),
    "target": ("target", _figure),
    "aliases": ("aliases", _list),
    "frequency": ("frequency", _plain),
    "polarity": ("polarity", _better),
    "amber_tolerance": ("amber tolerance", _figure),
    "unit": ("unit", _plain),
}


def _same(field: str, old: object, new: object) -> bool:
    """True when a field's value at the end of the file is what it was before it."""
    if field == "aliases" and isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    return old == new


class _Indicators:
    """Indicators of the workspace by slug, created on first mention.

    Within one file every row must agree on an indicator's unit and polarity, and a file may
    not change the unit of an indicator that already has values: both are refused.
    """

    def __init__(self, uow: UnitOfWork, today: date) -> None:
        self.uow = uow
        self.today = today
        self.by_slug = {i.slug: i for i in uow.repos.indicators.all()}
        self.before = dict(self.by_slug)
        self.created: list[Indicator] = []
        self.assumed_unit: set[str] = set()
        # New indicators no row gave a polarity: "higher is better" was assumed.
        self.assumed_polarity: set[str] = set()
        self.declared: dict[tuple[str, str], tuple[str, int]] = {}
        self.notes: list[str] = []
        # What this file changed of indicators that existed before it: slug -> field -> the
        # value before the first change (reported against the value at the end).
        self.original: dict[str, dict[str, object]] = {}
        # Unchanged owner cells read otherwise than an earlier import read them.
        self.readings = OwnerReadings(uow.repos)
        # The workspace's people before the file (the report names those its owners add).
        self.people_before = people_ids(uow.repos)
        # Indicators whose owners this file set or put right already (one row each).
        self.owners_read: set[str] = set()
        # Indicators a row gave a frequency (a new one given none takes its values').
        self.frequency_given: set[str] = set()
        # The periods of the values this file gives each new indicator, by slug.
        self.periods: dict[str, list[Period]] = {}
        # New indicators whose frequency was taken from their values: slug -> frequency.
        self.inferred_frequency: dict[str, str] = {}
        # The period keys of the values the file gives each indicator, by slug.
        self.given: dict[str, set[str]] = {}
        # Indicators whose unit the file changed: slug -> (old unit, new unit, row, column,
        # the period keys of the values stored before the file).
        self.unit_changes: dict[str, tuple[str, str, int, str | None, set[str]]] = {}
        # Which row speaks for each indicator's own fields: its latest period's.
        self.latest_rows = LatestRows()
        # The owner cell of each indicator's latest row, read at the file's end (apply_owners).
        self.owner_cells: dict[str, tuple[Indicator, str, str]] = {}
        # Rows older than an indicator's newest stored value leave its own fields alone.
        self.older = OlderRows()
        # Each indicator's values stored before the file, by period key, read the first time
        # a row names it (see stored_values), and the newest of them.
        self._stored: dict[int, dict[str, IndicatorValue]] = {}
        self._newest: dict[int, IndicatorValue | None] = {}

    def stored_values(self, ind: Indicator) -> dict[str, IndicatorValue]:
        """The values stored for ``ind`` before the file, by period key: read in one query the
        first time a row names it (none for an indicator this file created)."""
        known = self._stored.get(ind.id)
        if known is None:
            new = ind.slug not in self.before
            known = self._stored[ind.id] = (
                {} if new else self.uow.repos.indicators.values_by_period(ind.id)
            )
            # Of the periods over: a provisional figure typed in chat for the month under way
            # must not keep this month's file (last month's figures) from giving its owner.
            self._newest[ind.id] = max(
                (
                    v
                    for v in known.values()
                    if v.period_end < self.today or not recorded_in_chat(v.source or "")
                ),
                key=lambda v: (v.period_end, v.period_start),
                default=None,
            )
        return known

    def _older(self, ind: Indicator, period: Period | None) -> IndicatorValue | None:
        """The newest value stored before the file, when ``period`` ends before it."""
        if period is None or ind.slug not in self.before:
            return None
        self.stored_values(ind)
        newest = self._newest[ind.id]
        return newest if self.older.older(period, newest) else None

    def set(self, ind: Indicator, field: str, value: object) -> None:
        """Give an indicator's ``field`` a new value, remembering the old one of an indicator
        that existed before the file, for the report."""
        old = getattr(ind, field)
        if old == value:
            return
        if ind.slug in self.before:
            self.original.setdefault(ind.slug, {}).setdefault(
                field, list(old) if isinstance(old, list) else old
            )
        setattr(ind, field, value)

    def _by_name_or_alias(self, label: str) -> Indicator | None:
        """An existing indicator whose name or an alias is ``label`` (any case); failing
        that, the only one whose name or alias is ``label`` but for punctuation ("Up to date
        PEPs" for "Up-to-date PEPs"), as next month's file may retype it."""
        wanted = " ".join(label.lower().split())
        loosely = _normal(label)
        loose: list[Indicator] = []
        for ind in self.by_slug.values():
            known = [ind.name, *(ind.aliases or [])]
            if wanted in {" ".join(k.lower().split()) for k in known}:
                return ind
            if loosely and loosely in {_normal(k) for k in known}:
                loose.append(ind)
        return loose[0] if len(loose) == 1 else None

    def _cut_apart(self, label: str, ind: Indicator) -> bool:
        """True when ``label`` makes ``ind``'s short name only once cut to its 64 characters:
        two long names that start alike ("… who had their teeth checked", "… who had their
        annual health assessment") are two indicators."""
        full = plan_slug(label)
        return len(full) > 64 and full != plan_slug(ind.name) and not self._names_it(ind, label)

    def _free_slug(self, slug: str) -> str:
        """``slug`` made unique among the workspace's indicators: ``…-2``, ``…-3``."""
        base = slug[:61].rstrip("-")
        n = 2
        while f"{base}-{n}" in self.by_slug:
            n += 1
        return f"{base}-{n}"

    def known(self, label: str) -> bool:
        """True when ``label`` names an indicator already known (slug, name or alias)."""
        return plan_slug(label)[:64] in self.by_slug or self._by_name_or_alias(label) is not None

    def _agree(
        self, ind: Indicator, field: str, value: str | None, row: int, column: str | None
    ) -> None:
        """Every row of the file gives an indicator the same unit (or polarity)."""
        if value is None:
            return
        first = self.declared.setdefault((ind.slug, field), (value, row))
        if first[0] != value:
            raise ImportFailed(
                f"{ind.slug} has the {field} “{first[0]}” on row {first[1]} but “{value}” on "
                f"this row: an indicator has one {field}, so the rows must agree. "
                "Nothing was changed.",
                row=row,
                column=column,
            )

    def _unit(self, ind: Indicator, unit: str | None, row: int, column: str | None) -> None:
        if unit is None or ind.unit == unit:
            return
        if ind.slug in self.before:
            # Changed only when the file gives every value stored (checked at its end, by
            # check_unit_changes): then no value keeps the old unit's meaning.
            stored = set(self.uow.repos.indicators.values_by_period(ind.id))
            self.unit_changes[ind.slug] = (ind.unit, unit, row, column, stored)
            self.set(ind, "unit", unit)  # named in the report
        ind.unit = unit  # or a new indicator whose earlier rows gave no unit
        self.assumed_unit.discard(ind.slug)

    def check_unit_changes(self) -> None:
        """Refuse the file when it changed the unit of an indicator some of whose stored
        values it does not give (they would be read in the new unit)."""
        for slug, (old, new, row, column, stored) in self.unit_changes.items():
            missing = stored - self.given.get(slug, set())
            if not missing:
                continue
            ind = self.by_slug[slug]
            raise ImportFailed(
                f"{slug} (“{ind.name}”) is measured in {old}, but this row gives {new}: an "
                f"import changes an indicator's unit only when it gives every value the "
                f"indicator has, as the others would change meaning ({len(missing)} stored "
                f"{'value is' if len(missing) == 1 else 'values are'} not in this file). Write "
                f"{old} in this row, or leave the cell blank, or give every value in {new}. "
                "Nothing was changed.",
                row=row,
                column=column,
            )

    def _create(
        self, slug: str, label: str, cells: dict[str, str], unit: str | None, where: tuple[int, str]
    ) -> Indicator:
        name = cells.get("name") or label or slug
        if len(name) > _MAX_NAME:
            raise ImportFailed(
                f"a new indicator takes this cell as its name, and a name is at most "
                f"{_MAX_NAME} characters: give it a shorter name in a Name column",
                row=where[0],
                column=where[1],
            )
        ind = Indicator(
            workspace_id=self.uow.workspace_id,
            slug=slug,
            name=name,
            unit=unit or "%",
            polarity="higher",
            aliases=[],
            owners=[],
        )
        self.uow.session.add(ind)
        self.uow.session.flush()
        self.by_slug[slug] = ind
        self.created.append(ind)
        if unit is None:
            self.assumed_unit.add(slug)
        self.assumed_polarity.add(slug)
        return ind

    def add_value(self, ind: Indicator, period: Period) -> None:
        """A value the file gives ``ind`` for ``period`` (its period kept for a new indicator,
        its period key for every indicator)."""
        self.given.setdefault(ind.slug, set()).add(period.key)
        if ind.slug not in self.before:
            self.periods.setdefault(ind.slug, []).append(period)

    def infer_frequencies(self) -> None:
        """Give each new indicator no row gave a frequency the one of most of its values'
        periods (monthly, quarterly or annual; a tie goes to the newest value's), rather
        than monthly whatever its figures are: a yearly indicator is reported annually.
        An existing indicator keeps its frequency unless the file gives one."""
        for ind in self.created:
            periods = self.periods.get(ind.slug)
            if ind.slug in self.frequency_given or not periods:
                continue
            newest_first = sorted(periods, key=lambda p: (p.end, p.start), reverse=True)
            families = [period_family(p.kind) for p in newest_first]
            frequency = commonest(families, None) or ind.frequency
            ind.frequency = frequency
            if frequency != "monthly":
                self.inferred_frequency[ind.slug] = frequency

    def unit_hint(self, ind: Indicator) -> str:
        """Why a new indicator is a percentage when the file did not say so ('' otherwise)."""
        if ind.slug not in self.assumed_unit:
            return ""
        return (
            f". The file gives no unit for {ind.slug}, so % was assumed: add a Unit column "
            f"({_UNIT_HINT}) to give its unit"
        )

    @staticmethod
    def _names_it(ind: Indicator, label: str) -> bool:
        """Whether ``label`` is already one of the indicator's names (name, slug, alias)."""
        known = {ind.name, ind.slug, *(ind.aliases or [])}
        return _normal(label) in {_normal(k) for k in known}

    def get(
        self,
        cells: dict[str, str],
        row: int,
        names: dict[str, str],
        period: Period | None = None,
        *,
        newest: Period | None = None,
    ) -> Indicator:
        """The indicator a row names, found or created, with the fields the row gives it
        (``period``: the row's, in a file of one row per period; there only the latest
        period's row gives the indicator its name, owner, aliases, tolerance and frequency).
        A row older than the indicator's newest stored value (``period``, or a wide row's
        ``newest`` figure's) gives it none of them but its frequency (see OlderRows)."""
        label = cells.get("indicator") or cells.get("name") or ""
        slug = plan_slug(cells.get("slug") or label)[:64]
        if not label.strip() and not cells.get("slug"):
            raise ImportFailed(
                "the indicator is missing", row=row, column=names.get("indicator", "indicator")
            )
        if not slug:
            raise ImportFailed(
                f"the indicator “{(cells.get('slug') or label)[:80]}” has no letter or digit "
                "(A-Z, 0-9) to make its short name of",
                row=row,
                column=names.get("slug" if cells.get("slug") else "indicator", "indicator"),
            )
        _check_lengths(cells, row, names)
        if cells.get("slug") and len(plan_slug(cells["slug"])) > _SLUG_CHARS:
            # Cut, it would not be the slug the file names (`/kpi <slug>` would find nothing).
            raise ImportFailed(
                f"this slug is longer than {_SLUG_CHARS} characters, the most a short name has: "
                "give a shorter one",
                row=row,
                column=names.get("slug", "slug"),
            )
        unit = unit_named(cells.get("unit", ""))
        if cells.get("unit", "").strip() and unit is None:
            raise ImportFailed(
                f"“{cells['unit']}” is not a unit I know ({_UNIT_HINT})",
                row=row,
                column=names.get("unit"),
            )
        polarity = polarity_named(cells.get("polarity", ""))
        if cells.get("polarity", "").strip() and polarity is None:
            raise ImportFailed(
                f"“{cells['polarity'][:40]}” does not say which way is better: write “Higher "
                "is better” or “Lower is better” (or High, Low, ↑, ↓)",
                row=row,
                column=names.get("polarity"),
            )
        ind = self.by_slug.get(slug)
        if ind is not None and not cells.get("slug") and self._cut_apart(label, ind):
            # Another long name that only its cut short name makes this indicator's: it is
            # another indicator (or one made so before), never this one's values.
            ind = self._by_name_or_alias(label)
            slug = self._free_slug(slug) if ind is None else ind.slug
        if ind is None and not cells.get("slug"):
            ind = self._by_name_or_alias(label)
        if ind is None:
            named_by = "indicator" if cells.get("indicator") else "name"
            ind = self._create(slug, label, cells, unit, (row, names.get(named_by, named_by)))
        # An earlier period's row leaves the indicator's own fields to the latest row's.
        latest = self._latest_fields(ind, cells, row, period or newest, by_row=period is not None)
        if "name" in latest and cells.get("name"):
            self.set(ind, "name", cells["name"])
        elif "name" in latest and label.strip() and not self._names_it(ind, label):
            # Found by its slug, the Indicator column is its name (as csbot's export writes
            # it, and as a new indicator takes it): a changed name there renames it.
            self.set(ind, "name", label.strip())
        self._agree(ind, "unit", unit, row, names.get("unit"))
        self._agree(ind, "polarity", polarity, row, names.get("polarity"))
        self._unit(ind, unit, row, names.get("unit"))
        if polarity is not None:
            self.set(ind, "polarity", polarity)
            self.assumed_polarity.discard(ind.slug)
        aliases = [a.strip() for a in re.split(r"[;,]", cells.get("aliases", "")) if a.strip()]
        if "list of aliases" in latest and sorted(ind.aliases or []) != sorted(aliases):
            self.set(ind, "aliases", aliases)
        code = " ".join(cells.get("ref", "").split())
        if code and not self._names_it(ind, code):
            # The file's own code for it ("CIC01"), so that `/kpi CIC01` finds it.
            self.set(ind, "aliases", [*(ind.aliases or []), code])
        tolerance = _tolerance(ind, cells, row, names)
        if tolerance is not None and tolerance < 0:
            raise ImportFailed(
                "the amber tolerance cannot be negative",
                row=row,
                column=names.get("amber_tolerance"),
            )
        if tolerance is not None and "amber tolerance" in latest:
            self.set(ind, "amber_tolerance", tolerance)
        if "frequency" in latest:
            self.set(ind, "frequency", cells["frequency"])
        if cells.get("frequency"):
            self.frequency_given.add(ind.slug)
        if "owner" in latest:
            # Read once the whole file is: only the latest period's owner cell counts, and an
            # earlier row read first must neither undo a hand-over nor add its people.
            owner = cells.get("owner", "").strip()
            self.owner_cells[ind.slug] = (
                ind,
                owner,
                lines_to_read(owner, cells.get(OWNER_LINES, "")),
            )
        return ind

    def apply_owners(self) -> None:
        """Give each indicator the owners its latest row's owner cell names (see get)."""
        for ind, owner, read_from in self.owner_cells.values():
            self._apply_owner(ind, owner, read_from)
        self.owner_cells.clear()

    def _apply_owner(self, ind: Indicator, owner: str, read_from: str) -> None:
        if owner and ind.owner_text != owner and ind.imported_owner_text != owner:
            # The file names other owners than its last import did (owners set in chat since,
            # by a hand-over say, stand while the file still names the old ones).
            self.set(ind, "owner_text", owner)
            ind.owners = owner_rows(self.readings.resolve(read_from), IndicatorOwner)
            self.owners_read.add(ind.slug)
        elif (
            owner
            and ind.owner_text == owner
            and ind.slug in self.before
            and ind.slug not in self.owners_read
            and self.readings.reads_otherwise(ind.owners, read_from)
        ):
            # The same owner cell, read wrongly by an earlier import (see OwnerReadings).
            self.readings.record(ind.owners, f"{ind.slug} ({owner[:60]})")
            ind.owners = owner_rows(self.readings.resolve(read_from), IndicatorOwner)
            self.owners_read.add(ind.slug)
        if owner and ind.imported_owner_text != owner:
            ind.imported_owner_text = owner

    def _latest_fields(
        self, ind: Indicator, cells: dict[str, str], row: int, period: Period | None, by_row: bool
    ) -> frozenset[str]:
        """The indicator's own fields this row gives and is to set: in a file of one row per
        period (``by_row``), those it gives for the latest period of the rows giving them
        (LatestRows); never, but for its frequency, those of a row whose ``period`` is older
        than the indicator's newest stored value (OlderRows)."""
        label = (cells.get("indicator") or "").strip() if cells.get("slug") else ""
        aliases = sorted(a.strip() for a in re.split(r"[;,]", cells.get("aliases", "")))
        given = {
            "name": " ".join((cells.get("name") or label).split()),
            "owner": " ".join(cells.get("owner", "").split()),
            "list of aliases": ", ".join(a for a in aliases if a),
            "amber tolerance": cells.get("amber_tolerance", "").strip(),
            "frequency": cells.get("frequency", "").strip(),
        }
        stored = self._older(ind, period)
        latest: list[str] = []
        for what, value in given.items():
            if not value:
                continue
            if stored is not None and period is not None and what != "frequency":
                unchanged = _same_as(what, value) in self._current(ind, what)
                self.older.leave(ind.slug, what, period, stored, unchanged)
                continue
            row_period = period if by_row else None
            if self.latest_rows.admit(
                ind.slug, what, value, row, row_period, _same_as(what, value)
            ):
                latest.append(what)
                self.older.take(ind.slug, what)
        return frozenset(latest)

    def _current(self, ind: Indicator, what: str) -> frozenset[str]:
        """What makes a row's ``what`` the same as the indicator's own (see _same_as)."""
        if what == "name":
            return frozenset(_same_as(what, " ".join(n.split())) for n in (ind.name, ind.slug))
        if what == "owner":
            return frozenset(
                _same_as(what, " ".join(o.split()))
                for o in (ind.owner_text, ind.imported_owner_text)
                if o
            )
        if what == "list of aliases":
            return frozenset([_same_as(what, ", ".join(sorted(ind.aliases or [])))])
        if what == "amber tolerance" and ind.amber_tolerance is not None:
            return frozenset([repr(float(ind.amber_tolerance))])
        return frozenset()

    def set_target(self, ind: Indicator, target: float, period: Period | None) -> None:
        """A row's standing target for an indicator: set unless the row (``period``, a wide
        row's newest figure's) is older than the indicator's newest stored value."""
        stored = self._older(ind, period)
        if stored is not None and period is not None:
            self.older.leave(ind.slug, "target", period, stored, ind.target == target)
            return
        self.older.take(ind.slug, "target")
        self.set(ind, "target", target)

    def changes(self) -> dict[str, list[str]]:
        """What the file changed of each indicator that existed before it, in words: slug ->
        ["name “A” → “B”", "owner Fiona Smith → Jon Abbey"] (a field the file changed and
        changed back is left out)."""
        found: dict[str, list[str]] = {}
        for slug, fields in self.original.items():
            ind = self.by_slug[slug]
            words = []
            for field, (label, shown) in _FIELD_WORDS.items():
                if field not in fields:
                    continue
                old, new = fields[field], getattr(ind, field)
                if _same(field, old, new):
                    continue
                words.append(f"{label} {shown(old, ind.unit)} → {shown(new, ind.unit)}")
            if words:
                found[slug] = words
        return found

    def report_notes(self) -> list[str]:
        """New indicators (and look-alikes of existing ones), assumed units, and what changed
        of existing indicators."""
        notes = list(self.notes)
        notes.extend(self.latest_rows.notes())
        notes.extend(self.older.notes())
        self.readings.close(notes, "indicator")
        changes = self.changes()
        if changes:
            notes.append(f"{plural(len(changes), 'indicator')} changed:")
            notes.extend(
                f"  - {slug}: {'; '.join(words)}"
                for slug, words in list(changes.items())[:_MAX_NAMED]
            )
            if len(changes) > _MAX_NAMED:
                notes.append(f"  - and {len(changes) - _MAX_NAMED} more")
        if self.created:
            notes.append(f"{plural(len(self.created), 'new indicator')}.")
        named = [
            f"new indicator {i.slug} (“{i.name}”"
            + (f"; `/kpi {i.aliases[0]}` finds it too" if i.aliases else "")
            + ")"
            for i in self.created[:_MAX_NAMED]
        ]
        if len(self.created) > _MAX_NAMED:
            named.append(f"and {len(self.created) - _MAX_NAMED} more new indicators")
        notes.extend(n[0].upper() + n[1:] + "." for n in named)
        for ind in self.created:
            alike = [o for o in self.before.values() if _resembles(ind, o)][:3]
            if alike:
                others = ", ".join(f"{o.slug} (“{o.name}”)" for o in alike)
                notes.append(
                    f"⚠️ The new indicator {ind.slug} resembles the existing {others}: if it "
                    "is the same indicator, write that slug (or add the name as an alias) "
                    "and import again."
                )
        if self.assumed_unit:
            slugs = ", ".join(sorted(self.assumed_unit)[:_MAX_NAMED])
            notes.append(
                f"The file gives no unit for {slugs}, so % was assumed: add a Unit column "
                f"({_UNIT_HINT}) and import the file again to give another (a file that "
                "gives every value of an indicator may change its unit)."
            )
        if self.inferred_frequency:
            taken = ", ".join(
                f"{slug} ({frequency})"
                for slug, frequency in sorted(self.inferred_frequency.items())[:_MAX_NAMED]
            )
            notes.append(
                f"Frequency taken from the periods of the values, as the file gives none: "
                f"{taken}. Add a Frequency column (monthly, quarterly, annual) and import "
                "again to give another."
            )
        if self.assumed_polarity:
            slugs = ", ".join(sorted(self.assumed_polarity)[:_MAX_NAMED])
            notes.append(
                f"The file gives no polarity for {slugs}, so higher was taken to be better "
                "(a fall shows as worsening): if lower is better for any, add a Polarity column "
                "(Higher is better, Lower is better) and import again."
            )
        return notes


def _same_as(what: str, value: str) -> str:
    """What makes two values a file's rows give an indicator's field the same: a name or
    owner whatever its case, a tolerance as a number (``3``, ``3.0``, ``3%``), a frequency by
    its word (``Month``, ``monthly``)."""
    if what == "amber tolerance":
        try:
            return repr(float(value.rstrip("%").replace(",", "")))
        except ValueError:
            return value
    if what == "frequency":
        return frequency_family(value) or value.lower()
    return value.casefold()


def _is_footnote(row: Row, indicators: _Indicators) -> bool:
    """A note under the table ("Source: DfE SSDA903 return"): text in the first cell only,
    naming no known indicator."""
    first = row.cell(0).strip()
    return bool(first) and not any(row.cells[1:]) and not indicators.known(first)


def _finish(
    report: KpiImportReport,
    indicators: _Indicators,
    fractions: _Fractions,
    timing: _Timing,
    *,
    no_figures: _NoFigures,
    read: int,
    skipped: list[Row],
    ignored: list[str],
) -> ImportReport:
    """Refuse a file with no data rows; otherwise add the notes to the report."""
    if not read:
        notes = "".join(
            f" Row {r.number} (“{r.cell(0)[:60]}”) has text in its first cell only, so it "
            "was read as a note, not an indicator."
            for r in skipped[:3]
        )
        raise ImportFailed(
            f"the file has a header but no indicator rows.{notes} Nothing was changed."
        )
    indicators.apply_owners()
    indicators.check_unit_changes()
    indicators.uow.session.flush()
    people_notes = new_people_notes(indicators.uow.repos, indicators.people_before)
    report.notes.extend(timing.notes())
    report.notes.extend(no_figures.notes())
    if report.kept_in_chat:
        report.notes.append(
            f"Kept {plural(len(report.kept_in_chat), 'value')} corrected in chat, which the "
            "file gives as it did before the correction (or did not give then): "
            f"{some_of(report.kept_in_chat, _MAX_NAMED)}. A file that gives such a period a new "
            "value replaces the correction; to take the file's value now, record it with `/kpi "
            "<indicator> set <value> for <period>`."
        )
    if report.replaced_chat:
        report.notes.append(
            f"Replaced {plural(len(report.replaced_chat), 'figure')} first typed in chat "
            f"with the file's: {some_of(report.replaced_chat, _MAX_NAMED)}."
        )
    if report.revised:
        report.notes.append(
            f"Revised {plural(len(report.revised), 'figure')}: "
            f"{some_of(report.revised, _MAX_NAMED)}."
        )
    if report.kept_removed:
        report.notes.append(
            f"Left out {plural(len(report.kept_removed), 'value')} removed in chat, which the "
            f"file still gives as it did then: {some_of(report.kept_removed, _MAX_NAMED)}. A file "
            "that gives such a period another figure imports it; to put a value back now, "
            "record it with `/kpi <indicator> set <value> for <period>`."
        )
    indicators.infer_frequencies()
    report.notes.extend(indicators.report_notes())
    report.indicators_created = len(indicators.created)
    report.indicators_changed = len(indicators.changes())
    unknown = [c for c in ignored if not c.endswith((" is read)", _ONE_ROW_PER_PERIOD))]
    if unknown:
        report.notes.append(
            "Columns not imported (neither a known column nor a period I can read): "
            + ", ".join(unknown)
            + "."
        )
    if seconds := [c for c in ignored if c.endswith(" is read)")]:
        report.notes.append(
            "Columns not imported, as an earlier one gives the same: " + ", ".join(seconds) + "."
        )
    if long_only := [c for c in ignored if c.endswith(_ONE_ROW_PER_PERIOD)]:
        report.notes.append("Columns not imported: " + ", ".join(long_only) + ".")
    for row in skipped[:_MAX_NAMED]:
        report.notes.append(
            f"Skipped row {row.number} (“{row.cell(0)[:80]}”): only its first cell has text, "
            "so it was read as a heading or a note, not an indicator."
        )
    report.notes.extend(fractions.warnings())
    report.notes.extend(people_notes)
    return report


class _Values:
    """The stored values of the file's indicators by period, each indicator's read in one
    query the first time a row names it, so that a file of thousands of rows is matched to
    the values stored without a query per row; values the file adds are kept here too (a
    second row for the same indicator and period finds the first)."""

    def __init__(self, uow: UnitOfWork, indicators: _Indicators) -> None:
        self.uow = uow
        self.indicators = indicators
        self.by_indicator: dict[int, dict[str, IndicatorValue]] = {}
        # The largest figure stored for each indicator before the file (see _Fractions).
        self.stored_max: dict[str, float] = {}
        # Values removed in chat that a file had given (read at the first value with none).
        self._removals: dict[tuple[int, str], IndicatorValueRemoval] | None = None

    def removal(self, ind: Indicator, period: Period) -> IndicatorValueRemoval | None:
        """The removal in chat of ``ind``'s value for ``period``, if remembered."""
        if ind.slug not in self.indicators.before:
            return None  # created by this file: nothing of it was removed
        if self._removals is None:
            self._removals = self.uow.repos.indicators.removals()
        return self._removals.get((ind.id, period.key))

    def of(self, ind: Indicator) -> dict[str, IndicatorValue]:
        known = self.by_indicator.get(ind.id)
        if known is None:
            stored = self.indicators.stored_values(ind)
            known = self.by_indicator[ind.id] = stored
            if stored:  # before this file changes any of them
                self.stored_max[ind.slug] = max(v.value for v in stored.values())
        return known


def _put_value(
    values: _Values,
    ind: Indicator,
    period: Period,
    fields: dict[str, object],
    report: KpiImportReport,
) -> None:
    stored = values.of(ind)
    existing = stored.get(period.key)
    if existing is None and (removal := values.removal(ind, period)) is not None:
        if removal.imported_value == fields["value"]:
            # Removed in chat, and the file still gives the figure it gave then.
            report.kept_removed.append(
                f"{ind.slug} {period.label} ({fmt_number(removal.imported_value, ind.unit)})"
            )
            return
        values.uow.session.delete(removal)  # the file's new figure for the period stands
    if existing is None:
        # Added, not flushed one by one: the new rows are sent together (at the next query,
        # or when the import commits).
        added = new_value(ind, period, imported_value=fields["value"], **fields)
        stored[period.key] = added
        values.uow.session.add(added)
        report.created += 1
        return
    replaced = False
    if recorded_in_chat(existing.source or ""):  # None: a row this file added, unsent
        fields, replaced = _over_chat_value(values.uow, ind, existing, fields, report)
    changed = False
    before = existing.value
    for key, value in fields.items():
        if value is not None and getattr(existing, key) != value:
            setattr(existing, key, value)
            changed = True
    if changed:
        report.updated += 1
        if existing.value != before and existing.id is not None and not replaced:
            report.revised.append(
                f"{ind.slug} {existing.period_label} {fmt_number(before, ind.unit)} → "
                f"{fmt_number(existing.value, ind.unit)}"
            )
    else:
        report.unchanged += 1


def _over_chat_value(
    uow: UnitOfWork,
    ind: Indicator,
    existing: IndicatorValue,
    fields: dict[str, object],
    report: KpiImportReport,
) -> tuple[dict[str, object], bool]:
    """The fields a file gives a period whose value was recorded in chat, and whether they
    replace a figure first typed there. A correction of a file's figure stands while the file
    gives the value it gave before it (or gave none before: a correction made before csbot
    kept that), and the report names it; a file whose value changed since gives its own, and
    its source replaces the chat's. A figure first typed in chat (before the period's return
    was in) gives way to the file's, which the report names too."""
    value = fields["value"]
    assert isinstance(value, float)
    if existing.value == value:
        if existing.imported_value != value:
            existing.imported_value = value
        return fields, False
    if existing.imported_value is not None and existing.imported_value != value:
        existing.imported_value = value
        return {**fields, "source": fields.get("source") or ""}, False
    if existing.imported_value is None and _first_typed_in_chat(uow, existing):
        report.replaced_chat.append(
            f"{ind.slug} {existing.period_label} {fmt_number(existing.value, ind.unit)} "
            f"({existing.source}) → {fmt_number(value, ind.unit)}"
        )
        existing.imported_value = value
        return {**fields, "source": fields.get("source") or ""}, True
    if existing.imported_value != value:
        existing.imported_value = value
    report.kept_in_chat.append(
        f"{ind.slug} {existing.period_label} ({fmt_number(existing.value, ind.unit)}, "
        f"{existing.source}; the file: {fmt_number(value, ind.unit)})"
    )
    return {k: v for k, v in fields.items() if k not in ("value", "source")}, False


def _first_typed_in_chat(uow: UnitOfWork, existing: IndicatorValue) -> bool:
    """Whether a value with no file's figure beside it was first recorded in chat rather
    than imported and then corrected (before csbot kept a corrected file's figure): as its
    audit trail's record of its creation says."""
    created = uow.repos.audit.created_with("indicator_value", existing.id)
    return created is not None and recorded_in_chat(str(created.get("source") or ""))


def with_note(note: str, period_note: str) -> str:
    """A value's note with the note written beside its period ("provisional") added, once."""
    if period_note.lower() in note.lower():
        return note
    return f"{note} ({period_note})" if note else period_note


def _ignored(header: Row, used: set[int], cols: dict[str, int]) -> list[str]:
    """Headed columns not read, quoted: neither a known column nor a period, or a second
    column of a field an earlier one gives (``“National average” (England: “England” is
    read)``)."""
    ignored = []
    for i, cell in enumerate(header.cells):
        if not cell or i in used:
            continue
        name = _header_field(cell)
        what = "England" if name == "england" else (name or "").replace("_", " ")
        if name is not None and name in cols:
            ignored.append(f"“{cell}” ({what}: “{header.cell(cols[name])}” is read)")
        elif name is not None:  # a long file's field, as a note: not one of a wide file's
            ignored.append(f"“{cell}” ({what}{_ONE_ROW_PER_PERIOD}")
        else:
            ignored.append(f"“{cell}”")
    return ignored


# The end of a wide file's column whose field only a file of one row per period gives.
_ONE_ROW_PER_PERIOD = ": read only from a file of one row per period)"


# A quarter written with one year ("Q3 2015", "2015 Q3"), not a financial year's ("Q3 2015/16",
# "FY15/16 Q3") nor by its months ("Jul-Sep 2015"): one a reader could take for a calendar one.
_QUARTER_WORD = re.compile(r"\b(?:q|qtr|quarter)\s*[1-4]\b", re.I)
_TWO_YEARS = re.compile(r"\d\s*[/-]\s*\d|\bfy", re.I)


def _one_year_quarters(read: dict[str, str], text: str, period: Period) -> None:
    """Note in ``read`` (text → quarter) a period written as a quarter of one year."""
    written = " ".join(text.split())
    one_year = _QUARTER_WORD.search(written) and not _TWO_YEARS.search(written)
    if period.kind == "quarter" and one_year:
        read.setdefault(written, period.describe())


def _period(text: str, row: int, names: dict[str, str], today: date) -> tuple[Period, str]:
    """A long row's period and the note beside it; a cell naming no period is refused with
    what is wrong when the parser can say it (``May-Jul 2025`` is no quarter), else with the
    kinds of period a file may give, by recent examples."""
    try:
        return period_and_note(text)
    except PeriodError as error:
        what = f"“{text[:30]}” is not a period" if text.strip() else "the period is missing"
        message = reason(error) or f"{what}: write {examples(today)}"
        raise ImportFailed(message, row=row, column=names["period"]) from None


class _LatestTargets:
    """The standing target a long file gives an indicator that has none: its latest period's
    target (as a wide file's latest year's target is), not its first row's, which in a file
    of several years is the oldest year's and would judge later figures by an old target."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[Period, float, Indicator]] = {}

    def offer(self, ind: Indicator, period: Period, target: float) -> None:
        """A row's target for ``period``, kept when its period is the latest so far."""
        known = self.found.get(ind.slug)
        if known is None or (period.end, period.start) > (known[0].end, known[0].start):
            self.found[ind.slug] = (period, target, ind)

    def apply(self, indicators: _Indicators) -> None:
        """Give each indicator still without a target its latest period's."""
        for _period, target, ind in self.found.values():
            if ind.target is None:
                indicators.set(ind, "target", target)


def _import_long(
    uow: UnitOfWork, table: Table, header: Row, cols: dict[str, int], today: date
) -> ImportReport:
    names = {k: header.cells[v] for k, v in cols.items()}
    report = KpiImportReport(kind="KPI values")
    timing = _Timing(today)
    indicators = _Indicators(uow, today)
    seen = _Seen()
    fractions = _Fractions()
    no_figures = _NoFigures()
    checks = _Checks(indicators, fractions)
    parts = _Parts()
    quarters: dict[str, str] = {}  # quarters of one year as written -> as read
    standing_from = _LatestTargets()
    values = _Values(uow, indicators)
    _expect_owners(indicators, table, header.number, cols.get("owner"))
    read, skipped = 0, []
    for row in table.rows:
        if row.number <= header.number:
            continue
        if _is_footnote(row, indicators):
            skipped.append(row)
            continue
        read += 1
        cells = {k: row.cell(v) for k, v in cols.items()}
        if "owner" in cols:  # with its line breaks, which owners are read from
            cells[OWNER_LINES] = row.cell_lines(cols["owner"])
        period, period_note = _period(cells.get("period", ""), row.number, names, today)
        _one_year_quarters(quarters, cells.get("period", ""), period)
        # A row for a period not started yet is left out before its indicator is looked up,
        # so that it creates no indicator either.
        named = cells.get("slug") or cells.get("indicator") or cells.get("name") or "?"
        if not cells["value"].strip() or is_no_figure(cells["value"]):
            # A figure not in yet (a blank cell, TBC): like a period not started yet, the row
            # creates no indicator either.
            no_figures.add(f"row {row.number}, {named[:60]} {period.label}", cells["value"])
            continue
        if not timing.admit(period, f"row {row.number}", f"{named[:60]} {period.label}"):
            continue
        ind = indicators.get(cells, row.number, names, period)
        value = _value(
            cells["value"],
            ind,
            row.number,
            names["value"],
            required=True,
            hint=indicators.unit_hint(ind),
        )
        assert value is not None
        fractions.add(ind, cells["value"], value, row.number, period)
        seen.check(ind, period, value, row.number, names["value"])
        fields: dict[str, object] = {"value": value}
        fields.update(checks.references(cells, _REFERENCES, ind, row.number, names))
        for key in ("numerator", "denominator"):
            if key in cells:
                fields[key] = _count(cells[key], row.number, names[key])
        for key in ("note", "source"):
            if cells.get(key):
                fields[key] = cells[key]
        if period_note:
            fields["note"] = with_note(str(fields.get("note", "")), period_note)
        parts.check(ind, value, fields, row.number)
        _put_value(values, ind, period, fields, report)
        indicators.add_value(ind, period)
        column = names.get("standing_target", "")
        standing = _reference(cells.get("standing_target", ""), ind, row.number, column, indicators)
        if standing is not None:
            text = cells["standing_target"]
            fractions.add_reference(ind, "indicator target", text, standing, row.number)
            indicators.set_target(ind, standing, period)
        elif isinstance(target := fields.get("target"), float) and ind.target is None:
            standing_from.offer(ind, period, target)
    standing_from.apply(indicators)
    fractions.refuse_over_percentages(values.stored_max)
    ignored = _ignored(header, set(cols.values()), cols)
    finished = _finish(
        report,
        indicators,
        fractions,
        timing,
        no_figures=no_figures,
        read=read,
        skipped=skipped,
        ignored=ignored,
    )
    finished.notes.extend(parts.notes())
    finished.note_quarter_periods(quarters)
    return finished


# "Target 2026/27", "2026/27 Target", "Target (2026/27)": a wide row's target for that period.
_PERIOD_TARGET = re.compile(
    r"^(?:target\s+(?:for\s+)?(?P<after>.+)|(?P<before>.+?)\s+target)$", re.I
)


def _period_targets(header: Row) -> dict[int, Period]:
    """The columns of a wide header that give each row's target for a period (a year, most
    often), by column."""
    found = {}
    for i, cell in enumerate(header.cells):
        m = _PERIOD_TARGET.match(" ".join(cell.split()))
        text = (m["after"] or m["before"]).strip(" ()") if m else ""
        # "Target 26/27": beside "Target", two short years are a financial year's.
        period = (try_parse_period(text) or try_parse_period(f"FY {text}")) if text else None
        if period is not None:
            found[i] = period
    return found


def _target_within(period: Period, targets: list[tuple[Period, float]]) -> float | None:
    """The target of the narrowest period in ``targets`` that ``period`` falls within."""
    within = [
        (t.end - t.start, value)
        for t, value in targets
        if t.start <= period.start and period.end <= t.end
    ]
    return min(within)[1] if within else None


def _wide_targets(
    checks: _Checks,
    ind: Indicator,
    row: Row,
    header: Row,
    period_targets: dict[int, Period],
    cells: dict[str, str],
    names: dict[str, str],
    today: date,
    newest: Period | None,
) -> list[tuple[Period, float]]:
    """A wide row's targets: its Target cell (the indicator's standing target, unless the
    row's ``newest`` figure is older than its stored ones) and its targets for a period
    (``Target 2026/27``), each checked against the unit; the latest of those that has started
    is the standing target of an indicator with none."""
    indicators = checks.indicators
    target = checks.references(cells, ("target",), ind, row.number, names).get("target")
    if target is not None:
        indicators.set_target(ind, target, newest)
    targets = []
    for i, within in period_targets.items():
        number = _reference(row.cell(i), ind, row.number, header.cells[i], indicators)
        if number is not None:
            what = f"target for {within.label}"
            checks.fractions.add_reference(ind, what, row.cell(i), number, row.number)
            targets.append((within, number))
    started = [(t.start, value) for t, value in targets if t.start <= today]
    if target is None and ind.target is None and started:
        # As a long row's target does, the latest year's becomes the standing target.
        indicators.set(ind, "target", max(started)[1])
    return targets


class _Comparators:
    """A wide row's comparators (one England, region and statistical neighbours figure each)
    go beside its latest value that the file imports, as a scorecard shows them beside its
    latest month; a row with comparators but no value to put them beside is reported."""

    def __init__(self) -> None:
        self.placed: list[str] = []
        self.unplaced: list[str] = []

    def place(
        self,
        found: dict[str, float | None],
        admitted: list[tuple[Period, dict[str, object]]],
        ind: Indicator,
        row: int,
    ) -> None:
        """Add the row's comparators to the fields of its latest admitted value."""
        given = {key: number for key, number in found.items() if number is not None}
        if not given:
            return
        if not admitted:
            self.unplaced.append(f"row {row} ({ind.slug})")
            return
        period, fields = max(admitted, key=lambda a: (a[0].end, a[0].start))
        fields.update(given)
        self.placed.append(f"{ind.slug} {period.label}")

    def notes(self) -> list[str]:
        """Where the comparators went, and the rows whose comparators had nowhere to go."""
        notes = []
        if self.placed:
            more = len(self.placed) - _MAX_NAMED
            notes.append(
                "Comparators (England, region, statistical neighbours) go with each row's "
                f"latest value: {', '.join(self.placed[:_MAX_NAMED])}"
                + (f" and {more} more." if more > 0 else ".")
            )
        if self.unplaced:
            notes.append(
                "⚠️ Comparators not imported, as their row has no value in this file to go "
                f"with: {', '.join(self.unplaced[:_MAX_NAMED])}."
            )
        return notes


def _expect_owners(indicators: _Indicators, table: Table, header: int, column: int | None) -> None:
    """Read every owner cell (in ``column``, below the header on row ``header``) before the
    rows, so that a name written alone is read alike whichever row comes first."""
    if column is not None:
        indicators.readings.expect(
            lines_to_read(row.cell(column).strip(), row.cell_lines(column))
            for row in table.rows
            if row.number > header
        )


def _newest_figure(row: Row, periods: dict[int, Period], today: date) -> Period | None:
    """The latest period, started by ``today``, of a wide row's cells that give a figure."""
    given = [
        p
        for i, p in periods.items()
        if p.start <= today and row.cell(i).strip() and not is_no_figure(row.cell(i))
    ]
    return max(given, key=lambda p: (p.end, p.start), default=None)


def _import_wide(uow: UnitOfWork, table: Table, header: Row, today: date) -> ImportReport:
    noted = {i: found for i, c in enumerate(header.cells) if (found := try_period_and_note(c))}
    periods = {i: period for i, (period, _note) in noted.items()}
    period_targets = _period_targets(header)
    cols = {k: v for k, v in _columns(header).items() if v not in periods and k in _WIDE_KEYS}
    if "indicator" not in cols and "name" not in cols and "slug" not in cols:
        cols["indicator"] = 0
    names = {k: header.cells[v] or "indicator" for k, v in cols.items()}
    report = KpiImportReport(kind="KPI values")
    timing = _Timing(today)
    indicators = _Indicators(uow, today)
    values = _Values(uow, indicators)
    seen = _Seen()
    fractions = _Fractions()
    checks = _Checks(indicators, fractions)
    comparators = _Comparators()
    no_figures = _NoFigures()
    _expect_owners(indicators, table, header.number, cols.get("owner"))
    read, skipped = 0, []
    for row in table.rows:
        if row.number <= header.number:
            continue
        if _is_footnote(row, indicators):
            skipped.append(row)
            continue
        read += 1
        cells = {k: row.cell(v) for k, v in cols.items()}
        if "owner" in cols:  # with its line breaks, which owners are read from
            cells[OWNER_LINES] = row.cell_lines(cols["owner"])
        newest = _newest_figure(row, periods, today)
        ind = indicators.get(cells, row.number, names, newest=newest)
        targets = _wide_targets(
            checks, ind, row, header, period_targets, cells, names, today, newest
        )
        figures = checks.references(cells, _COMPARATORS, ind, row.number, names)
        admitted: list[tuple[Period, dict[str, object]]] = []
        hint = indicators.unit_hint(ind)
        for i, period in periods.items():
            if is_no_figure(row.cell(i)):
                no_figures.add(f"row {row.number}, column “{header.cells[i]}”", row.cell(i))
                continue
            value = _value(row.cell(i), ind, row.number, header.cells[i], required=False, hint=hint)
            if value is None:
                continue
            fractions.add(ind, row.cell(i), value, row.number, period)
            seen.check(ind, period, value, row.number, header.cells[i])
            column = f"column “{header.cells[i]}”"
            if timing.admit(period, column, f"{ind.slug} (row {row.number})"):
                fields: dict[str, object] = {"value": value}
                fields["target"] = _target_within(period, targets)
                if noted[i][1]:
                    fields["note"] = noted[i][1]
                admitted.append((period, fields))
        comparators.place(figures, admitted, ind, row.number)
        for period, fields in admitted:
            _put_value(values, ind, period, fields, report)
            indicators.add_value(ind, period)
    fractions.refuse_over_percentages(values.stored_max)
    ignored = _ignored(header, set(cols.values()) | set(periods) | set(period_targets), cols)
    finished = _finish(
        report,
        indicators,
        fractions,
        timing,
        no_figures=no_figures,
        read=read,
        skipped=skipped,
        ignored=ignored,
    )
    finished.notes.extend(comparators.notes())
    quarters: dict[str, str] = {}  # quarters of one year as written -> as read
    for i, period in periods.items():
        _one_year_quarters(quarters, header.cells[i], period)
    finished.note_quarter_periods(quarters)
    return finished


def import_kpis(uow: UnitOfWork, table: Table, *, today: date | None = None) -> ImportReport:
    """Import KPI values in either layout; idempotent; a bad cell names its row and column.
    ``today`` (default: the unit of work's, in the workspace's time zone) tells the periods
    that have not started (refused) or not ended (provisional)."""
    if today is None:
        now = uow.session.info.get("now") or utcnow()
        today = local_today(now, uow.workspace.timezone or "Europe/London")
    rows = table.rows[:20]
    for k, row in enumerate(rows):
        if k + 1 < len(rows) and two_row_header(row, rows[k + 1]) is not None:
            continue  # the year heading over months written without it: read with them
        if k and (joined := two_row_header(rows[k - 1], row)) is not None:
            row = joined
        cols = _columns(row)
        if {"period", "value"} <= set(cols) and ({"indicator", "slug", "name"} & set(cols)):
            return _import_long(uow, table, row, cols, today)
        period_headers = sum(1 for c in row.cells if try_period_and_note(c))
        if period_headers >= 2 or (period_headers and {"indicator", "slug"} & set(cols)):
            return _import_wide(uow, table, row, today)
    raise NoHeader(
        "no header row found: expected indicator, period and value columns, or one column "
        f"per period, headed by {examples(today)}{_nearest_header(rows)}"
    )


# What heads each of a long file's three columns, for a refusal naming the one missing.
_NEEDED = {
    "indicator": "an indicator column (Indicator, KPI, Measure)",
    "period": "a period column (Period, Month, Quarter, Year)",
    "value": "a value column (Value, Actual, Result)",
}


def _nearest_header(rows: Iterable[Row]) -> str:
    """The first row that has two of a long file's three columns, and the one it lacks
    (" — row 1 has indicator and value columns but not a period column (…)"); "" when none."""
    for row in rows:
        found = set(_columns(row))
        if found & {"slug", "name"}:
            found.add("indicator")
        missing = [need for need in _NEEDED if need not in found]
        if len(missing) == 1:
            has = " and ".join(need for need in _NEEDED if need in found)
            return f"; row {row.number} has {has} columns but not {_NEEDED[missing[0]]}"
    return ""
