"""Render view-models as plain text for the terminal (``csbot say`` and ``csbot console``)."""

from __future__ import annotations

from functools import singledispatch

from commands.formatting import (
    RAG_MARK,
    TREND_MARK,
    card_rag_word,
    due_as_written,
    due_text,
    due_value,
    fmt_beside,
    fmt_date,
    kpi_card_words,
    kpi_period_words,
    kpi_point_note,
    last_update_words,
    person_holdings,
    sparkline,
    status_text,
)
from commands.status import label
from commands.views import (
    ActionDetail,
    ActionList,
    ActionSummary,
    Help,
    KpiCard,
    KpiHistory,
    KpiList,
    Notice,
    PeopleList,
    Question,
    UpdateLogged,
    UpdateView,
    View,
)

_LEVEL_PREFIX = {"info": "", "success": "✔ ", "warning": "! ", "error": "✖ "}


@singledispatch
def render(view: View) -> str:
    """Plain text for any view-model."""
    raise TypeError(f"no console renderer for {type(view).__name__}")


@render.register
def _notice(view: Notice) -> str:
    lines = [_LEVEL_PREFIX[view.level] + view.text]
    if view.suggestions:
        lines.append("Try:")
        lines.extend(f"  {s}" for s in view.suggestions)
    return "\n".join(lines)


def action_line(item: ActionSummary, with_plan: bool = True) -> str:
    """One action on one or two lines."""
    owners = ", ".join(item.owners) or item.lead_text or "no owner"
    plan = f"[{item.plan_slug}] " if with_plan else ""
    head = f"{'⚠ ' if item.overdue else ''}{plan}{item.ref}  {item.title}"
    meta = f"    {status_text(item.status)} · {owners} · " + due_text(
        item.due_date, item.due_text, item.overdue, item.days_overdue
    )
    lines = [head, meta]
    if item.last_update is not None:
        lines.append(
            f"    last update {fmt_date(item.last_update.at.date())}: "
            f"{_short(last_update_words(item.last_update), 100)}"
        )
    return "\n".join(lines)


@render.register
def _action_list(view: ActionList) -> str:
    title = view.title + (f" — {view.subtitle}" if view.subtitle else "")
    if not view.items:
        return f"{title}\n{view.empty_text}"
    overdue = sum(1 for i in view.items if i.overdue)
    count = f"{len(view.items)} item{'s' if len(view.items) != 1 else ''}"
    if overdue:
        count += f", {overdue} overdue"
    plans = {i.plan_slug for i in view.items}
    body = "\n".join(action_line(i, with_plan=len(plans) > 1) for i in view.items)
    return f"{title} ({count})\n{body}"


def _update_line(u: UpdateView) -> str:
    change = ""
    if u.status_after and u.status_after != u.status_before:
        change = f" [{label(u.status_before or 'not_started')} → {label(u.status_after)}]"
    state = {"live": "", "superseded": " (superseded by an edit)", "retracted": " (retracted)"}
    text = u.text if u.state != "retracted" else f"~{u.text}~"
    body = f": {text}" if u.text else ""
    return f"  {fmt_date(u.at.date())} {u.author}{change}{body}{state[u.state]}"


def _as_written(text: str | None) -> str:
    return f" (“{text}”)" if text else ""


@render.register
def _action_detail(view: ActionDetail) -> str:
    a = view.action
    lines = [
        f"{a.ref}  {a.title}",
        f"Plan: {a.plan_name}" + (f" · Section: {view.section}" if view.section else ""),
        f"Status: {status_text(a.status)}",
        f"Owners: {', '.join(a.owners) or 'none'}"
        + (f" (lead: {a.lead_text})" if a.lead_text and a.lead_text != ", ".join(a.owners) else ""),
        "Due: "
        + due_value(a.due_date, a.due_text, a.overdue, a.days_overdue)
        + _as_written(due_as_written(a.due_text, a.due_date)),
    ]
    if view.meeting:
        lines.append(f"Arising from: {view.meeting}")
    for key, value in view.extra.items():
        if value.strip():
            lines.append(f"{key}: {value}")
    if view.history:
        lines.append("History:")
        lines.extend(_update_line(u) for u in view.history)
    else:
        lines.append("History: no updates yet.")
    return "\n".join(lines)


@render.register
def _update_logged(view: UpdateLogged) -> str:
    a = view.action
    u = view.update
    change = ""
    if u.status_after and u.status_after != u.status_before:
        change = f" Status: {label(u.status_before or 'not_started')} → {label(u.status_after)}."
    head = view.message or f"Logged on {a.ref} ({a.plan_name})."
    quote = f"\n  “{_short(u.text, 300)}”" if u.text else ""
    return f"✔ {head}{change}\n  {a.ref} {a.title}{quote}"


def _kpi_line(card: KpiCard, width: int = 10) -> str:
    latest = card.latest
    value = fmt_beside(latest.value, card.target, card.unit) if latest else "no data"
    period = f" ({kpi_period_words(latest)})" if latest else ""
    shown = fmt_beside(card.target, latest.value if latest else None, card.unit)
    target = f" target {shown}" if card.target is not None else ""
    return (
        f"{RAG_MARK[card.rag]} {card.slug:<{width}} {value}{period}{target} "
        f"{TREND_MARK[card.trend]} {sparkline(card.recent)}  — {card.name}"
    )


@render.register
def _kpi_card(card: KpiCard) -> str:
    words = kpi_card_words(card)
    lines = [f"{card.name} ({card.slug})"]
    lines.append(f"Latest: {words.latest}" if words.latest else "No values recorded yet.")
    lines.append(f"Target: {words.target}")
    lines.append(f"RAG: {RAG_MARK[card.rag]} {card_rag_word(card)}")
    lines.append(f"Trend: {words.trend}  {sparkline(card.recent)}")
    if card.latest is not None:
        if words.comparators:
            lines.append(f"Comparators: {words.comparators}")
        if card.latest.note:
            lines.append(f"Note: {card.latest.note}")
    lines.append(f"Owner: {', '.join(card.owners) or 'not set'}")
    if card.message:
        lines.insert(0, card.message)
    return "\n".join(lines)


@render.register
def _kpi_list(view: KpiList) -> str:
    if not view.items:
        return f"{view.title}\n{view.empty_text}"
    width = max(len(c.slug) for c in view.items)
    return view.title + "\n" + "\n".join(_kpi_line(c, width) for c in view.items)


@render.register
def _kpi_history(view: KpiHistory) -> str:
    card = view.card
    # The series' values only, as the card's trend: a quarter among months is listed, not drawn.
    lines = [f"{card.name} ({card.slug}) — history  {sparkline(view.series_values())}"]
    for p in view.points:
        target = (
            f" target {fmt_beside(p.target, p.value, card.unit)}" if p.target is not None else ""
        )
        note = kpi_point_note(p)
        lines.append(
            f"  {RAG_MARK[p.rag]} {p.period_label:<14} "
            f"{fmt_beside(p.value, p.target, card.unit):>10}{target}"
            + (f"  {note}" if note else "")
        )
    if not view.points:
        lines.append("  No values recorded yet.")
    return "\n".join(lines)


@render.register
def _help(view: Help) -> str:
    width = max((len(e.usage) for e in view.entries), default=0)
    lines = [view.title]
    lines.extend(f"  {e.usage.ljust(width)}  {e.summary}" for e in view.entries)
    if view.footer:
        lines.append(view.footer)
    return "\n".join(lines)


@render.register
def _question(view: Question) -> str:
    lines = [view.text]
    lines.extend(f"  {i}. {c.label}  (type: {c.command})" for i, c in enumerate(view.choices, 1))
    return "\n".join(lines)


@render.register
def _people_list(view: PeopleList) -> str:
    lines = [view.title]
    if not view.items:
        lines.append(view.empty_text)
    for entry in view.items:
        held = person_holdings(entry)
        lines.append(f"  {entry.name}" + (f" — {' · '.join(held)}" if held else " — nothing"))
    if view.footer:
        lines.append(view.footer)
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Meeting, summary and reminder views register themselves on ``render``.
from bot.console import render_meetings  # noqa: E402, F401
