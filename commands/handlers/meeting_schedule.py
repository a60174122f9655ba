"""/meeting move and /meeting cancel: re-dating or removing a meeting not held yet."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from commands.errors import UserError
from commands.formatting import clip, fmt_date, some_of
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.meetings import agenda_view
from commands.handlers.meetings_write import (
    meeting_name_in,
    require_committee_change,
    split_add,
    twice_words,
)
from commands.jobs.meeting_notices import tell_of_cancel, tell_of_move, told_words
from commands.jobs.working_days import day_words, not_working_words
from commands.meeting_due import follow_meeting, typed_for_meeting
from commands.meeting_lookup import (
    find_meeting,
    impossible_date_words,
    meeting_label,
    trailing_words_error,
    yearless_date_hint,
)
from commands.meeting_store import is_teams_channel, parse_time, starts_at
from commands.registry import REGISTRY
from commands.status import is_outstanding
from commands.views import Notice, View
from storage.models import Action, AgendaItem, Meeting


def _named_meeting(h: HandlerContext, text: str, usage: str) -> Meeting:
    """The meeting ``text`` names by committee and date (or ``#id``): never "the next one",
    as cancelling or moving the wrong meeting is not undone by a click."""
    impossible = impossible_date_words(text)
    if impossible is not None:
        raise UserError(f"{impossible} Name the meeting like `{usage}`. Nothing was changed.")
    name = meeting_name_in(text.split(), h.today)
    if name.meeting_id is None and name.on is None:
        yearless = yearless_date_hint(text, h.today)
        if yearless is not None:
            raise UserError(f"{yearless} Nothing was changed.")
        extra = trailing_words_error(h.repos, text, h.now)
        if extra is not None:
            raise UserError(f"{extra} Nothing was changed.")
        raise UserError(
            f"Name the meeting by its committee and date, like `{usage}`. Nothing was changed."
        )
    if name.on is None:
        return find_meeting(h.repos, text, h.now)  # by id: #12
    return find_meeting(h.repos, f"{name.committee} {name.on.isoformat()}", h.now)


def _require_not_held(h: HandlerContext, meeting: Meeting, what: str) -> None:
    """A meeting that has started, or has minutes or actions arising, is part of the record."""
    label = meeting_label(meeting)
    arising = h.repos.actions.arising_from(meeting.id)
    if meeting.minutes_hash is not None or arising:
        record = "minutes" + (" and actions arising" if arising else "")
        raise UserError(
            f"{label} has {record}: it was held and cannot be {what}. Nothing was changed."
        )
    # One that started today may be going on now; one on an earlier day with no minutes and
    # no actions arising was never held in csbot's record (a date typed wrongly in
    # ``/meeting add``): it may be moved or cancelled like one still to come.
    if meeting.starts_at <= h.now and meeting.meeting_date >= h.today:
        raise UserError(
            f"{label} has already started or been held "
            f"({day_words(meeting.meeting_date, year=True)}): it cannot be {what}. "
            "Nothing was changed."
        )


def _past_words(h: HandlerContext, meeting: Meeting) -> list[str]:
    """What to say when a meeting moved or cancelled was on a day already past."""
    if meeting.starts_at > h.now:
        return []
    return [
        f"It was on a day already past ({day_words(meeting.meeting_date, year=True)}) with no "
        "minutes and no actions arising."
    ]


MOVE_USAGE = "/meeting move CPAC 2027-01-20 to 2027-01-27 18:30"


def _split_move(h: HandlerContext, words: list[str]) -> tuple[Meeting, list[str]]:
    """``<meeting> to <new date> [time]``: the meeting, then the words after ``to`` (a
    committee name may hold "to": the split is the first whose left part ends with a date)."""
    usage = MOVE_USAGE
    to_at = next((i for i, w in enumerate(words) if w.lower() == "to"), len(words))
    impossible = impossible_date_words(" ".join(words[:to_at]))
    if impossible is not None:
        raise UserError(f"{impossible} Name the meeting like `{usage}`. Nothing was changed.")
    for i, word in enumerate(words):
        if word.lower() != "to" or i == 0 or i == len(words) - 1:
            continue
        try:
            name = meeting_name_in(words[:i], h.today)
        except UserError:
            continue
        if name.meeting_id is not None or name.on is not None:
            return _named_meeting(h, " ".join(words[:i]), usage), words[i + 1 :]
    to = next((i for i, w in enumerate(words) if w.lower() == "to"), None)
    extra = trailing_words_error(h.repos, " ".join(words[:to]), h.now) if to else None
    if extra is not None:  # "CPAC 2027-01-20 extra to …"
        raise UserError(f"{extra} Nothing was changed.")
    raise UserError(
        f"Say which meeting and its new date, like `{usage}` (the time is kept when you give "
        "none). Nothing was changed."
    )


def _refuse_reports_after(agenda: list[AgendaItem], on: date, old_label: str) -> None:
    """Refuse a move to before an item's report deadline. Checked before the publication
    dates: a publication date cannot be moved before its report's deadline, so the command
    offered sets both when both are after the new day."""
    late = [i for i in agenda if i.report_due is not None and i.report_due > on]
    if not late:
        return
    listed = "; ".join(
        f"item {i.position} ({i.title}), report due {fmt_date(i.report_due)}" for i in late
    )
    published = late[0].publication_date is not None and late[0].publication_date > on
    also = f" publication {fmt_date(on)}" if published else ""
    first = f"`/meeting item add {old_label} {late[0].title} report due {fmt_date(on)}{also}`"
    others = " (then the same with each other item's title)" if len(late) > 1 else ""
    raise UserError(
        f"These reports would be due after the meeting on {day_words(on, year=True)}: "
        f"{listed}. Give them a deadline on or before it first (their leads are kept): "
        f"{first}{others}. Nothing was changed."
    )


def _refuse_publication_after(agenda: list[AgendaItem], on: date, old_label: str) -> None:
    """Refuse a move to before the day an item's papers are published (as adding that item
    to the meeting on that day would be)."""
    late = [i for i in agenda if i.publication_date is not None and i.publication_date > on]
    if not late:
        return
    listed = "; ".join(
        f"item {i.position} ({i.title}), published {fmt_date(i.publication_date)}"
        for i in late
        if i.publication_date is not None
    )
    raise UserError(
        f"These papers would be published after the meeting on {day_words(on, year=True)}: "
        f"{listed}. Give them a publication date on or before it first: `/meeting item add "
        f"{old_label} {late[0].title} publication {fmt_date(on)}`. Nothing was changed."
    )


@REGISTRY.command(
    "meeting",
    "move <details...>",
    "Move a meeting not held yet: <committee> <date> to <new date> [time].",
    writes=True,
    examples=("/meeting move CPAC next Tuesday to next Wednesday 17:30",),
)
def meeting_move(h: HandlerContext, args: Bindings) -> View:
    """Change a meeting's date (and time); summaries planned for the old date are skipped."""
    require_committee_change(h, "add or move meetings")
    meeting, rest = _split_move(h, str(args["details"]).split())
    _require_not_held(h, meeting, "moved")
    committee = meeting.committee
    old_label, old_date = meeting_label(meeting), meeting.meeting_date
    was_past = _past_words(h, meeting)
    zone = ZoneInfo(h.tz)
    if len(rest) <= 2 and parse_time(" ".join(rest)) is not None:
        on, at = old_date, parse_time(" ".join(rest))  # only the time changes
    else:
        # The committee's own words go first, so the date and time read as in /meeting add.
        usage = f"Give the new date (and time) like `{MOVE_USAGE}`."
        _, on_text, time_text, channel = split_add([*committee.name.split(), *rest], h.today, usage)
        if channel is not None:
            # A Teams channel is given by mentioning it: its id means nothing to anyone.
            how = (
                f"`/meeting add {old_label}` and a mention of the channel"
                if is_teams_channel(channel)
                else f"`/meeting add {old_label} #{channel}`"
            )
            raise UserError(
                "A move takes a date and a time, not a channel: change the channel with "
                f"{how}. Nothing was changed."
            )
        on = date.fromisoformat(on_text)
        at = parse_time(time_text) if time_text else None
    if at is None:
        at = meeting.starts_at.astimezone(zone).time()  # the same local time on the new day
    start = starts_at(on, at, h.tz)
    if on == old_date and start == meeting.starts_at:
        return Notice(
            level="info",
            text=f"{old_label} is already on {day_words(on, year=True)} at {at:%H:%M}. "
            "Nothing was changed.",
        )
    if start <= h.now:
        raise UserError(
            f"{day_words(on, year=True)} {at:%H:%M} is in the past: a meeting moves to a day "
            "still to come. Nothing was changed."
        )
    other = next(
        (m for m in h.repos.meetings.meetings_of(committee.id) if m.meeting_date == on),
        None,
    )
    if other is not None and other.id != meeting.id:
        raise UserError(
            f"{committee.name} already meets on {day_words(on, year=True)} "
            f"({meeting_label(other)}): cancel one of them first. Nothing was changed."
        )
    agenda = list(h.repos.meetings.agenda(meeting.id))
    _refuse_reports_after(agenda, on, old_label)
    _refuse_publication_after(agenda, on, old_label)
    arising = _arising_due_before(h, meeting, old_label)
    typed = typed_for_meeting(h.repos, meeting)
    old_start = meeting.starts_at
    meeting.meeting_date, meeting.starts_at = on, start
    h.uow.session.flush()
    h.repos.meetings.forget_unsent_summaries(meeting)  # moved away and back: plan them again
    label = meeting_label(meeting)
    local = meeting.starts_at.astimezone(zone)
    told = tell_of_move(h.uow.session, meeting, old_start, h.tz, h.now)
    parts = [
        f"Moved {old_label} to {day_words(on, year=True)} at {local:%H:%M} ({label}).",
        *twice_words(meeting, h.tz),
        *was_past,
    ]
    if told:
        parts.append(f"{told_words(told, 'of the move').capitalize()}.")
    why = not_working_words(on)
    if why is not None:
        parts.append(f"Note: {day_words(on, year=True)} is {why}.")
    if on != old_date:
        parts.append("Summaries planned for the old date will not be sent.")
    if arising and on != old_date:  # only the time moving leaves their due date as it was
        for action in arising:
            action.due_date, action.due_text = on - timedelta(days=1), f"Before {label}"
        one = len(arising) == 1
        parts.append(
            f"{len(arising)} outstanding action{'' if one else 's'} arising from earlier "
            f"meetings, due before this one, {'is' if one else 'are'} now due "
            f"{fmt_date(on - timedelta(days=1))}."
        )
    if typed and on != old_date:
        parts.append(follow_meeting(typed, meeting, h.today))
    return agenda_view(h, meeting, " ".join(parts))


def _arising_due_before(h: HandlerContext, meeting: Meeting, label: str) -> list[Action]:
    """Outstanding actions arising from the committee's earlier meetings whose due date was
    set from this meeting ("Before CPAC 2027-01-20", the day before) and not changed since."""
    earlier = [
        m.id
        for m in h.repos.meetings.meetings_of(meeting.committee_id)
        if m.starts_at < meeting.starts_at
    ]
    day_before = meeting.meeting_date - timedelta(days=1)
    found = h.repos.actions.arising_due(earlier, day_before, f"Before {label}")
    return [a for a in found if is_outstanding(a.status)]  # done ones keep their record


@REGISTRY.command(
    "meeting",
    "cancel <meeting...>",
    "Cancel a meeting not held yet: <committee> <date>; its agenda and summaries go with it.",
    writes=True,
    examples=("/meeting cancel CPAC next Wednesday",),
)
def meeting_cancel(h: HandlerContext, args: Bindings) -> View:
    """Remove a meeting that has not been held, with its agenda items (audited)."""
    require_committee_change(h, "cancel meetings")
    meeting = _named_meeting(h, str(args["meeting"]), "/meeting cancel CPAC 2027-01-20")
    _require_not_held(h, meeting, "cancelled")
    label = meeting_label(meeting)
    when = day_words(meeting.meeting_date, year=True)
    committee = meeting.committee
    arising = _arising_due_before(h, meeting, label)
    typed = typed_for_meeting(h.repos, meeting)
    following = next(
        (
            m
            for m in h.repos.meetings.meetings_of(committee.id)
            if m.starts_at > meeting.starts_at and m.id != meeting.id
        ),
        None,
    )
    was_past = _past_words(h, meeting)
    told = tell_of_cancel(h.uow.session, meeting, h.now)
    items = h.repos.meetings.delete_meeting(meeting)
    parts = [
        f"Cancelled {label} ({committee.name}, {when}): it is off the calendar.",
        *was_past,
        "Its summaries and report reminders will not be sent"
        + (f"; {told_words(told, 'it is cancelled')}." if told else "."),
    ]
    if arising:
        parts.append(_carry_arising(arising, following))
    if typed:
        parts.append(follow_meeting(typed, following, h.today))
    # The agenda goes last, shortened: a long one must not push the lines above out of a
    # message (Slack and Teams cut long text).
    if items:
        titles = [f"{i.position}. {clip(i.title, TITLE_CHARS)}" for i in items]
        listed = some_of(titles, LISTED_ITEMS)
        noun = "item" if len(items) == 1 else "items"
        parts.append(f"Removed its {len(items)} agenda {noun}: {listed}.")
    else:
        parts.append("It had no agenda items.")
    return Notice(level="success", text=" ".join(parts))


LISTED_ITEMS = 10
TITLE_CHARS = 60


def _carry_arising(arising: list[Action], following: Meeting | None) -> str:
    """Actions due before a cancelled meeting become due before the committee's next one
    (when it has one); what was done, in words."""
    one = len(arising) == 1
    count = f"{len(arising)} outstanding action{'' if one else 's'} arising from earlier meetings"
    if following is None:
        return (
            f"{count}, due before this one, {'keeps its' if one else 'keep their'} due date "
            f"({fmt_date(arising[0].due_date)}): the committee has no later meeting yet. "
            "Change it with `/actions due <ref> <date>`."
        )
    label = meeting_label(following)
    day_before = following.meeting_date - timedelta(days=1)
    for action in arising:
        action.due_date, action.due_text = day_before, f"Before {label}"
    return (
        f"{count}, due before this one, {'is' if one else 'are'} now due before {label} "
        f"({fmt_date(day_before)})."
    )
