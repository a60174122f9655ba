"""RAG status and trend of an indicator's values, and which values its unit allows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Rag = Literal["red", "amber", "green", "none"]
Trend = Literal["improving", "worsening", "steady", "none"]

DEFAULT_AMBER_SHARE = 0.10


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


def trend(
    values_oldest_first: Sequence[float], polarity: str, *, steady_share: float = 0.01
) -> Trend:
    """Improving, worsening or steady: the latest value against the one before it."""
    if len(values_oldest_first) < 2:
        return "none"
    previous, latest = values_oldest_first[-2], values_oldest_first[-1]
    scale = max(abs(previous), abs(latest), 1e-9)
    if abs(latest - previous) / scale <= steady_share:
        return "steady"
    better = latest > previous if polarity == "higher" else latest < previous
    return "improving" if better else "worsening"


NON_NEGATIVE_UNITS = ("count", "days", "weeks", "rate per 10,000")
_NOUNS = {
    "count": "a count",
    "days": "a number of days",
    "weeks": "a number of weeks",
    "rate per 10,000": "a rate",
}


def value_problem(value: float, unit: str, *, percent_sign: bool = False) -> str | None:
    """Why ``value`` cannot be a value of an indicator measured in ``unit`` (None when it can):
    a percentage lies between 0 and 100; counts, days, weeks and rates are never negative."""
    if percent_sign and unit != "%":
        return f"it is a percentage, but the indicator is measured in {unit}"
    if unit == "%" and not 0 <= value <= 100:
        return f"{value:g} is not a percentage between 0 and 100"
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return f"{value:g} is negative, but {_NOUNS[unit]} cannot be"
    return None
