"""Build KPI view-models (cards, points) from indicator rows and their values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from commands.formatting import fmt_number, join_sentences
from commands.kpi_logic import is_provisional, period_family, rag, split_series, trend
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


def point(ind: Indicator, v: IndicatorValue, today: date | None = None) -> KpiPoint:
    """One value of an indicator, with its RAG against the period's (or standing) target;
    provisional when its period is not over on ``today`` (not judged without one)."""
    target = v.target if v.target is not None else ind.target
    provisional = is_provisional(v, today)
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
        period_kind=v.period_kind,
        provisional=provisional,
    )


def owner_names(ind: Indicator) -> list[str]:
    """The indicator's owners (people by name, roles by key), else its owner text."""
    names = [o.person.name if o.person else o.role.key for o in ind.owners if o.person or o.role]  # type: ignore[union-attr]
    return names or ([ind.owner_text] if ind.owner_text else [])


def card(
    ind: Indicator,
    newest_first: Sequence[IndicatorValue],
    message: str = "",
    *,
    recorded: str = "",
    today: date | None = None,
) -> KpiCard:
    """The card of an indicator from its values, newest first.

    Latest, previous, trend and sparkline come from the values of the indicator's series'
    kind of period only (see :func:`commands.kpi_logic.split_series`); a figure of another
    kind that is newer than the series' latest, or was just ``recorded`` (its period key), is
    named in the message instead. A value of a period not over on ``today`` is provisional;
    when the latest value has no comparators, the newest that has them are kept."""
    same, others = split_series(newest_first, ind.frequency)
    points = [point(ind, v, today) for v in same]
    latest = points[0] if points else None
    previous = points[1] if len(points) > 1 else None
    oldest_first = [p.value for p in reversed(points[:12])]
    aside = [
        v
        for v in others
        if v.period_key == recorded or (latest is not None and v.period_end > latest.period_end)
    ]
    if aside and same:
        message = " ".join(filter(None, (message, _aside_note(ind, same[0].period_kind, aside))))
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
        comparators_from=_comparators_from(latest, [point(ind, v) for v in newest_first]),
    )


def _has_comparators(p: KpiPoint) -> bool:
    return any(v is not None for v in (p.england, p.region, p.statistical_neighbours))


def _comparators_from(latest: KpiPoint | None, newest_first: Sequence[KpiPoint]) -> KpiPoint | None:
    """The newest value with comparators when the latest has none (None when it has them,
    or no value has)."""
    if latest is None or _has_comparators(latest):
        return None
    return next((p for p in newest_first if _has_comparators(p)), None)


def _aside_note(ind: Indicator, series_kind: str, aside: Sequence[IndicatorValue]) -> str:
    """Why figures of another kind of period are not the card's latest value."""
    series = period_family(series_kind)
    named = ", ".join(
        f"{v.period_label} ({fmt_number(v.value, ind.unit)}, {period_family(v.period_kind)})"
        for v in aside[:3]
    )
    more = f" and {len(aside) - 3} more" if len(aside) > 3 else ""
    return (
        f"{ind.slug} is reported {series}: {named}{more} {'is' if len(aside) == 1 else 'are'} "
        f"kept but not compared with its {series} figures (see `/kpi {ind.slug} history`)."
    )


def history_points(
    ind: Indicator, newest_first: Sequence[IndicatorValue], today: date | None = None
) -> list[KpiPoint]:
    """Every value of an indicator, oldest first; a figure of another kind of period than the
    series' (see :func:`card`) says so in its note; one of a period not over on ``today`` is
    provisional."""
    same, _ = split_series(newest_first, ind.frequency)
    series = period_family(same[0].period_kind) if same else ""
    points = []
    for v in reversed(newest_first):
        p = point(ind, v, today)
        family = period_family(v.period_kind)
        if family != series:
            aside = f"{family} figure, not in the {series} trend"
            note = join_sentences(aside, p.note)
            p = p.model_copy(update={"note": note, "in_series": False})
        points.append(p)
    return points
