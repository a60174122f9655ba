"""Adaptive Cards for meetings: agendas, pre-meeting summaries and personal reminders.

Summaries are posted into a committee's channel for everyone, so their "Show all" buttons
post the full list as a reply in the thread instead of replacing the shared card. Reminders
go to one person's chat, where Done and Update act on the card in place.

Registered on ``bot.teams.render.build`` (imported at the bottom of that module).
"""

from __future__ import annotations

from microsoft_teams.cards.core import AdaptiveCard, CardElement

from bot.teams.cards import RAG_COLOR, Run, buttons, card, fact, heading, para, subheading, subtle
from bot.teams.render import (
    RenderOptions,
    build,
    command_pages,
    pager,
    paginate,
    run_button,
    runnable,
)
from bot.teams.render_actions import action_item
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
    Reminder,
    ReportDue,
)

REPORT_WORDS = {
    "received": "✔ report in",
    "awaited": "report awaited",
    "late": "⚠ report late",
    "not_received": "report not received",
    "none": "",
}


def meeting_where(m: MeetingRef) -> str:
    """When and where a meeting is."""
    return " · ".join(x for x in (m.local_start, m.location) if x)


def agenda_item(item: AgendaEntry, opts: RenderOptions) -> CardElement:
    """One agenda item: number, title, leads and where its report is."""
    leads = ", ".join(item.leads) or item.lead_text
    report = ""
    if item.report_due is not None:
        report = f"report due {fmt_date(item.report_due)}"
        if item.report_day_off:
            report += f" ({item.report_day_off})"
        if item.report != "none":
            report += f": {REPORT_WORDS[item.report]}"
    elif item.report == "received":
        report = REPORT_WORDS["received"]
    return para(
        Run(f"{item.position}. ", bold=True),
        Run(item.title),
        Run(f" — {leads}" if leads else "", subtle=True),
        Run(f" · {report}" if report else "", color="Attention" if item.report == "late" else None),
        limit=opts.text_limit,
    )


@build.register
def _meeting_agenda(view: MeetingAgenda, opts: RenderOptions) -> AdaptiveCard:
    m = view.meeting
    body: list[CardElement] = []
    if view.message:
        body.append(para(Run(view.message, bold=True, color="Good"), limit=opts.text_limit))
    body += [heading(f"{m.label} — {m.committee}"), subtle(meeting_where(m))]
    body.append(subheading("Agenda"))
    if not view.items:
        body.append(para("No agenda items yet. Add one with /meeting item add."))
    page = paginate(view.items, opts)
    body += [agenda_item(i, opts) for i in page.items]
    body += pager(page, opts, command_pages(opts.command))
    if view.follows:
        body.append(fact("Follows", ", ".join(view.follows)))
    if view.later:
        body.append(fact("Later", "; ".join(f"{x.label} ({x.local_start})" for x in view.later)))
    if opts.interactive:
        body.append(buttons([run_button("Pre-meeting summary", f"/meeting prep {m.label}")]))
    return card(body, fallback=f"{m.label} — {m.committee}")


def _more(command: str, count: int, opts: RenderOptions) -> list[CardElement]:
    if count <= 0:
        return []
    out: list[CardElement] = [subtle(f"… and {count} more.")]
    if opts.interactive and runnable(command):
        out.append(buttons([run_button("Show all", command, mode="reply")]))
    return out


def action_section(section: ActionSection, opts: RenderOptions) -> list[CardElement]:
    """A capped list of actions under its title, with "show all" when items were left out."""
    title = section.title + (f" ({section.note})" if section.note else f" ({section.total})")
    out: list[CardElement] = [subheading(title)]
    if not section.items:
        return [*out, subtle(section.empty_text)]
    shown = section.items[: opts.page_size]
    with_plan = len({i.plan_slug for i in shown}) > 1
    out += [action_item(i, opts, with_plan=with_plan, separator=False) for i in shown]
    return out + _more(section.more_command, section.total - len(shown), opts)


def kpi_change(k: KpiChange, opts: RenderOptions) -> CardElement:
    """One linked indicator with its value, target and change since the last meeting."""
    w = kpi_change_words(k)
    target = f" ·{w.target}" if w.target else ""
    return para(
        Run(f"{RAG_MARK[k.rag]} "),
        Run(k.slug, bold=True),
        Run(f": {w.value}{w.period}{target}", color=RAG_COLOR[k.rag]),
        Run(w.change, subtle=True),
        Run(f" · {k.name}"),
        limit=opts.text_limit,
    )


def kpi_section(section: KpiSection, opts: RenderOptions) -> list[CardElement]:
    """The indicators a summary follows, off target first."""
    title = section.title + (f" (change since {section.since})" if section.since else "")
    out: list[CardElement] = [subheading(title)]
    if not section.items:
        return [*out, subtle(section.empty_text)]
    shown = section.items[: opts.page_size * 2]
    out += [kpi_change(k, opts) for k in shown]
    return out + _more(section.more_command, section.total - len(shown), opts)


@build.register
def _meeting_summary(view: MeetingSummary, opts: RenderOptions) -> AdaptiveCard:
    m = view.meeting
    body: list[CardElement] = [heading(view.heading), subtle(meeting_where(m))]
    body.append(subheading("Agenda" + (f" ({view.agenda_note})" if view.agenda_note else "")))
    if not view.agenda:
        body.append(subtle("No agenda items yet."))
    shown = view.agenda[: opts.page_size * 3]
    body += [agenda_item(a, opts) for a in shown]
    left = max(view.agenda_total, len(view.agenda)) - len(shown)
    body += _more(view.agenda_more_command, left, opts)
    body += action_section(view.arising, opts)
    body += action_section(view.plans, opts)
    body += kpi_section(view.kpis, opts)
    body += action_section(view.stale, opts)
    if view.full_command:
        body.append(subtle(f"Ask again any time: {view.full_command}"))
    return card(body, fallback=view.heading)


@build.register
def _meeting_kpis(view: MeetingKpis, opts: RenderOptions) -> AdaptiveCard:
    kpis = view.kpis
    body: list[CardElement] = [heading(view.title)]
    if kpis.since:
        body.append(subtle(f"Change since {kpis.since}"))
    if not kpis.items:
        body.append(para(kpis.empty_text))
        return card(body, fallback=view.title)
    page = paginate(kpis.items, opts)
    body += [kpi_change(k, opts) for k in page.items]
    body += pager(page, opts, command_pages(opts.command))
    return card(body, fallback=view.title)


def _report_line(r: ReportDue, opts: RenderOptions) -> CardElement:
    return para(
        Run(f"{r.meeting_label}: ", bold=True), Run(_agenda_text(r.item)), limit=opts.text_limit
    )


def _agenda_text(item: AgendaEntry) -> str:
    report = f" — report due {fmt_date(item.report_due)}" if item.report_due else ""
    if item.report_day_off:
        report += f" ({item.report_day_off})"
    state = f" ({REPORT_WORDS[item.report]})" if REPORT_WORDS.get(item.report) else ""
    return f"{item.position}. {item.title}{report}{state}"


@build.register
def _reminder(view: Reminder, opts: RenderOptions) -> AdaptiveCard:
    body: list[CardElement] = [heading(view.title)]
    if view.text:
        body.append(para(view.text, limit=opts.text_limit))
    back = view.more_command if runnable(view.more_command) else "/actions mine"
    shown = view.actions[: opts.page_size]
    body += [action_item(i, opts, back=back) for i in shown]
    left = view.total - len(shown) if view.total else len(view.actions) - len(shown)
    body += _more(view.more_command, left, opts)
    if view.reports:
        body.append(subheading("Reports you lead"))
        body += [_report_line(r, opts) for r in view.reports[: opts.page_size]]
    if view.footer:
        body.append(subtle(view.footer))
    return card(body, fallback=view.title)
