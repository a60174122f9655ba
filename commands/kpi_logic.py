"""RAG status and trend of an indicator's values, and which values its unit allows."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol, TypeVar

Rag = Literal["red", "amber", "green", "none"]
Trend = Literal["improving", "worsening", "steady", "none"]

DEFAULT_AMBER_SHARE = 0.10
# A figure in exponent form ("1.23E+05", "1e3"), as a spreadsheet shows one too wide for its
# column and saves it so in a CSV, its digits past the shown ones lost: never read as a number.
EXPONENT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d+%?$", re.I)


# Minus signs other than the hyphen, as web tables and typeset reports write a negative
# figure ("−5.2", U+2212) and as copied from them into a spreadsheet or a chat message; and a
# fullwidth percent sign.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\ufe63": "-", "\uff0d": "-", "\uff05": "%"})
# A dash that can only be a minus sign before a figure: an en dash, figure dash or hyphen
# character leading it ("–5.2", as word processors turn "-5.2" into); an em dash is left be.
_LEADING_DASH = re.compile(r"^[\u2010\u2011\u2012\u2013](?=\s*[\d.])")


def plain_minus(text: str) -> str:
    """``text`` with a typeset minus sign (``−5.2``, ``–5.2``) written as the hyphen
    ``-5.2`` (and a fullwidth ``％`` as ``%``)."""
    return _LEADING_DASH.sub("-", text.translate(_MINUS_SIGNS))


def exponent_words(raw: str) -> str:
    """The start of the refusal of a figure in exponent form, in an import and in chat:
    ``“1.23E+05” is a figure in exponent form``."""
    return f"“{raw[:30]}” is a figure in exponent form"


def written_out(raw: str) -> str | None:
    """A figure in exponent form written out as csbot writes figures (``1e3`` -> ``1,000``,
    ``5e-1%`` -> ``0.5%``); None when it is too vast to write out."""
    value = float(raw.rstrip("%"))
    if not math.isfinite(value) or abs(value) >= 1e21:
        return None
    return _plain(value) + ("%" if raw.endswith("%") else "")


def rag(value: float, target: float | None, polarity: str, tolerance: float | None = None) -> Rag:
    """Green when the value meets the target; amber within the tolerance (default 10% of the
    target); red beyond it; none without a target."""
    if target is None:
        return "none"
    band = tolerance if tolerance is not None else abs(target) * DEFAULT_AMBER_SHARE
    gap = (target - value) if polarity == "higher" else (value - target)
    if gap <= 0:
        return "green"
    if gap <= band + 1e-9:  # 17.6 against 16 ± 1.6 is amber, whatever float rounding says
        return "amber"
    return "red"


# A change of at most this share of the larger value is steady (279 to 280 is not a move).
STEADY_SHARE = 0.01


def trend(values_oldest_first: Sequence[float], polarity: str) -> Trend:
    """Improving, worsening or steady: the latest value against the one before it."""
    if len(values_oldest_first) < 2:
        return "none"
    return change_trend(values_oldest_first[-2], values_oldest_first[-1], polarity)


def change_trend(previous: float, latest: float, polarity: str) -> Trend:
    """Improving, worsening or steady: ``latest`` against ``previous``, as an indicator's card
    and a pre-meeting summary both judge it. A change within :data:`STEADY_SHARE` of the larger
    value is steady; otherwise a rise improves a higher-is-better indicator and worsens any
    other (lower is better)."""
    scale = max(abs(previous), abs(latest), 1e-9)
    if abs(latest - previous) / scale <= STEADY_SHARE:
        return "steady"
    better = latest > previous if polarity == "higher" else latest < previous
    return "improving" if better else "worsening"


# -- kinds of period: a value is compared only with values of the same kind ------------------

# Calendar, financial and academic years are all annual figures.
_FAMILY = {
    "month": "monthly",
    "quarter": "quarterly",
    "year": "annual",
    "financial_year": "annual",
    "academic_year": "annual",
}
_FREQUENCY = {
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "year": "annual",
}
# The newest values whose commonest kind of period is an indicator's series (a card's window).
SERIES_WINDOW = 12


def period_family(kind: str) -> str:
    """How often a period of this kind comes round: monthly, quarterly or annual."""
    return _FAMILY.get(kind, kind)


def frequency_family(frequency: str) -> str | None:
    """The family a declared frequency names ("Quarterly" -> quarterly, "Yearly" -> annual);
    None when it names none csbot knows."""
    return _FREQUENCY.get(frequency.strip().lower())


class _Dated(Protocol):
    @property
    def period_kind(self) -> str: ...


V = TypeVar("V", bound=_Dated)


def series_family(newest_first: Sequence[_Dated], frequency: str = "") -> str | None:
    """The kind of period an indicator's trend is drawn from: the commonest among its
    ``SERIES_WINDOW`` newest values; a tie goes to its declared frequency, then to the kind
    of the newest value. None without values."""
    declared = frequency_family(frequency)
    if declared is None and _declared_year_kind(frequency):
        declared = "annual"  # "Financial year", "Annual (academic year)"
    families = [period_family(v.period_kind) for v in newest_first[:SERIES_WINDOW]]
    return commonest(families, declared)


def commonest(newest_first: Sequence[str], preferred: str | None) -> str | None:
    """The commonest of ``newest_first``; a tie goes to ``preferred`` when it is one of the
    tied, else to the newest of them. None when there are none."""
    if not newest_first:
        return None
    counts = Counter(newest_first)
    top = max(counts.values())
    tied = [k for k in dict.fromkeys(newest_first) if counts[k] == top]  # newest first
    return preferred if preferred in tied else tied[0]


# Calendar, financial and academic years are all annual, but a financial year's figure is
# never compared with an academic year's: an annual series keeps to one kind of year.
YEAR_KINDS = ("year", "financial_year", "academic_year")
# A frequency that names a kind of year ("Financial year", "Academic"): its tie-breaker.
# ("Annual" or "Yearly" alone names none.)
_YEAR_FREQUENCY = {
    "financial": "financial_year",
    "fy": "financial_year",
    "academic": "academic_year",
    "school": "academic_year",
    "ay": "academic_year",
    "calendar": "year",
}


def _declared_year_kind(frequency: str) -> str | None:
    """The kind of year a declared frequency names ("Annual (financial year)", "FY"), if any."""
    text = " ".join(re.sub(r"[^a-z]+", " ", frequency.lower()).split())
    for words, kind in _YEAR_FREQUENCY.items():
        if re.search(rf"\b{words}\b", text):
            return kind
    return None


def series_year_kind(newest_first: Sequence[_Dated], frequency: str = "") -> str | None:
    """The kind of year (``year``, ``financial_year`` or ``academic_year``) of an annual
    series, decided as :func:`series_family` decides the family: the commonest among the
    yearly values of the ``SERIES_WINDOW`` newest; a tie goes to a kind of year its declared
    frequency names, then to the newest's. None without yearly values in the window."""
    kinds = [v.period_kind for v in newest_first[:SERIES_WINDOW] if v.period_kind in YEAR_KINDS]
    return commonest(kinds, _declared_year_kind(frequency) if kinds else None)


def series_kind(newest_first: Sequence[_Dated], frequency: str = "") -> str | None:
    """What an indicator's trend compares: its series' family (monthly, quarterly), or for
    an annual series its kind of year (``financial_year``...). None without values."""
    family = series_family(newest_first, frequency)
    if family == "annual":
        return series_year_kind(newest_first, frequency)
    return family


def kind_in_series(kind: str) -> str:
    """A kind of period as :func:`series_kind` names a series: its family, but a year by its
    own kind."""
    return kind if kind in YEAR_KINDS else period_family(kind)


def split_series(newest_first: Sequence[V], frequency: str = "") -> tuple[list[V], list[V]]:
    """An indicator's values (newest first) of its series' kind of period, and the others
    (a quarterly figure given for a monthly indicator, an academic year's for one reported
    by financial year): trends, previous values and changes compare only values of one
    kind."""
    series = series_kind(newest_first, frequency)
    same: list[V] = []
    others: list[V] = []
    for v in newest_first:
        (same if kind_in_series(v.period_kind) == series else others).append(v)
    return same, others


PeriodTiming = Literal["future", "current", "past"]


def period_timing(start: date, end: date, today: date) -> PeriodTiming:
    """Whether a period has not started yet, has started but not ended, or is over."""
    if start > today:
        return "future"
    if end >= today:
        return "current"
    return "past"


class _Period(Protocol):
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...


def is_provisional(value: _Period, today: date | None) -> bool:
    """A value whose period is not over on ``today`` may still change (not judged without
    a day)."""
    return (
        today is not None and period_timing(value.period_start, value.period_end, today) != "past"
    )


NON_NEGATIVE_UNITS = ("count", "days", "weeks", "rate per 10,000")
_NOUNS = {
    "count": "a count",
    "days": "a number of days",
    "weeks": "a number of weeks",
    "rate per 10,000": "a rate",
}


# No council figure comes near a billion: one beyond it is a slip (a pasted id, a row of
# digits run together), and the database's floats would keep it only approximately.
MAX_MAGNITUDE = 1_000_000_000


def value_problem(
    value: float, unit: str, *, percent_sign: bool = False, reference: bool = False
) -> str | None:
    """Why ``value`` cannot be a figure of an indicator measured in ``unit`` (None when it
    can), for chat and the importer alike: a finite number within ±1,000,000,000; a
    percentage lies between 0 and 100; counts, days, weeks and rates are never negative; a
    count's value is a whole number (``reference``: a target or comparator, which as an
    average may be a fraction of a count)."""
    if not math.isfinite(value):
        return "it is not a finite number"
    if abs(value) > MAX_MAGNITUDE:
        return f"{_large(value)} is beyond ±{MAX_MAGNITUDE:,}, the largest figure csbot keeps"
    if percent_sign and unit != "%":
        return f"it is a percentage, but the indicator is measured in {unit}"
    if unit == "%" and not 0 <= value <= 100:
        return f"{_plain(value)} is not a percentage between 0 and 100"
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return f"{_plain(value)} is negative, but {_NOUNS[unit]} cannot be"
    if unit == "count" and not reference and not value.is_integer():
        return f"{_plain(value)} is not a whole number, but a count is"
    return None


def _plain(value: float) -> str:
    """A number within the bound written out in full, as csbot writes figures
    (``1,000,000,000``, ``1,234,567.5``): ``:g`` wrote ``1e+09`` and rounded ``1234567.5`` to
    ``1.23457e+06``."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{Decimal(repr(float(value))):,f}"


def _large(value: float) -> str:
    """A number beyond the bound, written out (in exponent form only when it is vast)."""
    return f"{value:,.0f}" if abs(value) < 1e21 else f"{value:.3g}"
