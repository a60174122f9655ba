"""Plain-text rendering of meeting agendas, pre-meeting summaries, reminders and forms.

Registered on ``bot.console.render.render`` (imported at the bottom of that module).
"""

from __future__ import annotations

from bot.console.render import _short, action_line, render
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
    "received": "✔ report in",
    "awaited": "report awaited",
    "late": "⚠ report late",
    "not_received": "report not received",
    "none": "",
}


def meeting_head(m: MeetingRef) -> list[str]:
    """The two lines naming a meeting: label and committee, then when, where and channel."""
    channel = f"#{m.channel}" if m.channel else ""
    where = " · ".join(x for x in (m.local_start, m.location, channel) if x)
    return [f"{m.label} — {m.committee}", *([where] if where else [])]


def agenda_line(item: AgendaEntry) -> str:
    """One agenda item: number, title, leads and where its report is."""
    leads = ", ".join(item.leads) or item.lead_text
    parts = [f"  {item.position}. {item.title}"]
    if leads:
        parts.append(f" — {leads}")
    report = ""
    if item.report_due is not None:
        report = f"report due {fmt_date(item.report_due)}"
        if item.report_day_off:
            report += f" ({item.report_day_off})"
        if item.report != "none":
            report += f": {REPORT_MARK[item.report]}"
    elif item.report == "received":
        report = REPORT_MARK["received"]
    if report:
        parts.append(f" · {report}")
    if item.publication_date is not None:
        parts.append(f" · publication {fmt_date(item.publication_date)}")
    return "".join(parts)


@render.register
def _meeting_agenda(view: MeetingAgenda) -> str:
    lines = [view.message] if view.message else []
    lines += meeting_head(view.meeting)
    if view.items:
        lines.append("Agenda:")
        lines.extend(agenda_line(i) for i in view.items)
    else:
        lines.append("No agenda items yet. Add one with /meeting item add.")
    if view.follows:
        lines.append("Follows: " + ", ".join(view.follows))
    if view.later:
        lines.append("Later: " + "; ".join(f"{m.label} ({m.local_start})" for m in view.later))
    return "\n".join(lines)


def _section(section: ActionSection) -> list[str]:
    head = section.title + (f" ({section.note})" if section.note else f" ({section.total})")
    if not section.items:
        return [head, f"  {section.empty_text}"]
    plans = {i.plan_slug for i in section.items}
    lines = [head]
    for item in section.items:
        lines.extend("  " + line for line in action_line(item, len(plans) > 1).split("\n"))
    if section.more:
        lines.append(f"  … and {section.more} more: {section.more_command}")
    return lines


def kpi_change_line(k: KpiChange) -> str:
    """One indicator with its value, target and change since the last meeting."""
    w = kpi_change_words(k)
    return f"  {RAG_MARK[k.rag]} {k.slug}: {w.value}{w.period}{w.target}{w.change} · {k.name}"


def _kpis(section: KpiSection) -> list[str]:
    head = section.title + (f" (change since {section.since})" if section.since else "")
    if not section.items:
        return [head, f"  {section.empty_text}"]
    lines = [head, *(kpi_change_line(k) for k in section.items)]
    if section.more:
        lines.append(f"  … and {section.more} more: {section.more_command}")
    return lines


@render.register
def _meeting_summary(view: MeetingSummary) -> str:
    lines = [view.heading, *meeting_head(view.meeting)[1:], ""]
    lines.append("Agenda" + (f" ({view.agenda_note})" if view.agenda_note else ""))
    lines.extend(agenda_line(a) for a in view.agenda)
    if not view.agenda:
        lines.append("  No agenda items yet.")
    if view.agenda_more:
        lines.append(f"  … and {view.agenda_more} more: {view.agenda_more_command}")
    for block in (_section(view.arising), _section(view.plans), _kpis(view.kpis)):
        lines += ["", *block]
    lines += ["", *_section(view.stale)]
    if view.full_command:
        lines += ["", f"Ask again any time: {view.full_command}"]
    return "\n".join(lines)


@render.register
def _meeting_kpis(view: MeetingKpis) -> str:
    kpis = view.kpis
    lines = [view.title]
    if kpis.since:
        lines.append(f"Change since {kpis.since}")
    lines.extend(kpi_change_line(k) for k in kpis.items)
    if not kpis.items:
        lines.append(f"  {kpis.empty_text}")
    return "\n".join(lines)


def _report_line(r: ReportDue) -> str:
    return f"  {r.meeting_label}: {agenda_line(r.item).strip()}"


@render.register
def _reminder(view: Reminder) -> str:
    lines = [view.title]
    if view.text:
        lines.append(view.text)
    for item in view.actions:
        lines.extend("  " + line for line in action_line(item).split("\n"))
    if view.more:
        lines.append(f"  … and {view.more} more: {view.more_command}")
    if view.reports:
        lines.append("Reports you lead:")
        lines.extend(_report_line(r) for r in view.reports)
    if view.footer:
        lines.append(view.footer)
    return "\n".join(lines)


@render.register
def _minutes_form(view: MinutesForm) -> str:
    return _short(view.text, 1000)
