"""The /kpi commands: list, red, history, set, and one indicator's card."""

from __future__ import annotations

import re
from datetime import date, timedelta

from commands.errors import NotUnderstood, UserError
from commands.formatting import fmt_number
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.kpi_logic import (
    EXPONENT,
    SERIES_WINDOW,
    exponent_words,
    period_timing,
    plain_minus,
    value_problem,
    written_out,
)
from commands.kpi_lookup import (
    NO_INDICATORS_YET,
    exact_indicator,
    find_indicator,
    find_indicator_to_show,
)
from commands.kpi_views import card, chat_source, history_points, new_value, recorded_in_chat
from commands.periods import RELATIVE_WORDS, Period, PeriodError, shift_period
from commands.permissions import require_can_change_indicator
from commands.registry import REGISTRY
from commands.relative_periods import parse_typed_period, year_kind_of
from commands.views import KpiHistory, KpiList, View
from storage.models import Indicator, IndicatorValue, IndicatorValueRemoval
from storage.repositories.indicators import ShownIndicator

# "62", "1,234.5", "62%", and as typed in a hurry ".5" (0.5) and "5." (5).
_NUMBER = re.compile(r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)%?$")
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}
# Words that start a /kpi subcommand after the indicator's name: "pep set 70" is a /kpi set
# typed wrong, not an indicator called "pep set 70".
_SUBCOMMAND_USAGES = {
    "set": (
        "/kpi <kpi> set <value> for <period> [target <target>]",
        "/kpi {kpi} set 62% for {month}",
        f" (or a period in words like {RELATIVE_WORDS})",
    ),
    "history": ("/kpi <kpi> history", "/kpi {kpi} history", ""),
    "remove": ("/kpi <kpi> remove <period>", "/kpi {kpi} remove {month}", ""),
}


def _last_month(today: date) -> str:
    """The month before ``today``'s as a period users type: ``Nov 2026``."""
    return (today.replace(day=1) - timedelta(days=1)).strftime("%b %Y")


def parse_value(text: str, ind: Indicator, what: str = "value") -> float:
    """A number typed by a user, checked against the indicator's unit."""
    raw = plain_minus(text.strip())
    if EXPONENT.match(raw):
        full = written_out(raw)
        raise UserError(
            f"{exponent_words(raw)}, which csbot does not read: write the {what} out in full"
            + (f", like {full}." if full else ".")
        )
    if not _NUMBER.match(raw):
        raise UserError(f"“{raw[:30]}” is not a number. Write the {what} like 62 or 62%.")
    value = float(raw.rstrip("%").replace(",", ""))
    sign = raw.endswith("%")
    problem = value_problem(value, ind.unit, percent_sign=sign, reference=what == "target")
    if problem:
        raise UserError(f"The {what} “{raw}” won't do for {ind.slug}: {problem}.")
    return value


def _cards(h: HandlerContext) -> list:  # type: ignore[type-arg]
    indicators = list(h.repos.indicators.all())
    recent = h.repos.indicators.recent_values([i.id for i in indicators], per_indicator=12)
    return [card(i, recent.get(i.id, []), today=h.today) for i in indicators]


@REGISTRY.command("kpi", "list", "Every indicator with its latest value, RAG and trend.")
def kpi_list(h: HandlerContext, args: Bindings) -> View:
    """All indicators, one line each."""
    cards = _cards(h)
    return KpiList(
        title=f"Indicators ({len(cards)})" if cards else "Indicators",
        items=cards,
        empty_text=NO_INDICATORS_YET,
    )


@REGISTRY.command("kpi", "red|off-target", "Indicators off target: red first, then amber.")
def kpi_red(h: HandlerContext, args: Bindings) -> View:
    """Indicators whose latest value misses its target."""
    cards = _cards(h)
    off = [c for c in cards if c.rag in ("red", "amber")]
    off.sort(key=lambda c: (RAG_ORDER[c.rag], c.slug))
    reds = sum(1 for c in off if c.rag == "red")
    title = f"Off target: {reds} red, {len(off) - reds} amber" if off else "Off target"
    judged = any(c.rag != "none" for c in cards)
    if not cards:
        empty = NO_INDICATORS_YET
    elif not judged:
        # Nothing to celebrate: no latest value has a target to be judged by.
        empty = (
            "No indicator's latest value has a target to be judged by, so none is shown as off "
            "target: give targets in the KPI file's Target column, or with `/kpi <kpi> set "
            "<value> for <period> target <target>`."
        )
    else:
        empty = "Every indicator with a target is on target. 🎉"
    return KpiList(title=title, items=off, empty_text=empty)


@REGISTRY.command("kpi", "<kpi...> history", "Every value of an indicator, oldest first.")
def kpi_history(h: HandlerContext, args: Bindings) -> View:
    """The full series of one indicator."""
    ind = find_indicator(h, str(args["kpi"]), lambda i: f"/kpi {i.slug} history")
    values = list(h.repos.indicators.value_rows(ind.id))
    return KpiHistory(
        card=card(ind, values[:12], today=h.today),
        points=history_points(ind, values, h.today),
    )


def _set_again(indicator: Indicator, args: Bindings) -> str:
    """``/kpi care-plans set 80% for Nov 2026 target 90``: the ``set`` typed, for another
    indicator (what a refusal of an indicator name it could not tell suggests)."""
    value = f"{args['value']}{'%' if args.get('%') else ''}"
    target = f" target {args['target']}" if "target" in args else ""
    return f"/kpi {indicator.slug} set {value} for {args['period']}{target}"


@REGISTRY.command(
    "kpi",
    "<kpi...> set <value> [%] for <period...> [target <target>]",
    f"Record a value for a period (e.g. `/kpi pep set 62% for {_last_month(date.today())} "
    "target 90`; or `for last month`, `this quarter`…).",
    writes=True,
)
def kpi_set(h: HandlerContext, args: Bindings) -> View:
    """Record (or correct) an indicator's value for one period."""
    ind = find_indicator(h, str(args["kpi"]), lambda i: _set_again(i, args))
    require_can_change_indicator(h.me, ind)
    # "62.5 % for Oct 2026": a % typed apart from its number is the value's.
    value = parse_value(str(args["value"]) + ("%" if args.get("%") else ""), ind)
    target = parse_value(str(args["target"]), ind, "target") if "target" in args else None
    period = _typed_period(h, ind, str(args["period"]))
    timing = period_timing(period.start, period.end, h.today)
    if timing == "future":
        raise UserError(_not_started(period, h.today))
    provisional = timing == "current"  # said of a figure written, not of one left as it was
    existing = h.repos.indicators.value_for(ind.id, period.key)
    shown = fmt_number(value, ind.unit)
    source = chat_source(h.platform, h.me.name)
    with_target = f", target {fmt_number(target, ind.unit)}" if target is not None else ""
    if existing is None:
        removal = h.repos.indicators.removal_for(ind.id, period.key)
        h.uow.session.add(
            new_value(
                ind,
                period,
                value=value,
                target=target,
                source=source,
                recorded_at=h.now,
                # A file's figure removed before: an import of it unchanged keeps this one.
                imported_value=removal.imported_value if removal is not None else None,
            )
        )
        if removal is not None:
            h.uow.session.delete(removal)
        message = f"✔ Recorded {shown} for {ind.slug}, {period.describe()}{with_target}."
    elif existing.value == value and (target is None or _judged_by(ind, existing) == target):
        message = f"{ind.slug} already has {shown} for {period.describe()}{with_target}; "
        message += "nothing changed."
        provisional = False
    else:
        message = f"✔ Corrected {ind.slug} for {period.describe()}: "
        message += _corrected(ind, existing.value, _judged_by(ind, existing), value, target)
        if not recorded_in_chat(existing.source):
            # The figure a file gave: an import of it unchanged keeps this correction.
            existing.imported_value = existing.value
        existing.value = value
        if target is not None:
            existing.target = target
        existing.source = source
        # recorded_at stays when the period's figure was first recorded, as an import's
        # correction keeps it: a summary compares with the period its last meeting saw.
    message += _standing_target(h, ind, period, target)
    message += _fraction_hint(ind, args, period, value, target)
    if provisional:
        message += (
            f" {period.describe()} is not over yet (it ends {period.end:%-d %b %Y}): "
            "this is a provisional figure."
        )
    h.uow.session.flush()
    values = list(h.repos.indicators.value_rows(ind.id, limit=12))
    return card(ind, values, message=message, recorded=period.key, today=h.today)


def _standing_target(
    h: HandlerContext, ind: Indicator, period: Period, target: float | None
) -> str:
    """Make ``target``, typed for the indicator's latest period, its standing target when it
    has none (as the latest period's target in a KPI file does): else the next figure recorded
    without a target of its own would have none to be judged by. What the reply adds."""
    if target is None or ind.target is not None:
        return ""
    newest = h.repos.indicators.value_rows(ind.id, limit=1)
    if newest and newest[0].period_end > period.end:
        return ""
    ind.target = target
    return (
        f" {fmt_number(target, ind.unit)} is now the standing target of {ind.slug} too (it had "
        "none): figures recorded without a target of their own are judged by it."
    )


def _typed_period(h: HandlerContext, ind: Indicator, typed: str) -> Period:
    """The period typed after ``for`` (or ``remove``), read in the indicator's own kind of
    year; refused, with a hint and saying nothing changed, when it cannot be read."""
    kinds = [v.period_kind for v in h.repos.indicators.value_rows(ind.id, limit=SERIES_WINDOW)]
    try:
        return parse_typed_period(typed, h.today, year_kind_of(kinds))
    except PeriodError as exc:
        message = exc.with_hint(h.today, typed=True)
        raise PeriodError(f"{message} Nothing was changed.", hinted=False) from None


@REGISTRY.command(
    "kpi",
    "<kpi...> remove <period...>",
    "Remove the value recorded for one period (one recorded for the wrong period, say).",
    writes=True,
)
def kpi_remove(h: HandlerContext, args: Bindings) -> View:
    """Remove an indicator's value for one period: the only way to take back a figure
    recorded for the wrong period, which a correction (``set``) would only change."""
    ind = find_indicator(h, str(args["kpi"]), lambda i: f"/kpi {i.slug} remove {args['period']}")
    require_can_change_indicator(h.me, ind)
    # "remove for Oct 2026", as `set … for` is written: the period all the same.
    period = _typed_period(h, ind, re.sub(r"^for\s+", "", str(args["period"]), flags=re.I))
    existing = h.repos.indicators.value_for(ind.id, period.key)
    if existing is None:
        raise UserError(
            f"{ind.slug} has no value for {period.describe()}: nothing to remove "
            f"(`/kpi {ind.slug} history` lists its values). Nothing was changed."
        )
    shown = fmt_number(existing.value, ind.unit)
    target = (
        f" target {fmt_number(existing.target, ind.unit)}" if existing.target is not None else ""
    )
    file_figure = existing.imported_value
    if file_figure is None and not recorded_in_chat(existing.source):
        file_figure = existing.value  # imported before files' figures were kept apart
    h.uow.session.delete(existing)
    if file_figure is not None:
        # Remembered, so that the file imported again with the same figure does not bring
        # the value back.
        h.uow.session.add(
            IndicatorValueRemoval(
                workspace_id=h.uow.workspace_id,
                indicator_id=ind.id,
                period_key=period.key,
                period_label=period.label,
                imported_value=file_figure,
                removed_by=chat_source(h.platform, h.me.name),
                removed_at=h.now,
            )
        )
    h.uow.session.flush()
    message = (
        f"✔ Removed {shown} for {period.describe()} from {ind.slug}. To put it back: "
        f"`/kpi {ind.slug} set {shown} for {period.label}{target}`."
    )
    if file_figure is not None:
        message += (
            " An import of a file that still gives "
            f"{fmt_number(file_figure, ind.unit)} for {period.label} leaves it removed."
        )
    values = list(h.repos.indicators.value_rows(ind.id, limit=12))
    return card(ind, values, message=message, today=h.today)


def swapped_remove(h: HandlerContext, text: str) -> str | None:
    """``/kpi pep remove Nov 2026`` when ``text`` (typed after ``remove``, where a person's
    name goes) is an indicator and then a period (``pep Nov 2026``), ``/kpi pep remove
    <period>`` when it is an indicator alone; None otherwise."""
    words = text.split()
    whole = exact_indicator(h, text) if words else None
    if whole is not None:  # "/kpi remove pep": the period left out
        return f"/kpi {whole.slug} remove <period>"
    for cut in range(len(words) - 1, 0, -1):
        ind = exact_indicator(h, " ".join(words[:cut]))
        if ind is None:
            continue
        typed = " ".join(words[cut:])
        try:
            _typed_period(h, ind, re.sub(r"^for\s+", "", typed, flags=re.I))
        except PeriodError:
            return None
        return f"/kpi {ind.slug} remove {typed}"
    return None


def _judged_by(ind: Indicator, existing: IndicatorValue) -> float | None:
    """The target a value was judged by: its period's own, else the indicator's (what its
    card showed), so that a correction's "was" names it rather than "none"."""
    return existing.target if existing.target is not None else ind.target


def _corrected(
    ind: Indicator, old: float, old_target: float | None, value: float, target: float | None
) -> str:
    """What a correction changed, with what it was: "67% (was 66%)", "target 95% (was 0.95%);
    the value stays 82%", or both; ``old_target`` is the target the value was judged by."""
    changes = []
    if value != old:
        changes.append(f"{fmt_number(value, ind.unit)} (was {fmt_number(old, ind.unit)})")
    if target is not None and target != old_target:
        was = fmt_number(old_target, ind.unit) if old_target is not None else "none"
        changes.append(f"target {fmt_number(target, ind.unit)} (was {was})")
    if value == old:
        changes[-1] += f"; the value stays {fmt_number(value, ind.unit)}"
    return ", ".join(changes) + "."


def _fraction_hint(
    ind: Indicator, args: Bindings, period: Period, value: float, target: float | None
) -> str:
    """A question when a percentage's value or target was typed as a fraction (0.62 for 62%,
    the commonest slip with percentages: spreadsheets store fractions), with the command
    that records what was meant (the period as its label: the parser reads that back); ""
    otherwise."""
    if ind.unit != "%":
        return ""
    typed_value = str(args["value"]) + ("%" if args.get("%") else "")
    value_slip = 0 < value < 1 and "%" not in typed_value
    target_slip = target is not None and 0 < target < 1 and "%" not in str(args["target"])
    if not (value_slip or target_slip):
        return ""
    meant_value = fmt_number(value * 100 if value_slip else value, "")
    command = f"/kpi {ind.slug} set {meant_value} for {period.label}"
    meant = [f"{meant_value}%"] if value_slip else []
    if target is not None:
        meant_target = fmt_number(target * 100 if target_slip else target, "")
        command += f" target {meant_target}"
        meant += [f"a target of {meant_target}%"] if target_slip else []
    slipped = "That is" if value_slip and not target_slip else "The target is"
    if value_slip and target_slip:
        slipped = "The value and the target are"
    return f" {slipped} under 1%: if you meant {' and '.join(meant)}, type `{command}`."


def _not_started(period: Period, today: date) -> str:
    """The refusal of a value for a period that has not started, with the same period a year
    earlier when that one is over (``Mar 2027`` typed for ``Mar 2026``)."""
    text = (
        f"{period.describe()} has not started yet (today is {today:%-d %b %Y}): a value can "
        "only be recorded for a period that has started."
    )
    try:
        earlier = shift_period(period, -12)
    except PeriodError:
        earlier = None
    if earlier is not None and period_timing(earlier.start, earlier.end, today) == "past":
        text += f" Did you mean {earlier.describe()}?"
    return text + " Nothing was changed."


@REGISTRY.command(
    "kpi",
    "<kpi...>",
    "One indicator: latest value, target, RAG, trend, comparators and owner (e.g. `/kpi pep`).",
)
def kpi_show(h: HandlerContext, args: Bindings) -> View:
    """The card of one indicator."""
    text = str(args["kpi"])
    ind = _indicator_or_misused_subcommand(h, text)
    return card(ind, h.repos.indicators.value_rows(ind.id, limit=12), today=h.today)


# "care-proceedings set 30 weeks for Q2 2026/27": a value typed with its unit (not %).
_SET_WITH_UNIT = re.compile(
    r"^(?P<kpi>.+?)\s+set\s+(?P<value>-?[\d.,]+)\s*(?P<unit>[a-z][a-z ,]*?)\s+for\s+(?P<rest>.+)$",
    re.I,
)


def _indicator_or_misused_subcommand(h: HandlerContext, text: str) -> Indicator | ShownIndicator:
    """The indicator ``text`` names, to show; NotUnderstood (with the usage) when it is a
    ``set`` or ``history`` typed wrong (``pep set 70``, ``pep history extra``)."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if i and w.lower() in _SUBCOMMAND_USAGES), None)
    if at is None:
        return find_indicator_to_show(h, text)
    unit = _SET_WITH_UNIT.match(text)
    if unit is not None:
        fixed = f"/kpi {unit['kpi']} set {unit['value']} for {unit['rest']}"
        raise UserError(
            f"Give the value without its unit (“{unit['unit']}”): the indicator's unit is "
            f"known. Write `{fixed[:200]}`. Nothing was changed.",
            suggestions=[fixed],
        )
    found = exact_indicator(h, text)
    if found is not None:
        return found
    usage, example, note = _SUBCOMMAND_USAGES[words[at].lower()]
    # The example names the indicator typed (``care-plans remove``), not always pep.
    named = " ".join(words[:at])[:60].replace("`", "")  # inside the example's code span
    example = example.format(kpi=named, month=_last_month(h.today))
    raise NotUnderstood(
        f"I didn't understand `/kpi {text[:60]}`. Write `{usage}`, e.g. `{example}`{note}. "
        "Nothing was changed.",
        suggestions=[usage],
    )
