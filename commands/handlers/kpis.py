"""The /kpi commands: list, red, history, set, and one indicator's card."""

from __future__ import annotations

import math
import re

from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.kpi_lookup import find_indicator
from commands.kpi_views import card, new_value, point
from commands.periods import parse_period
from commands.permissions import require_can_change_indicator
from commands.registry import REGISTRY
from commands.views import KpiHistory, KpiList, View
from storage.models import Indicator

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}


def parse_value(text: str, ind: Indicator, what: str = "value") -> float:
    """A number typed by a user, checked against the indicator's unit."""
    raw = text.strip()
    if not _NUMBER.match(raw):
        raise UserError(f"“{raw[:30]}” is not a number. Write the {what} like 62 or 62%.")
    if raw.endswith("%") and ind.unit != "%":
        raise UserError(f"{ind.slug} is measured in {ind.unit}, not %.")
    value = float(raw.rstrip("%").replace(",", ""))
    if not math.isfinite(value):
        raise UserError(f"“{raw}” is not a number.")
    if ind.unit == "%" and not 0 <= value <= 100:
        raise UserError(f"A percentage must be between 0 and 100; “{raw}” is not.")
    if ind.unit in ("count", "days", "weeks") and value < 0:
        raise UserError(f"{ind.slug} counts {ind.unit}: it cannot be negative.")
    return value


def _cards(h: HandlerContext) -> list:  # type: ignore[type-arg]
    indicators = list(h.repos.indicators.all())
    recent = h.repos.indicators.recent_values([i.id for i in indicators], per_indicator=12)
    return [card(i, recent.get(i.id, [])) for i in indicators]


@REGISTRY.command("kpi", "list", "Every indicator with its latest value, RAG and trend.")
def kpi_list(h: HandlerContext, args: Bindings) -> View:
    """All indicators, one line each."""
    return KpiList(
        title="Indicators",
        items=_cards(h),
        empty_text="No indicators yet: import some with `csbot import kpis FILE`.",
    )


@REGISTRY.command("kpi", "red|off-target", "Indicators off target: red first, then amber.")
def kpi_red(h: HandlerContext, args: Bindings) -> View:
    """Indicators whose latest value misses its target."""
    off = [c for c in _cards(h) if c.rag in ("red", "amber")]
    off.sort(key=lambda c: (RAG_ORDER[c.rag], c.slug))
    return KpiList(title="Off target", items=off, empty_text="Every indicator is on target. 🎉")


@REGISTRY.command("kpi", "<kpi...> history", "Every value of an indicator, oldest first.")
def kpi_history(h: HandlerContext, args: Bindings) -> View:
    """The full series of one indicator."""
    ind = find_indicator(h, str(args["kpi"]))
    values = list(h.repos.indicators.values(ind.id))
    return KpiHistory(card=card(ind, values[:12]), points=[point(ind, v) for v in reversed(values)])


@REGISTRY.command(
    "kpi",
    "<kpi...> set <value> for <period...> [target <target>]",
    "Record a value for a period (e.g. `/kpi pep set 62% for Nov 2015 target 90`).",
    writes=True,
)
def kpi_set(h: HandlerContext, args: Bindings) -> View:
    """Record (or correct) an indicator's value for one period."""
    ind = find_indicator(h, str(args["kpi"]))
    require_can_change_indicator(h.me, ind)
    value = parse_value(str(args["value"]), ind)
    target = parse_value(str(args["target"]), ind, "target") if "target" in args else None
    period = parse_period(str(args["period"]))
    if period.end > h.today.replace(year=h.today.year + 1):
        raise UserError(f"{period.label} is more than a year ahead; check the period.")
    existing = h.repos.indicators.value_for(ind.id, period.key)
    if existing is None:
        h.uow.session.add(
            new_value(ind, period, value=value, target=target, source=f"chat: {h.me.name}")
        )
        verb = "Recorded"
    else:
        if existing.value != value:
            existing.value = value
        if target is not None and existing.target != target:
            existing.target = target
        existing.source = f"chat: {h.me.name}"
        verb = "Corrected"
    h.uow.session.flush()
    values = list(h.repos.indicators.values(ind.id, limit=12))
    return card(ind, values, message=f"✔ {verb} {ind.slug} for {period.label}.")


@REGISTRY.command(
    "kpi",
    "<kpi...>",
    "One indicator: latest value, target, RAG, trend, comparators and owner (e.g. `/kpi pep`).",
)
def kpi_show(h: HandlerContext, args: Bindings) -> View:
    """The card of one indicator."""
    ind = find_indicator(h, str(args["kpi"]))
    return card(ind, list(h.repos.indicators.values(ind.id, limit=12)))
