"""/meeting commands that read: agendas, pre-meeting summaries, actions arising, minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.importers.minutes import import_minutes
from commands.importers.report import ImportFailed
from commands.meeting_lookup import (
    committee_short,
    committee_title,
    find_committee,
    find_meeting,
    last_meeting_held,
    meeting_label,
    previous_meeting,
)
from commands.meeting_store import Channel, Piece, channel_words
from commands.presenters import action_summaries
from commands.registry import REGISTRY
from commands.summary import (
    agenda_entry,
    arising_empty,
    arising_of,
    compose_summary,
    is_held,
    kpi_section,
    linked_ids,
    meeting_ref,
    problems_title,
    section_actions,
    section_empty,
    with_origin,
)
from commands.views import (
    ActionList,
    ChannelSpan,
    MeetingAgenda,
    MeetingKpis,
    MeetingNotice,
    MinutesForm,
    Notice,
    View,
)
from storage.models import Committee, Meeting


def slot_text(args: Bindings, name: str) -> str | None:
    """A slot's text, or None when the optional slot was left out."""
    value = args.get(name)
    return str(value) if isinstance(value, str) else None


def agenda_view(
    h: HandlerContext,
    meeting: Meeting,
    message: str = "",
    message_channels: list[ChannelSpan] | None = None,
) -> MeetingAgenda:
    """A meeting, its agenda and what its committee follows (after ``message``, which names
    stored channels where ``message_channels`` says)."""
    follows: list[str] = []
    for link in h.repos.meetings.links(meeting.committee_id):
        if link.plan_id is not None:
            plan = h.repos.plans.by_id(link.plan_id)
            if plan is not None:
                follows.append(f"plan {plan.name} ({plan.slug})")
        elif link.indicator_id is not None:
            indicator = h.repos.indicators.by_id(link.indicator_id)
            if indicator is not None:
                follows.append(f"kpi {indicator.slug}")
    return MeetingAgenda(
        meeting=meeting_ref(meeting, h.tz),
        items=[
            agenda_entry(i, h.today, held=is_held(meeting, h.now))
            for i in h.repos.meetings.agenda(meeting.id)
        ],
        follows=follows,
        message=message,
        message_channels=message_channels or [],
    )


@REGISTRY.command("meeting", "help", "The /meeting commands.")
def meeting_help(h: HandlerContext, args: Bindings) -> View:
    """Help for /meeting."""
    return h.registry.help("meeting")


@REGISTRY.command(
    "meeting",
    "next [<committee...>]",
    "The next meeting (of a committee) and its agenda.",
    examples=("/meeting next", "/meeting next CPAC"),
)
def meeting_next(h: HandlerContext, args: Bindings) -> View:
    """The next meeting (in a committee's summary channel, that committee's: see
    :func:`meeting_here`), with the ones after it (of that committee, when it is one's)."""
    named = slot_text(args, "committee")
    here = None if named is not None else channel_meeting(h)
    meeting = here if here is not None else find_meeting(h.repos, named, h.now)
    one_committee = named is not None or here is not None
    view = agenda_view(h, meeting)
    later = [
        m
        for m in h.repos.meetings.upcoming(meeting.starts_at, None)
        if m.id != meeting.id and (not one_committee or m.committee_id == meeting.committee_id)
    ][:3]
    return view.model_copy(update={"later": [meeting_ref(m, h.tz) for m in later]})


MAX_LISTED = 20


@REGISTRY.command(
    "meeting",
    "list [<committee...>]",
    "Upcoming meetings (of a committee) and the last one held.",
    examples=("/meeting list", "/meeting list CPAC"),
)
def meeting_list(h: HandlerContext, args: Bindings) -> View:
    """The calendar: upcoming meetings, soonest first, and the last meeting held."""
    name = slot_text(args, "committee")
    committees = [find_committee(h.repos, name)] if name else list(h.repos.meetings.committees())
    meetings = [m for c in committees for m in h.repos.meetings.meetings_of(c.id)]
    if not meetings:
        who = f"{committees[0].name} has" if name else "There are"
        return Notice(
            level="info",
            text=f"{who} no meetings yet. Add one with `/meeting add <committee> <date> <time>`.",
        )
    upcoming = sorted((m for m in meetings if m.starts_at > h.now), key=lambda m: m.starts_at)
    held = [m for m in meetings if m.starts_at <= h.now]
    title = (
        f"Meetings of {committee_title(committees[0])}" if name else "Meetings of every committee"
    )
    lines: list[Piece | tuple[Piece, ...]] = [
        title,
        "Upcoming:" if upcoming else "No upcoming meetings.",
    ]
    lines += [("  ", *_list_line(h, m)) for m in upcoming[:MAX_LISTED]]
    if len(upcoming) > MAX_LISTED:
        lines.append(f"  … and {len(upcoming) - MAX_LISTED} more.")
    last = max(held, key=lambda m: m.starts_at) if held else None
    if last is not None:
        lines.append(("Last held: ", *_list_line(h, last)))
    # The example is a meeting the list shows: the next, else the last held.
    example = meeting_label(last if last is not None and not upcoming else upcoming[0])
    lines.append(f"See one with /meeting agenda <meeting>, e.g. /meeting agenda {example}.")
    text, channels = channel_words(lines, sep="\n")
    return MeetingNotice(level="info", text=text, channels=channels)


def _list_line(h: HandlerContext, meeting: Meeting) -> tuple[Piece, ...]:
    """``CPAC 2016-01-05 — Tue 5 Jan 2016, 18:30 · #cpac · 3 agenda items``."""
    ref = meeting_ref(meeting, h.tz)
    items = len(h.repos.meetings.agenda(meeting.id))
    parts: list[Piece] = [f"{ref.label} — {ref.local_start}"]
    if ref.channel:
        parts += [" · ", Channel(ref.channel)]
    if items:
        parts.append(f" · {items} agenda item{'s' if items != 1 else ''}")
    return tuple(parts)


@REGISTRY.command(
    "meeting",
    "agenda [<meeting...>]",
    "A meeting's agenda: items, lead officers and whether reports are in.",
    examples=("/meeting agenda CPAC",),
)
def meeting_agenda(h: HandlerContext, args: Bindings) -> View:
    """The agenda of a meeting (default: the next one, see :func:`meeting_here`)."""
    return agenda_view(h, meeting_here(h, slot_text(args, "meeting")))


@REGISTRY.command(
    "meeting",
    "prep [<meeting...>]",
    "The pre-meeting summary, now: agenda, actions arising, plans, KPIs, stale items.",
    examples=("/meeting prep", "/meeting prep CPAC"),
)
def meeting_prep(h: HandlerContext, args: Bindings) -> View:
    """The pre-meeting summary on demand: of the meeting named, else of the next meeting of
    the committee whose summaries go to this channel, else of the next meeting of any."""
    meeting = meeting_here(h, slot_text(args, "meeting"))
    return compose_summary(h.repos, meeting, now=h.now, today=h.today, tz=h.tz)


def meeting_here(h: HandlerContext, named: str | None) -> Meeting:
    """The meeting ``named``; with none named, the next meeting of the committee whose
    summaries go to the message's channel (:func:`channel_meeting`), else of any committee."""
    meeting = None if named is not None else channel_meeting(h)
    return meeting if meeting is not None else find_meeting(h.repos, named, h.now)


def channel_meeting(h: HandlerContext) -> Meeting | None:
    """The next meeting whose summary goes to the message's channel: of the committee whose
    channel it is, or a meeting's own channel; None outside such a channel. A committee of
    this channel with no meeting ahead is refused by name, not swapped for another's."""
    if not h.msg.channel_id:
        return None
    here = channel_names(h)
    committees = channel_committees(h)
    ids = {c.id for c in committees}
    # From midnight, as find_meeting: a meeting earlier today still counts as the next.
    start = datetime.combine(h.now.date(), time(0), tzinfo=UTC)
    meeting = h.repos.meetings.next_here(start, ids, here)
    if meeting is not None:
        return meeting
    return find_meeting(h.repos, committees[0].name, h.now) if committees else None


def channel_names(h: HandlerContext) -> set[str]:
    """The ways a committee's channel may be stored for the message's channel: a channel
    named in a Slack command (`/meeting channel CPAC #cpac`) is stored by its id; one named
    before csbot kept Slack's mention (and one typed in the console) by its name."""
    return {h.msg.channel_id or "", (h.msg.channel_name or "").lstrip("#")} - {""}


def channel_committees(h: HandlerContext) -> list[Committee]:
    """The committees whose summaries go to the message's channel (none outside one)."""
    here = channel_names(h)
    return [c for c in h.repos.meetings.committees() if c.channel_id in here]


def meeting_held_here(h: HandlerContext, named: str | None) -> Meeting:
    """The meeting ``named``; with none named, the last meeting held of the committee whose
    summaries go to the message's channel; in a meeting's own channel, that meeting once held
    (before, its committee's last held); else the last held of any committee."""
    if named is None and h.msg.channel_id:
        committees = channel_committees(h)
        if committees:
            return last_meeting_held(h.repos, committees[0], h.now)
        own = h.repos.meetings.with_channel(channel_names(h))
        held = [m for m in own if m.starts_at <= h.now]
        if held:
            return held[-1]
        if own:
            return last_meeting_held(h.repos, own[0].committee, h.now)
    return find_meeting(h.repos, named, h.now, default="last")


@REGISTRY.command(
    "meeting",
    "more <section> [<meeting...>]",
    "Every item of one summary section: arising, plans, stale or kpis.",
    examples=("/meeting more plans CPAC",),
)
def meeting_more(h: HandlerContext, args: Bindings) -> View:
    """The full list behind a summary's "and N more"."""
    key = str(args["section"]).lower()
    meeting = meeting_here(h, slot_text(args, "meeting"))
    label = meeting_label(meeting)
    if key in ("kpi", "kpis", "indicators"):
        return _kpi_list(h, meeting)
    titles = {
        "arising": "Actions arising from the previous meeting",
        "plans": "Overdue and at risk in the plans followed",
        "stale": "Other items with no update for 30 days",
    }
    if key not in titles:
        raise UserError(
            f"There is no summary section “{key}”. Sections: arising, plans, stale, kpis."
        )
    if key == "arising":
        return _arising_list(h, meeting)
    actions, origin = section_actions(h.repos, meeting, key, now=h.now, today=h.today)
    plan_ids, _ = linked_ids(h.repos, meeting)
    if key == "plans" and origin:
        titles[key] = problems_title(len(origin), plan_ids)
    return ActionList(
        title=f"{titles[key]} — for {label}",
        items=with_origin(action_summaries(h.repos.actions, actions, h.today), origin),
        empty_text=section_empty(key, plan_ids),
        query=f"/meeting more {key} {label}",
    )


def _arising_list(h: HandlerContext, meeting: Meeting) -> ActionList:
    """Every action arising a summary shows, each carried-forward one with its meeting."""
    label = meeting_label(meeting)
    arising = arising_of(h.repos, meeting, now=h.now, today=h.today)
    title = "Actions arising from the previous meeting"
    if arising.previous is not None and arising.to_come is not None:
        title = (
            f"Actions arising from {meeting_label(arising.previous)}, the last meeting held "
            f"({meeting_label(arising.to_come)} is still to come)"
        )
    if arising.missing and arising.previous is not None:
        title = (
            f"Actions still outstanding from earlier meetings (minutes of "
            f"{meeting_label(arising.previous)} not loaded yet)"
        )
    return ActionList(
        title=f"{title} — for {label}",
        items=with_origin(
            action_summaries(h.repos.actions, arising.actions, h.today), arising.origin
        ),
        empty_text=arising_empty(arising),
        query=f"/meeting more arising {label}",
    )


def _kpi_list(h: HandlerContext, meeting: Meeting) -> MeetingKpis:
    """Every indicator the committee follows, each as its summary shows it."""
    label = meeting_label(meeting)
    _, indicator_ids = linked_ids(h.repos, meeting)
    previous = previous_meeting(h.repos, meeting, held_by=h.now)
    section = kpi_section(h.repos, meeting, previous, indicator_ids, h.today, limit=None)
    return MeetingKpis(
        title=f"Indicators followed by {meeting.committee.name} — for {label}",
        kpis=section,
        query=f"/meeting more kpis {label}",
    )


@REGISTRY.command(
    "meeting",
    "actions [<meeting...>]",
    "Actions arising from a meeting's minutes (default: the last meeting).",
    examples=("/meeting actions CPAC",),
)
def meeting_actions(h: HandlerContext, args: Bindings) -> View:
    """The actions arising from a meeting (default: the last held, see
    :func:`meeting_held_here`), with their status and last update."""
    meeting = meeting_held_here(h, slot_text(args, "meeting"))
    label = meeting_label(meeting)
    actions = list(h.repos.actions.arising_from(meeting.id))
    return ActionList(
        title=f"Actions arising from {label}",
        items=action_summaries(h.repos.actions, actions, h.today),
        empty_text=_no_actions_arising(meeting, label, h.today),
        query=f"/meeting actions {label}",
    )


def _no_actions_arising(meeting: Meeting, label: str, today: date) -> str:
    """What an empty list of actions arising says: a meeting still to come has no minutes
    yet (they can be loaded only once it was held); one whose minutes are recorded had
    nothing arise; otherwise its minutes are asked for."""
    if meeting.meeting_date > today:
        return (
            f"{label} has not been held yet, so nothing has arisen from it: its minutes can "
            "be loaded once it has met."
        )
    if meeting.minutes_hash is not None:
        return f"No actions arose from {label}: its minutes are recorded, with no `Action:` line."
    return f"No actions arising from {label} yet. Import its minutes with /meeting minutes {label}."


@REGISTRY.command(
    "meeting",
    "minutes [<meeting...>]",
    "Paste a meeting's minutes: each `Action: <name>` line becomes an action arising.",
    examples=("/meeting minutes CPAC",),
)
def meeting_minutes(h: HandlerContext, args: Bindings) -> View:
    """Ask for the minutes (Slack and Teams open a form; the console says how to import).
    Only those who may import them (see :func:`submit_minutes`) are offered the form."""
    _require_minutes_import(h)
    meeting = meeting_held_here(h, slot_text(args, "meeting"))
    label = meeting_label(meeting)
    if meeting.meeting_date > h.today:
        raise UserError(
            f"{label} has not been held yet, so it can have no minutes. Name the meeting the "
            f"minutes are of, e.g. `/meeting minutes {committee_short(meeting.committee)}` "
            "for its last meeting held."
        )
    return MinutesForm(
        meeting_id=meeting.id,
        meeting_label=label,
        text=(
            f"Paste the minutes of {label}. Every `Action: <name(s)>` line becomes an action "
            "arising, owned by those people and due before the next meeting. From a terminal: "
            f"csbot import minutes FILE --meeting '{label}'"
        ),
    )


def minutes_form(h: HandlerContext, meeting_id: int) -> View:
    """The minutes form for the meeting a button names, refused (as submitting it would be)
    to someone who may not import minutes: they learn it before pasting, not after."""
    _require_minutes_import(h)
    meeting = find_meeting(h.repos, f"#{meeting_id}", h.now)
    label = meeting_label(meeting)
    return MinutesForm(meeting_id=meeting.id, meeting_label=label, text=f"The minutes of {label}.")


def submit_minutes(h: HandlerContext, meeting: str, text: str) -> View:
    """Import pasted minutes (the Slack or Teams form) and list the actions arising.

    Adapters call it through ``core.run_view(msg, lambda h: submit_minutes(h, ref, text))``.
    Minutes change a committee's record and re-assign its actions arising, so, like other
    committee changes, only administrators and the committee clerk may import them.
    Minutes take turns with imports (``csbot import``), as imports do with each other.
    """
    _require_minutes_import(h)
    h.uow.take_turn()
    try:
        held = find_meeting(h.repos, meeting, h.now, default="last")
    except UserError as exc:
        raise UserError(
            f"Those minutes were not imported: {exc.message} Nothing was changed."
        ) from exc
    if held.meeting_date > h.today:
        raise UserError(
            f"{meeting_label(held)} has not been held yet, so it can have no minutes. Open the "
            f"form of a meeting already held: `/meeting minutes {committee_short(held.committee)}`"
            " for its last one. Nothing was changed."
        )
    try:
        report = import_minutes(h.uow, text, meeting=meeting, today=h.today)
    except ImportFailed as exc:
        raise UserError(f"Those minutes were not imported: {exc}. Nothing was changed.") from exc
    target = find_meeting(h.repos, meeting, h.now, default="last")
    label = meeting_label(target)
    actions = list(h.repos.actions.arising_from(target.id))
    return ActionList(
        title=f"Actions arising from {label}",
        subtitle=report.summary().split("\n")[0],
        items=action_summaries(h.repos.actions, actions, h.today),
        empty_text=" ".join(report.notes) or "No actions arising.",
        query=f"/meeting actions {label}",
    )


def _require_minutes_import(h: HandlerContext) -> None:
    """Refuse (NotAllowed, naming who may) unless the caller may import minutes."""
    # meetings_write imports this module, so its rule is imported here, when first needed.
    from commands.handlers.meetings_write import require_committee_change

    require_committee_change(h, "import a meeting's minutes")
