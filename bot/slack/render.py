"""Block Kit for every view-model the core returns (one function per view kind).

Pure functions: a view in, a :class:`Rendered` out. All text from users or the database is
escaped here (the core escapes nothing). Buttons carry the command they run, in the same
grammar users type, so a click does exactly what typing would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache, singledispatch

from bot.slack.blocks import (
    SECTION_TEXT,
    Block,
    actions,
    button,
    context,
    fields_section,
    header,
    section,
)
from bot.slack.mrkdwn import bold, code, escape, escape_clip, escape_clip_channels, link
from bot.slack.rendered import CMD, Rendered, action_ref
from commands.formatting import (
    RAG_MARK,
    TREND_MARK,
    card_rag_word,
    details_label,
    done_label,
    due_as_written,
    due_text,
    due_value,
    fmt_beside,
    fmt_date,
    fmt_number,
    kpi_card_words,
    kpi_period_words,
    kpi_point_note,
    last_update_words,
    person_holdings,
    sparkline,
    status_text,
    update_label,
)
from commands.status import is_outstanding, label
from commands.views import (
    ActionDetail,
    ActionList,
    ActionSummary,
    Help,
    KpiCard,
    KpiHistory,
    KpiList,
    MeetingNotice,
    Notice,
    PeopleList,
    Question,
    UpdateLogged,
    UpdateView,
    View,
)

LEVEL_MARK = {"info": "ℹ️", "success": "✅", "warning": "⚠️", "error": "❌"}
# Action ids of buttons that open modals (handled in bot/slack/listeners/interactions.py).
OPEN_UPDATE = "open_update"
MARK_DONE = "mark_done"
# A question's answer: runs its command and replaces the question (when it can).
ANSWER = "answer"
HELP_PER_SECTION = 8
HISTORY_PER_SECTION = 10


@singledispatch
def render(view: View) -> Rendered:
    """Block Kit for any view-model (``TypeError`` for a kind without a Slack renderer)."""
    raise TypeError(f"no Slack renderer for {type(view).__name__}")


def cmd_button(
    text: str, command: str, *, style: str | None = None, label_for: str | None = None
) -> dict[str, object]:
    """A button that runs ``command`` as if the user had typed it; ``label_for`` is what a
    screen reader says for it when the same button repeats down a list ("Details of PEP")."""
    return button(text, CMD, command, style=style, accessibility_label=label_for)


# -- notices and questions ---------------------------------------------------------------------

# Slack has only the three slash commands, so a command about who you are that the core
# names on its own (`link <your name>`, `iam HOS`, `whoami`) is shown as a slash command,
# which works anywhere in Slack (it also works on its own in a DM to csbot).
SLASH_FOR_IDENTITY = "/actions"


@lru_cache(maxsize=1)
def _identity_re() -> re.Pattern[str]:
    import commands.handlers  # noqa: F401  (registers every command on REGISTRY)
    from commands.registry import REGISTRY

    words = sorted({c.usage.split()[0] for c in REGISTRY.identity_commands()})
    return re.compile(r"`((?:" + "|".join(map(re.escape, words)) + r")(?:\s[^`]*)?)`")


def as_typed_in_slack(text: str) -> str:
    """Core text with every quoted identity command as typed in Slack:
    "Tell me with `link <your name>`" becomes "Tell me with `/actions link <your name>`"."""
    return _identity_re().sub(lambda m: f"`{SLASH_FOR_IDENTITY} {m.group(1)}`", text)


def command_as_typed(command: str) -> str:
    """One command (a suggestion, a choice's command) as typed in Slack."""
    return as_typed_in_slack(f"`{command}`")[1:-1]


@render.register
def _notice(view: Notice) -> Rendered:
    said = as_typed_in_slack(view.text)
    return _notice_blocks(view, escape_clip(said, 2900), escape_clip(said, 300))


@render.register
def _meeting_notice(view: MeetingNotice) -> Rendered:
    # Only the channels the core says it named may become links; the rest is escaped.
    spans = [(c.start, c.end) for c in view.channels]
    return _notice_blocks(
        view,
        escape_clip_channels(view.text, spans, 2900, as_typed_in_slack),
        escape_clip_channels(view.text, spans, 300, as_typed_in_slack),
    )


def _notice_blocks(view: Notice, text: str, fallback: str) -> Rendered:
    """A notice whose text is already mrkdwn: its mark, the text and what to try."""
    blocks: list[Block] = [section(f"{LEVEL_MARK[view.level]} {text}")]
    if view.suggestions:
        tries = " · ".join(code(command_as_typed(s)) for s in view.suggestions[:8])
        blocks.append(context(f"Try: {tries}"))
    return Rendered(fallback=fallback, head=blocks)


@render.register
def _question(view: Question) -> Rendered:
    said = as_typed_in_slack(view.text)
    head = [section(f"❓ {escape_clip(said, 2900)}")]
    usable = [c for c in view.choices if len(c.command) <= 2000]
    rows = [usable[i : i + 5] for i in range(0, len(usable), 5)]
    items = [[actions([button(c.label, ANSWER, c.command) for c in row])] for row in rows]
    tail: list[Block] = []
    if view.choices:
        example = command_as_typed(view.choices[0].command)
        tail.append(context("Or type the command yourself, e.g. " + code(example)))
    return Rendered(fallback=escape_clip(said, 300), head=head, items=items, tail=tail)


# -- actions -----------------------------------------------------------------------------------


def owners_text(item: ActionSummary) -> str:
    """The owners of an action as escaped text."""
    return escape(", ".join(item.owners) or item.lead_text or "no owner")


def due_line(item: ActionSummary) -> str:
    """Due date as users see it, escaped."""
    return escape(due_text(item.due_date, item.due_text, item.overdue, item.days_overdue))


def action_lines(item: ActionSummary, *, with_plan: bool) -> str:
    """An action on two or three mrkdwn lines."""
    flag = "⚠️ " if item.overdue else ""
    plan = f" · _{escape_clip(item.plan_name, 80)}_" if with_plan else ""
    lines = [
        f"{flag}*{escape(item.ref)}*  {escape_clip(item.title, 600)}",
        f"{status_text(item.status)} · {owners_text(item)} · {due_line(item)}{plan}",
    ]
    if item.last_update is not None:
        u = item.last_update
        lines.append(
            f"_Last update {fmt_date(u.at.date())}:_ {escape_clip(last_update_words(u), 300)}"
        )
    return "\n".join(lines)


def action_item(item: ActionSummary, *, with_plan: bool, labelled: bool = False) -> Block:
    """One action as a section with a Details button; ``labelled`` gives the button a screen
    reader name ("Details of 2.3"). Lists ask for it; a meeting summary leaves it out, as its
    budget of characters keeps a 500-action summary in one message."""
    command = f"/actions show {action_ref(item.plan_slug, item.ref)}"
    details = cmd_button(
        "Details", command, label_for=details_label(item.ref) if labelled else None
    )
    return section(action_lines(item, with_plan=with_plan), accessory=details)


@render.register
def _action_list(view: ActionList) -> Rendered:
    count = len(view.items)
    overdue = sum(1 for i in view.items if i.overdue)
    summary = f"{count} item{'s' if count != 1 else ''}" + (
        f", {overdue} overdue" if overdue else ""
    )
    sub = " · ".join(x for x in (escape(view.subtitle), summary if count else "") if x)
    head: list[Block] = [header(view.title)]
    if sub:
        head.append(context(sub))
    if not view.items:
        head.append(section(escape_clip(view.empty_text, 2900)))
        return Rendered(fallback=escape_clip(f"{view.title}: {view.empty_text}", 300), head=head)
    with_plan = len({i.plan_slug for i in view.items}) > 1
    items = [[action_item(i, with_plan=with_plan, labelled=True)] for i in view.items]
    return Rendered(fallback=escape_clip(f"{view.title} ({summary})", 300), head=head, items=items)


def update_line(u: UpdateView) -> str:
    """One entry of an action's history as mrkdwn."""
    change = ""
    if u.status_after and u.status_after != u.status_before:
        change = f" · {label(u.status_before or 'not_started')} → *{label(u.status_after)}*"
    where = f" · {link(u.permalink, 'message')}" if u.permalink else ""
    head = f"*{fmt_date(u.at.date())}* · {escape_clip(u.author, 100)}{change}{where}"
    if u.state == "retracted":
        body = f"~{escape_clip(' '.join(u.text.split()), 500)}~ _(retracted)_" if u.text else ""
        body = body or "_(retracted)_"
    elif u.state == "superseded":
        body = f"{escape_clip(u.text, 500)} _(superseded by an edit)_"
    else:
        body = escape_clip(u.text, 1500)
    return f"{head}\n{body}" if body else head


def _history_sections(lines: Sequence[str]) -> list[str]:
    """An action's history entries, grouped into the texts of sections: up to
    HISTORY_PER_SECTION entries each, and never more than a section holds (a section's text
    is cut at SECTION_TEXT characters: ten long entries in one lost the last ones)."""
    sections: list[str] = []
    group: list[str] = []
    size = 0
    for line in lines:
        if group and (len(group) == HISTORY_PER_SECTION or size + 2 + len(line) > SECTION_TEXT):
            sections.append("\n\n".join(group))
            group, size = [], 0
        size += (2 if group else 0) + len(line)
        group.append(line)
    if group:
        sections.append("\n\n".join(group))
    return sections


@render.register
def _action_detail(view: ActionDetail) -> Rendered:
    a = view.action
    written = due_as_written(a.due_text, a.due_date)
    due = escape(due_value(a.due_date, a.due_text, a.overdue, a.days_overdue)) + (
        f" (“{escape_clip(written, 200)}”)" if written else ""
    )
    pairs = [
        ("Plan", escape_clip(a.plan_name, 300)),
        ("Status", status_text(a.status)),
        ("Owners", owners_text(a)),
        ("Due", due),
    ]
    if view.section:
        pairs.insert(1, ("Section", escape_clip(view.section, 300)))
    if view.meeting:
        pairs.append(("Arising from", escape_clip(view.meeting, 300)))
    if a.lead_text and a.lead_text != ", ".join(a.owners):
        pairs.append(("Lead (as written)", escape_clip(a.lead_text, 300)))
    head: list[Block] = [header(f"{a.ref}  {a.title}"), fields_section(pairs)]
    extra = [(k, v) for k, v in view.extra.items() if v.strip()]
    if extra:
        head.append(
            section("\n".join(f"*{escape_clip(k, 80)}:* {escape_clip(v, 400)}" for k, v in extra))
        )
    head.append(context(f"History ({len(view.history)})" if view.history else "No updates yet."))
    items = [[section(text)] for text in _history_sections([update_line(u) for u in view.history])]
    return Rendered(
        fallback=escape_clip(f"{a.ref} {a.title} — {label(a.status)}", 300),
        head=head,
        items=items,
        tail=[action_buttons(a)],
    )


def action_buttons(a: ActionSummary) -> Block:
    """Update (opens a form) and Mark done for one action."""
    elements = [
        button(
            "Update",
            OPEN_UPDATE,
            str(a.id),
            style="primary",
            accessibility_label=update_label(a.ref),
        )
    ]
    if is_outstanding(a.status):
        elements.append(
            button("Mark done", MARK_DONE, str(a.id), accessibility_label=done_label(a.ref))
        )
    return actions(elements)


@render.register
def _update_logged(view: UpdateLogged) -> Rendered:
    a, u = view.action, view.update
    head_text = (
        escape_clip(view.message, 500)
        if view.message
        else (f"Logged on {bold(a.ref)} ({escape_clip(a.plan_name, 120)})")
    )
    lines = [f"✅ {head_text}", f"{bold(a.ref)} {escape_clip(a.title, 500)}"]
    after = u.status_after if u.status_after != u.status_before else None
    if after:
        lines.append(f"Status: {label(u.status_before or 'not_started')} → {status_text(after)}")
    if u.text:
        lines.append("> " + escape_clip(u.text, 1500).replace("\n", "\n> "))
    history = f"/actions show {action_ref(a.plan_slug, a.ref)}"
    # The notification says what the blocks say first: the message (a warning, "updated from
    # your edited message") and the status change, then the update itself.
    fallback = view.message or f"Logged on {a.ref}."
    if after:
        fallback += f" Status: {label(u.status_before or 'not_started')} → {label(after)}."
    fallback += f" “{u.text}”" if u.text else ""
    return Rendered(
        fallback=escape_clip(fallback, 300),
        head=[
            section("\n".join(lines)),
            context(f"by {escape_clip(u.author, 100)} · {fmt_date(u.at.date())}"),
            actions(
                [
                    cmd_button("History", history),
                    button(
                        "Update", OPEN_UPDATE, str(a.id), accessibility_label=update_label(a.ref)
                    ),
                ]
            ),
        ],
    )


# -- indicators --------------------------------------------------------------------------------


def kpi_line(card: KpiCard) -> str:
    """One indicator on one mrkdwn line."""
    latest = card.latest
    value = fmt_beside(latest.value, card.target, card.unit) if latest else "no data"
    period = f" ({escape(kpi_period_words(latest))})" if latest else ""
    shown = fmt_beside(card.target, latest.value if latest else None, card.unit)
    target = f" · target {shown}" if card.target is not None else ""
    return (
        f"{RAG_MARK[card.rag]} *{escape(card.slug)}* {escape(value)}{period}{escape(target)} "
        f"{TREND_MARK[card.trend]} {sparkline(card.recent)}\n{escape_clip(card.name, 300)}"
    )


@render.register
def _kpi_card(card: KpiCard) -> Rendered:
    head: list[Block] = [header(f"{card.name} ({card.slug})")]
    if card.message:
        head.append(section(escape_clip(card.message, 2900)))
    words = kpi_card_words(card)
    p = card.latest
    pairs = [
        ("Latest", escape(words.latest or "No values recorded yet.")),
        ("Target", escape(words.target)),
        ("RAG", f"{RAG_MARK[card.rag]} {card_rag_word(card)}"),
        ("Trend", f"{escape(words.trend)} {sparkline(card.recent)}"),
        ("Owner", escape(", ".join(card.owners) or "not set")),
    ]
    if words.comparators:
        pairs.append(("Comparators", escape(words.comparators)))
    head.append(fields_section(pairs))
    if p is not None and p.note:
        head.append(context(f"Note: {escape_clip(p.note, 1000)}"))
    history = f"/kpi {card.slug} history"
    head.append(actions([cmd_button("History", history)]))
    value = fmt_number(p.value, card.unit) if p else "no data"
    return Rendered(
        fallback=escape_clip(f"{card.name}: {value} ({card_rag_word(card)})", 300), head=head
    )


@render.register
def _kpi_list(view: KpiList) -> Rendered:
    head: list[Block] = [header(view.title)]
    if not view.items:
        head.append(section(escape_clip(view.empty_text, 2900)))
        return Rendered(fallback=escape_clip(f"{view.title}: {view.empty_text}", 300), head=head)
    items = [[kpi_item(c)] for c in view.items]
    n = len(view.items)
    head.append(context(f"{n} indicator{'s' if n != 1 else ''}"))
    # A title with a number already gives the count ("Indicators (60)", "Off target: 60 red,
    # 0 amber"); saying "(60)" again after it reads as a stutter.
    count = "" if any(ch.isdigit() for ch in view.title) else f" ({n})"
    return Rendered(fallback=escape_clip(view.title + count, 300), head=head, items=items)


def kpi_item(card: KpiCard) -> Block:
    """One indicator as a section with a Details button."""
    details = cmd_button("Details", f"/kpi {card.slug}", label_for=details_label(card.slug))
    return section(kpi_line(card), accessory=details)


@render.register
def _kpi_history(view: KpiHistory) -> Rendered:
    card = view.card
    head: list[Block] = [
        header(f"{card.name} ({card.slug}) — history"),
        context(escape(sparkline(view.series_values())) or "No values recorded yet."),
    ]
    lines = []
    for p in view.points:
        target = (
            f" · target {fmt_beside(p.target, p.value, card.unit)}" if p.target is not None else ""
        )
        text = kpi_point_note(p)
        note = f" · _{escape_clip(text, 200)}_" if text else ""
        lines.append(
            f"{RAG_MARK[p.rag]} *{escape(p.period_label)}* "
            f"{escape(fmt_beside(p.value, p.target, card.unit))}{escape(target)}{note}"
        )
    items = [
        [section("\n".join(lines[i : i + HISTORY_PER_SECTION]))]
        for i in range(0, len(lines), HISTORY_PER_SECTION)
    ]
    return Rendered(
        fallback=escape_clip(
            f"{card.name}: {len(view.points)} value{'' if len(view.points) == 1 else 's'}", 300
        ),
        head=head,
        items=items,
    )


# -- help --------------------------------------------------------------------------------------


@render.register
def _help(view: Help) -> Rendered:
    lines = [f"{code(e.usage)} — {escape_clip(e.summary, 300)}" for e in view.entries]
    items = [
        [section("\n".join(lines[i : i + HELP_PER_SECTION]))]
        for i in range(0, len(lines), HELP_PER_SECTION)
    ]
    tail = [context(escape_clip(view.footer, 2000))] if view.footer else []
    return Rendered(
        fallback=escape_clip(view.title, 300), head=[header(view.title)], items=items, tail=tail
    )


# -- people ------------------------------------------------------------------------------------


@render.register
def _people_list(view: PeopleList) -> Rendered:
    head: list[Block] = [header(view.title)]
    if not view.items:
        head.append(section(escape_clip(view.empty_text, 2900)))
        return Rendered(fallback=escape_clip(f"{view.title}: {view.empty_text}", 300), head=head)
    items = []
    for entry in view.items:
        held = " · ".join(person_holdings(entry)) or "nothing"
        items.append([section(f"*{escape_clip(entry.name, 200)}* — {escape_clip(held, 2500)}")])
    tail = [context(escape_clip(view.footer, 2000))] if view.footer else []
    # The title counts the people already ("People (12)").
    return Rendered(fallback=escape_clip(view.title, 300), head=head, items=items, tail=tail)


# Meeting, summary, reminder and form views register themselves on ``render``.
from bot.slack import render_meetings  # noqa: E402, F401
