"""Block Kit for meeting agendas, pre-meeting summaries, reminders and the minutes form.

Registered on :func:`bot.slack.render.render` (imported at the bottom of that module).
"""

from __future__ import annotations

from bot.slack.blocks import Block, actions, button, context, divider, header, section
from bot.slack.mrkdwn import channel_link, code, escape, escape_clip, escape_clip_channels
from bot.slack.render import action_item, cmd_button, render
from bot.slack.rendered import Rendered
from commands.formatting import RAG_MARK, fmt_date, kpi_change_words
from commands.views import (
    ActionSection,
    AgendaEntry,
    KpiChange,
    KpiSection,
    MeetingAgenda,
    MeetingKpis,
    MeetingRef,
    MeetingSummary,
    MinutesForm,
    Reminder,
    ReportDue,
)

REPORT_MARK = {
    "received": "✅ report in",
    "awaited": "report awaited",
    "late": "⚠️ report late",
    "not_received": "report not received",
}
# A summary's agenda lines are clipped shorter than the agenda's own (its titles and leads),
# and packed several to a section: the agenda takes a small part of the message's 50 blocks
# and ~11,000 characters, and never pushes the sections after it onto a second page.
SUMMARY_TITLE = 200
SUMMARY_LEADS = 150
PACKED_TEXT = 2900
# Opens the minutes form (bot/slack/listeners/interactions.py).
OPEN_MINUTES = "open_minutes"


def meeting_where(m: MeetingRef) -> str:
    """When, where and which channel, as one line of mrkdwn (the channel, stored by its id,
    a link to it; the rest escaped)."""
    parts = [escape(x) for x in (m.local_start, m.location) if x]
    if m.channel:
        parts.append(channel_link(m.channel))
    return " · ".join(parts)


def agenda_text(item: AgendaEntry, *, title_limit: int = 500, leads_limit: int = 300) -> str:
    """One agenda item as mrkdwn (its title and leads clipped to the limits)."""
    leads = ", ".join(item.leads) or item.lead_text
    text = f"*{item.position}.* {escape_clip(item.title, title_limit)}"
    if leads:
        text += f" — {escape_clip(leads, leads_limit)}"
    if item.report_due is not None:
        text += f" · report due {fmt_date(item.report_due)}"
        if item.report_day_off:
            text += f" ({item.report_day_off})"
        if item.report in REPORT_MARK:
            text += f": {REPORT_MARK[item.report]}"
    elif item.report == "received":
        text += f" · {REPORT_MARK['received']}"
    if item.publication_date is not None:
        text += f" · publication {fmt_date(item.publication_date)}"
    return text


def _agenda_items(entries: list[AgendaEntry]) -> list[list[Block]]:
    return [[section(agenda_text(a))] for a in entries]


def _packed(lines: list[str], limit: int = PACKED_TEXT) -> list[list[Block]]:
    """Lines of mrkdwn as few sections as hold them (each at most ``limit`` characters)."""
    packs: list[str] = []
    for line in lines:
        if packs and len(packs[-1]) + 1 + len(line) <= limit:
            packs[-1] += "\n" + line
        else:
            packs.append(line)
    return [[section(text)] for text in packs]


def _summary_agenda(view: MeetingSummary) -> list[list[Block]]:
    """The summary's agenda: a heading with the counts, the items shown (packed), and a
    button listing the whole agenda when the summary shows only part of it."""
    note = f" ({escape(view.agenda_note)})" if view.agenda_note else ""
    blocks: list[list[Block]] = [[section(f"*Agenda*{note}")]]
    if not view.agenda:
        blocks.append([context("No agenda items yet.")])
        return blocks
    lines = [
        agenda_text(a, title_limit=SUMMARY_TITLE, leads_limit=SUMMARY_LEADS) for a in view.agenda
    ]
    blocks.extend(_packed(lines))
    blocks.extend(_more_line(view.agenda_more, view.agenda_total, view.agenda_more_command))
    return blocks


def _more_line(more: int, total: int, command: str) -> list[list[Block]]:
    """How many items a summary's list leaves out ("… and 35 more") and a button running the
    command that lists them all; nothing when it shows them all."""
    if not more or not command:
        return []
    return [[context(f"… and {more} more"), actions([cmd_button(f"Show all {total}", command)])]]


def _agenda_fallback(view: MeetingAgenda) -> str:
    """The notification text of an agenda: what was done to the meeting when the answer says
    (``Moved CPAC 2016-01-05 to …``), else ``CPAC 2016-01-05 — CPAC: 1 agenda item``."""
    if view.message:
        spans = [(c.start, c.end) for c in view.message_channels]
        return escape_clip_channels(view.message, spans, 300)
    n = len(view.items)
    noun = "agenda item" if n == 1 else "agenda items"
    return escape_clip(f"{view.meeting.label} — {view.meeting.committee}: {n} {noun}", 300)


@render.register
def _meeting_agenda(view: MeetingAgenda) -> Rendered:
    m = view.meeting
    head: list[Block] = []
    if view.message:
        spans = [(c.start, c.end) for c in view.message_channels]
        head.append(section(escape_clip_channels(view.message, spans, 2900)))
    head.append(header(f"{m.label} — {m.committee}"))
    where = meeting_where(m)
    if where:
        head.append(context(where))
    if not view.items:
        head.append(section("No agenda items yet. Add one with " + code("/meeting item add") + "."))
    tail: list[Block] = []
    if view.follows:
        tail.append(context("Follows: " + escape_clip(", ".join(view.follows), 2000)))
    if view.later:
        later = "; ".join(f"{x.label} ({x.local_start})" for x in view.later)
        tail.append(context("Later: " + escape_clip(later, 2000)))
    tail.append(actions([cmd_button("Pre-meeting summary", f"/meeting prep {m.label}")]))
    return Rendered(
        fallback=_agenda_fallback(view),
        head=head,
        items=_agenda_items(view.items),
        tail=tail,
    )


def _action_section(section_view: ActionSection) -> list[list[Block]]:
    note = section_view.note or str(section_view.total)
    blocks: list[list[Block]] = [[section(f"*{escape(section_view.title)}* ({escape(note)})")]]
    if not section_view.items:
        blocks.append([context(escape_clip(section_view.empty_text, 2000))])
        return blocks
    with_plan = len({i.plan_slug for i in section_view.items}) > 1
    blocks.extend([action_item(i, with_plan=with_plan)] for i in section_view.items)
    blocks.extend(_more_line(section_view.more, section_view.total, section_view.more_command))
    return blocks


def kpi_change_text(k: KpiChange) -> str:
    """One indicator in a summary: value, target and change since the last meeting."""
    w = kpi_change_words(k)
    value, period, target, change = w.value, w.period, w.target, w.change
    return (
        f"{RAG_MARK[k.rag]} *{escape(k.slug)}*: {escape(value + period + target + change)}\n"
        f"{escape_clip(k.name, 300)}"
    )


def _kpi_section(kpis: KpiSection) -> list[list[Block]]:
    since = f" (change since {escape(kpis.since)})" if kpis.since else ""
    blocks: list[list[Block]] = [[section(f"*{escape(kpis.title)}*{since}")]]
    if not kpis.items:
        blocks.append([context(escape_clip(kpis.empty_text, 2000))])
        return blocks
    blocks.extend([section(kpi_change_text(k))] for k in kpis.items)
    blocks.extend(_more_line(kpis.more, kpis.total, kpis.more_command))
    return blocks


@render.register
def _meeting_summary(view: MeetingSummary) -> Rendered:
    m = view.meeting
    head: list[Block] = [header(view.heading)]
    where = meeting_where(m)
    if where:
        head.append(context(where))
    items = _summary_agenda(view)
    for part in (
        _action_section(view.arising),
        _action_section(view.plans),
        _kpi_section(view.kpis),
        _action_section(view.stale),
    ):
        items.append([divider()])
        items.extend(part)
    tail: list[Block] = []
    if view.full_command:
        tail.append(context("Ask again any time: " + code(view.full_command)))
    return Rendered(fallback=escape_clip(view.heading, 300), head=head, items=items, tail=tail)


@render.register
def _meeting_kpis(view: MeetingKpis) -> Rendered:
    kpis = view.kpis
    head: list[Block] = [header(view.title)]
    if not kpis.items:
        head.append(section(escape_clip(kpis.empty_text, 2900)))
        return Rendered(fallback=escape_clip(f"{view.title}: {kpis.empty_text}", 300), head=head)
    n = len(kpis.items)
    since = f" · change since {escape(kpis.since)}" if kpis.since else ""
    head.append(context(f"{n} indicator{'s' if n != 1 else ''}{since}"))
    items = [[section(kpi_change_text(k))] for k in kpis.items]
    return Rendered(fallback=escape_clip(view.title, 300), head=head, items=items)


def _report_text(r: ReportDue) -> str:
    return f"{escape(r.meeting_label)}: {agenda_text(r.item)}"


@render.register
def _reminder(view: Reminder) -> Rendered:
    head: list[Block] = [header(view.title)]
    if view.text:
        head.append(section(escape_clip(view.text, 2900)))
    items = [[action_item(a, with_plan=True)] for a in view.actions]
    if view.reports:
        items.append([section("*Reports you lead*")])
        items.extend([section(_report_text(r))] for r in view.reports)
    tail: list[Block] = []
    if view.more and view.more_command:
        tail.append(actions([cmd_button(f"Show all {view.total}", view.more_command)]))
    if view.footer:
        tail.append(context(escape_clip(view.footer, 2000)))
    return Rendered(fallback=escape_clip(view.title, 300), head=head, items=items, tail=tail)


@render.register
def _minutes_form(view: MinutesForm) -> Rendered:
    return Rendered(
        fallback=escape_clip(view.text, 300),
        head=[
            section(escape_clip(view.text, 2900)),
            actions(
                [button("Paste the minutes", OPEN_MINUTES, str(view.meeting_id), style="primary")]
            ),
        ],
    )
