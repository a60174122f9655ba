"""Build KPI view-models (cards, points) from indicator rows and their values."""

from __future__ import annotations

from collections.abc import Sequence

from commands.kpi_logic import rag, trend
from commands.periods import Period
from commands.views import KpiCard, KpiPoint
from storage.models import Indicator, IndicatorValue


def new_value(ind: Indicator, period: Period, **fields: object) -> IndicatorValue:
    """A new value row of an indicator for a period."""
    return IndicatorValue(
        workspace_id=ind.workspace_id,
        indicator_id=ind.id,
        period_key=period.key,
        period_label=period.label,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        **fields,
    )


def point(ind: Indicator, v: IndicatorValue) -> KpiPoint:
    """One value of an indicator, with its RAG against the period's (or standing) target."""
    target = v.target if v.target is not None else ind.target
    return KpiPoint(
        period_key=v.period_key,
        period_label=v.period_label,
        period_end=v.period_end,
        value=v.value,
        target=target,
        numerator=v.numerator,
        denominator=v.denominator,
        england=v.england,
        region=v.region,
        statistical_neighbours=v.statistical_neighbours,
        note=v.note,
        rag=rag(v.value, target, ind.polarity, ind.amber_tolerance),
    )


def owner_names(ind: Indicator) -> list[str]:
    """The indicator's owners (people by name, roles by key), else its owner text."""
    names = [o.person.name if o.person else o.role.key for o in ind.owners if o.person or o.role]  # type: ignore[union-attr]
    return names or ([ind.owner_text] if ind.owner_text else [])


def card(ind: Indicator, newest_first: Sequence[IndicatorValue], message: str = "") -> KpiCard:
    """The card of an indicator from its values, newest first."""
    points = [point(ind, v) for v in newest_first]
    latest = points[0] if points else None
    previous = points[1] if len(points) > 1 else None
    oldest_first = [p.value for p in reversed(points[:12])]
    return KpiCard(
        slug=ind.slug,
        name=ind.name,
        unit=ind.unit,
        polarity="lower" if ind.polarity == "lower" else "higher",
        frequency=ind.frequency,
        target=latest.target if latest and latest.target is not None else ind.target,
        latest=latest,
        previous=previous,
        rag=latest.rag if latest else "none",
        trend=trend(oldest_first, ind.polarity),
        owners=owner_names(ind),
        recent=oldest_first,
        message=message,
    )
