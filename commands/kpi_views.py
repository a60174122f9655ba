"""Build KPI view-models (cards, points) from indicator rows and their values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

from commands.formatting import fmt_number, join_sentences, reported_words, role_label
from commands.kpi_logic import (
    YEAR_KINDS,
    Trend,
    is_provisional,
    kind_in_series,
    period_family,
    rag,
    split_series,
    trend,
)
from commands.periods import Period
from commands.views import KpiCard, KpiPoint
from storage.models import Indicator, IndicatorValue
from storage.repositories.indicators import ShownIndicator

# What a card is drawn for: an indicator row, or the plain one a read-only view loads.
CardIndicator = Indicator | ShownIndicator


class ValueFields(Protocol):
    """What a point is built from: an IndicatorValue row or a plain row of its columns."""

    @property
    def period_key(self) -> str: ...
    @property
    def period_label(self) -> str: ...
    @property
    def period_kind(self) -> str: ...
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def value(self) -> float: ...
    @property
    def numerator(self) -> float | None: ...
    @property
    def denominator(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def england(self) -> float | None: ...
    @property
    def region(self) -> float | None: ...
    @property
    def statistical_neighbours(self) -> float | None: ...
    @property
    def note(self) -> str: ...


# The platforms a value typed in chat is recorded from: its source is "slack: Fiona Smith".
_CHAT_PLATFORMS = ("slack", "teams", "console")


def chat_source(platform: str, name: str) -> str:
    """The source of a value recorded in chat: who typed it, and where."""
    return f"{platform}: {name}"[:200]


def recorded_in_chat(source: str) -> bool:
    """True when a value's source says it was typed in chat (see :func:`chat_source`)."""
    platform, colon, _ = source.partition(": ")
    return bool(colon) and platform in _CHAT_PLATFORMS


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


def point(ind: CardIndicator, v: ValueFields, today: date | None = None) -> KpiPoint:
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


def owner_names(ind: CardIndicator) -> list[str]:
    """The indicator's owners (people by name, roles as actions name them: ``role_label``,
    "VSH", "Head of Service, Children in Care"), else its owner text."""
    if isinstance(ind, ShownIndicator):
        titles = ind.owner_titles or (None,) * len(ind.owner_names)
        names = [
            name if title is None else role_label(name, title)
            for name, title in zip(ind.owner_names, titles, strict=True)
        ]
    else:
        names = [
            o.person.name if o.person else role_label(o.role.key, o.role.title)  # type: ignore[union-attr]
            for o in ind.owners
            if o.person or o.role
        ]
    return names or ([ind.owner_text] if ind.owner_text else [])


def card(
    ind: CardIndicator,
    newest_first: Sequence[ValueFields],
    message: str = "",
    *,
    recorded: str = "",
    today: date | None = None,
) -> KpiCard:
    """The card of an indicator from its values, newest first.

    Latest, previous, trend and sparkline come from the values of the indicator's series'
    kind of period only (see :func:`commands.kpi_logic.split_series`: an annual series keeps
    to one kind of year); a figure of another kind that is newer than the series' latest, or
    was just ``recorded`` (its period key), is named in the message instead. A value of a
    period not over on ``today`` is provisional, and a provisional latest value is not judged
    against the one before (``trend`` "provisional"): a part-period's figure is no verdict.
    When the latest value has no comparators, the newest that has them are kept."""
    same, others = split_series(newest_first, ind.frequency)
    # Only the points shown are built (the sparkline needs only the values).
    latest = point(ind, same[0], today) if same else None
    previous = point(ind, same[1], today) if len(same) > 1 else None
    oldest_first = [v.value for v in reversed(same[:12])]
    aside = [
        v
        for v in others
        if v.period_key == recorded or (latest is not None and v.period_end > latest.period_end)
    ]
    if aside and same:
        message = " ".join(filter(None, (message, _aside_note(ind, same[0].period_kind, aside))))
    judged: Trend | Literal["provisional"] = trend(oldest_first, ind.polarity)
    if latest is not None and latest.provisional and judged != "none":
        judged = "provisional"
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
        trend=judged,
        owners=owner_names(ind),
        recent=oldest_first,
        message=message,
        comparators_from=_comparators_from(ind, latest, newest_first),
    )


def _has_comparators(p: KpiPoint | ValueFields) -> bool:
    return any(v is not None for v in (p.england, p.region, p.statistical_neighbours))


def _comparators_from(
    ind: CardIndicator, latest: KpiPoint | None, newest_first: Sequence[ValueFields]
) -> KpiPoint | None:
    """The newest value with comparators when the latest has none (None when it has them,
    or no value has), as a point judged without a day."""
    if latest is None or _has_comparators(latest):
        return None
    found = next((v for v in newest_first if _has_comparators(v)), None)
    return point(ind, found) if found is not None else None


# A kind of year, as an annual series of one kind names the others ("academic year").
_YEAR_NOUN = {
    "year": "calendar year",
    "financial_year": "financial year",
    "academic_year": "academic year",
}


def _year_adjective(kind: str) -> str:
    """A kind of year as it stands before "figure" or "trend": "academic-year"."""
    return _YEAR_NOUN[kind].replace(" ", "-")


def _kind_words(kind: str, series_kind: str) -> str:
    """A value's kind of period as set beside a series of ``series_kind``: its family
    ("quarterly", "annual"), but its kind of year beside an annual series of another
    ("academic year" beside financial years)."""
    if kind in YEAR_KINDS and series_kind in YEAR_KINDS:
        return _YEAR_NOUN[kind]
    return period_family(kind)


def _aside_note(ind: CardIndicator, series_kind: str, aside: Sequence[ValueFields]) -> str:
    """Why figures of another kind of period are not the card's latest value."""
    series = period_family(series_kind)
    named = ", ".join(
        f"{v.period_label} ({fmt_number(v.value, ind.unit)}, "
        f"{_kind_words(v.period_kind, series_kind)})"
        for v in aside[:3]
    )
    more = f" and {len(aside) - 3} more" if len(aside) > 3 else ""
    how_often = reported_words(series)  # monthly, quarterly, annually
    if any(v.period_kind in YEAR_KINDS for v in aside) and series_kind in YEAR_KINDS:
        # Years of another kind than the series': name the series' kind of year.
        how_often = f"by {_YEAR_NOUN[series_kind]}"
        series = _year_adjective(series_kind)
    return (
        f"{ind.slug} is reported {how_often}: {named}{more} "
        f"{'is' if len(aside) == 1 else 'are'} "
        f"kept but not compared with its {series} figures (see `/kpi {ind.slug} history`)."
    )


def history_points(
    ind: CardIndicator, newest_first: Sequence[ValueFields], today: date | None = None
) -> list[KpiPoint]:
    """Every value of an indicator, oldest first; a figure of another kind of period than the
    series' (see :func:`card`: a quarter among months, an academic year among financial
    years) says so in its note; one of a period not over on ``today`` is provisional."""
    same, _ = split_series(newest_first, ind.frequency)
    series_kind = same[0].period_kind if same else ""
    series = kind_in_series(series_kind) if same else ""
    points = []
    for v in reversed(newest_first):
        p = point(ind, v, today)
        if kind_in_series(v.period_kind) != series:
            family, series_family = period_family(v.period_kind), period_family(series_kind)
            if family == series_family:  # two kinds of year
                family = _year_adjective(v.period_kind)
                series_family = _year_adjective(series_kind)
            aside = f"{family} figure, not in the {series_family} trend"
            note = join_sentences(aside, p.note)
            p = p.model_copy(update={"note": note, "in_series": False})
        points.append(p)
    return points
