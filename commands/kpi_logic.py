"""RAG status and trend of an indicator's values."""

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
    if gap <= band:
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
