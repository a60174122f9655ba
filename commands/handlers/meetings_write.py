"""/meeting commands that change things: meetings, agenda items, reports, links, settings."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from commands.dates import clocks_pass_twice
from commands.errors import NotAllowed, NotFound, UserError
from commands.formatting import channel_as_text
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.meetings import agenda_view
from commands.importers.meetings import parse_meeting_date
from commands.importers.minutes import arising_dated_words, fill_arising_due_dates
from commands.jobs.meeting_notices import tell_of_move, told_words
from commands.jobs.planner import workspace_platform
from commands.jobs.working_days import SEND_FROM, day_words, not_working_words
from commands.meeting_lookup import (
    MeetingName,
    close_committees,
    committee_short,
    find_committee,
    full_name_initials,
    impossible_date_words,
    initials_taken_words,
    meeting_label,
    parse_meeting_name,
    split_trailing,
    yearless_date_hint,
)
from commands.meeting_store import (
    CHANNEL_RULE,
    DEFAULT_START,
    Channel,
    Piece,
    channel_words,
    full_name_taken_words,
    get_or_create_committee,
    get_or_create_meeting,
    is_teams_channel,
    looks_like_channel,
    parse_channel,
    parse_time,
    require_meeting_date,
    starts_at,
    take_full_name,
)
from commands.owners import KNOWN_ROLES
from commands.permissions import require_known
from commands.registry import REGISTRY
from commands.summary import agenda_entry
from commands.views import View
from storage.models import AgendaItem, Committee, Meeting

MAX_SUMMARY_DAYS = 60
# Something written as a time ("25:99", "7.75pm", "13pm") that is not one.
_TIMEISH = re.compile(r"^\d{1,2}([:.]\d{1,2})?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)
_TIMEISH_STRICT = re.compile(r"[:.]|am|pm", re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NEXT_WEEKDAY = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)(day|s|sday|nesday|rs|rsday|urday)?\.?$", re.IGNORECASE
)
CLERK_KEY = "CLERK"


def clerk_words(h: HandlerContext) -> str:
    """``the Committee Clerk (Jon Abbey)``: the clerk role's title and who holds it."""
    role = h.repos.people.role_by_key(CLERK_KEY)
    title = KNOWN_ROLES["clerk"][1]
    if role is not None and role.title and role.title.upper() != CLERK_KEY:
        title = role.title
    holders = [p.name for p in h.repos.people.holders(role.id)] if role is not None else []
    if not holders:
        grant = f"`grant {CLERK_KEY} to <person>`"
        return f"the {title} (nobody holds it yet: an administrator can {grant})"
    return f"the {title} ({', '.join(holders)})"


def channel_platform(h: HandlerContext) -> str:
    """The platform of a channel named in a command: the workspace's own ("slack", "teams";
    "console" for the local workspace), whoever typed it. The console is only a way to type
    commands: ``csbot say --workspace T…`` on a Slack workspace names a Slack channel."""
    return workspace_platform(h.uow.workspace)


def require_platform_channel(h: HandlerContext, channel: str) -> None:
    """Refuse a channel the workspace's platform cannot post to: Teams posts to a channel by its
    id, so there a channel typed by name (``#cpac``) must be mentioned instead."""
    if channel_platform(h) == "teams" and not is_teams_channel(channel):
        raise UserError(
            f"Teams posts to a channel by its id, not by a name such as “#{channel}”: mention "
            "the channel instead (type @ and pick it from the list Teams offers). "
            "Nothing was changed."
        )


def _is_clerk(h: HandlerContext) -> bool:
    return h.me.is_admin or CLERK_KEY in (k.upper() for k in h.me.role_keys)


def require_committee_change(h: HandlerContext, what: str) -> None:
    """Only administrators and the committee clerk may change committees and their meetings."""
    require_known(h.me)
    if not _is_clerk(h):
        raise NotAllowed(
            f"Only an administrator or {clerk_words(h)} can {what}. Nothing was changed."
        )


def require_report_change(h: HandlerContext, item: AgendaItem) -> None:
    """An item's leads (in person or by role), the clerk and administrators mark reports."""
    require_known(h.me)
    if _is_clerk(h):
        return
    for owner in item.owners:
        if owner.person_id is not None and owner.person_id in h.me.person_ids:
            return
        if owner.role_id is not None and owner.role_id in h.me.role_ids:
            return
    leads = ", ".join(agenda_entry(item, h.today).leads) or "none"
    raise NotAllowed(
        f"Only the leads of item {item.position} ({leads}), {clerk_words(h)} or an "
        "administrator can say its report is in or awaited. Nothing was changed."
    )


def _add_hint(today: date) -> str:
    day = next_weekday(today, 1).isoformat()
    return (
        "Tell me the committee, the date and the time, like "
        f"`/meeting add CPAC next Tuesday 18:30 #cpac` or `/meeting add CPAC {day} 18:30`."
    )


def next_weekday(today: date, weekday: int) -> date:
    """The first day after ``today`` that is ``weekday`` (0 = Monday)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def natural_day_words(words: list[str], today: date) -> list[str]:
    """``CPAC next Tuesday 18:30`` -> ``CPAC 2027-01-05 18:30``: the first ``next <weekday>``
    becomes its ISO date (meetings are named by their date)."""
    for i, word in enumerate(words[:-1]):
        day = _NEXT_WEEKDAY.match(words[i + 1])
        if word.lower() == "next" and day is not None:
            on = next_weekday(today, _WEEKDAYS.index(day[1].lower()))
            return [*words[:i], on.isoformat(), *words[i + 2 :]]
    return words


def _dated_tail(words: list[str]) -> MeetingName:
    """``CPAC 30/03/2027`` as committee and date: the shortest run of last words that is a
    meeting date as the meetings importer reads it (``30/03/2027``, ``January 19, 2027``).
    A run whose date ends before its last word (``2027-01-05 extra``) is no date: the words
    after the date are not understood, never dropped."""
    for k in range(1, min(len(words), 4) + 1):
        on = parse_meeting_date(" ".join(words[-k:]))
        if on is not None and (k == 1 or parse_meeting_date(" ".join(words[-k:-1])) is None):
            return MeetingName(committee=" ".join(words[:-k]).strip(), on=on)
    return MeetingName(committee=" ".join(words))


def meeting_name_in(words: list[str], today: date) -> MeetingName:
    """The meeting ``words`` name: by id (``#12``), or a committee and a date written as the
    meetings importer reads it (``30/03/2027``, ``January 19, 2027``) or ``next Tuesday``."""
    name = parse_meeting_name(" ".join(words))
    if name.meeting_id is None and name.on is None:
        name = _dated_tail(words)
    if name.meeting_id is None and name.on is None:
        name = parse_meeting_name(" ".join(natural_day_words(words, today)))
    return name


def split_add(
    words: list[str], today: date, usage: str | None = None
) -> tuple[str, str, str, str | None]:
    """``<committee...> <date> [<time>] [#channel]`` -> (committee, date text, time, channel);
    the date may be ``next Tuesday``. ``usage`` is the example a refusal ends with (another
    command's, as ``/meeting move`` reads its new date here); by default ``add``'s.

    Raises UserError naming the part that is wrong (the time, the date or the committee)."""
    typed = channel_as_text(" ".join(words))
    hint = usage or _add_hint(today)
    channel = None
    at = next((i for i, w in enumerate(words) if looks_like_channel(w)), None)
    if at is not None and (at < len(words) - 1 or parse_channel(words[at]) is None):
        # "#a b": words after a channel are not a channel name
        named = channel_as_text(" ".join(words[at:]))
        raise UserError(f"“{named}” is not a channel: {CHANNEL_RULE}. Nothing was changed.")
    if at is not None:
        channel = parse_channel(words.pop())
    time_text = ""
    if len(words) >= 2 and parse_time(" ".join(words[-2:])) is not None:
        time_text = " ".join(words[-2:])
        del words[-2:]
    elif words and parse_time(words[-1]) is not None:
        time_text = words.pop()
    elif words and _TIMEISH.match(words[-1]) and _TIMEISH_STRICT.search(words[-1]):
        raise UserError(
            f"“{words[-1]}” is not a time of day: write it like 18:30 or 6.30pm. "
            "Nothing was changed."
        )
    if time_text and len(words) > 1 and words[-1].lower() == "at":
        words.pop()  # "next Tuesday at 18:30"
    impossible = impossible_date_words(" ".join(words))
    if impossible is not None:
        raise UserError(f"{impossible} {hint} Nothing was changed.")
    name = meeting_name_in(words, today)
    yearless = yearless_date_hint(" ".join(words), today) if name.on is None else None
    if yearless is not None:
        raise UserError(f"{yearless} Nothing was changed.")
    if name.on is None and (split := split_trailing(" ".join(words))) is not None:
        raise UserError(
            f"I didn't understand “{split[1]}” after “{split[0]}”. {hint} Nothing was changed."
        )
    if name.on is None:
        raise UserError(
            f"There is no date in “{typed}”. I read dates written 2027-03-30, "
            f"30/03/2027, 30/03/27, 30 Mar 2027 or `next Tuesday` (day before month). {hint} "
            "Nothing was changed."
        )
    if not name.committee:
        raise UserError(f"There is no committee before the date. {hint} Nothing was changed.")
    joined = " ".join(words)
    written = joined[len(name.committee) :] if joined.startswith(name.committee) else ""
    require_meeting_date(name.on, written, today)
    return name.committee, name.on.isoformat(), time_text, channel


@REGISTRY.command(
    "meeting",
    "add [new] <details...>",
    "Add a meeting: <committee> <date: 2027-03-30, 30/03/2027, 30 Mar 2027 or next Tuesday> "
    "<time> [#channel]; `new <committee>` adds one whose name is close to a known one's.",
    writes=True,
    examples=("/meeting add CPAC next Tuesday 18:30 #cpac",),
)
def meeting_add(h: HandlerContext, args: Bindings) -> View:
    """Put a committee meeting on the calendar; a committee not known yet is added only when
    written ``new <committee>`` if its name is close to a known one's (a typo)."""
    require_committee_change(h, "add or move meetings")
    details = str(args["details"])
    committee_text, on_text, time_text, channel = split_add(details.split(), h.today)
    if channel is not None:
        require_platform_channel(h, channel)
    committee, created_committee = _add_committee(
        h, committee_text, details, new=args.get("new") is True
    )
    renamed = take_full_name(h.repos.meetings.committees(), committee, committee_text)
    at = parse_time(time_text) if time_text else None
    on = date.fromisoformat(on_text)
    meetings = h.repos.meetings.meetings_of(committee.id)
    known = next((m for m in meetings if m.meeting_date == on), None)
    # Without a time, an existing meeting keeps its start.
    start = known.starts_at if known is not None and at is None else starts_at(on, at, h.tz)
    before = _add_state(known, committee)
    old_start = known.starts_at if known is not None else None
    meeting, created = get_or_create_meeting(h.repos, committee, on, start)
    if channel is not None:
        if committee.channel_id is None:
            committee.channel_id, committee.channel_platform = channel, channel_platform(h)
        elif committee.channel_id != channel:
            meeting.channel_id = channel
        elif meeting.channel_id is not None:
            meeting.channel_id = None  # the committee's channel: follow it again
    elif committee.channel_id is None and h.msg.channel_id:
        committee.channel_id, committee.channel_platform = h.msg.channel_id, channel_platform(h)
    h.uow.session.flush()
    # Naming the meeting's channel again (the bot since added to it) or another one: a summary
    # a channel refused may go out now.
    retried = (
        h.repos.meetings.forget_failed_summaries(meeting, h.now)
        if channel is not None and not created and meeting.starts_at > h.now
        else 0
    )
    filled = fill_arising_due_dates(h.repos, meeting)
    label = meeting_label(meeting)
    unchanged = _add_state(meeting, committee) == before and renamed is None
    if not created and not retried and not filled and unchanged:
        local = meeting.starts_at.astimezone(ZoneInfo(h.tz))
        return agenda_view(
            h,
            meeting,
            f"{label} is already there ({day_words(on, year=True)}, {local:%H:%M}). "
            "Nothing was changed.",
        )
    verb = "Added" if created else "Updated"
    zone = ZoneInfo(h.tz)
    parts: list[Piece | tuple[Piece, ...]] = [f"{verb} {label} ({committee.name})."]
    if old_start is not None and old_start != meeting.starts_at:
        parts.append(
            f"It now starts at {meeting.starts_at.astimezone(zone):%H:%M}, not "
            f"{old_start.astimezone(zone):%H:%M}."
        )
        told = tell_of_move(h.uow.session, meeting, old_start, h.tz, h.now)
        if told:
            parts.append(f"{told_words(told, 'of the new time').capitalize()}.")
    parts.extend(twice_words(meeting, h.tz))
    if created and at is None:
        parts.append(untimed_words(meeting))
    parts.extend(_past_add_words(h, meeting, created))
    why = not_working_words(on)
    if why is not None:
        parts.append(f"Note: {day_words(on, year=True)} is {why}.")
    if renamed is not None:
        parts.append(f"Note: {full_name_taken_words(renamed, committee, 'this command')}")
    if created_committee:
        short = committee_short(committee)
        known_as = f" ({short})" if short != committee.name else ""
        parts.append(f"New committee “{committee.name}”{known_as}.")
        taken = initials_taken_words(h.repos, committee, label)
        if taken is not None:
            parts.append(taken)
    parts.extend(_summary_words(h, meeting, committee))
    if filled:
        parts.append(arising_dated_words(filled, "the meeting before", "it"))
    if retried:
        parts.append(retry_words(retried))
    return agenda_view(h, meeting, *channel_words(parts))


def _summary_words(
    h: HandlerContext, meeting: Meeting, committee: Committee
) -> list[Piece | tuple[Piece, ...]]:
    """What the reply to `/meeting add` says of the meeting's summaries: where and when they
    go, that they are off, or that the committee has no channel; nothing for a meeting already
    held, which gets none."""
    if meeting.starts_at <= h.now:
        return []
    channel_now = meeting.channel_id or committee.channel_id
    if channel_now and not committee.summary_days_before:
        return [
            f"Scheduled summaries are off for this committee (turn them on with "
            f"/meeting summaries {committee_short(committee)} days 7 1)."
        ]
    if not channel_now:
        return [
            f"No channel yet: add one with /meeting channel {committee_short(committee)} #channel."
        ]
    days = days_before_words(committee.summary_days_before)
    words: list[Piece | tuple[Piece, ...]] = [
        ("Summaries go to ", Channel(channel_now), f" {days}.")
    ]
    early = too_early_for_a_same_day_summary(meeting, committee, h.tz)
    if early:
        words.append(early)
    return words


def _add_state(meeting: Meeting | None, committee: Committee) -> tuple[object, ...]:
    """What ``/meeting add`` may change of a meeting and its committee (to tell a repeat)."""
    if meeting is None:
        return ()
    return (
        meeting.starts_at,
        meeting.channel_id,
        committee.channel_id,
        committee.channel_platform,
    )


def untimed_words(meeting: Meeting) -> str:
    """Say that a meeting added without a time starts at the default one, and how to change
    it (the importer says the same of a row without a time)."""
    label = meeting_label(meeting)
    return (
        f"No time was given, so it starts at {DEFAULT_START:%H:%M}: to change it, "
        f"`/meeting add {label} <time>` (like `/meeting add {label} 10:00`)."
    )


def _past_add_words(h: HandlerContext, meeting: Meeting, created: bool) -> list[str]:
    """A meeting added on a day already past is kept (a clerk records one to import its
    minutes), but the reply says so plainly: it is now a meeting held, and the latest one
    held is what ``/meeting actions`` and ``/meeting list`` show as last."""
    if not created or meeting.starts_at > h.now:
        return []
    label = meeting_label(meeting)
    return [
        f"Note: {day_words(meeting.meeting_date, year=True)} is already past, so {label} counts "
        "as held (import its minutes with `csbot import minutes FILE --meeting "
        f'"{label}"`). If the date is a mistake: `/meeting move {label} to <date>` or '
        f"`/meeting cancel {label}`."
    ]


def _add_committee(
    h: HandlerContext, name: str, details: str, *, new: bool
) -> tuple[Committee, bool]:
    """The committee ``/meeting add`` names, and whether it was added just now. A name close
    to a known committee's (``CAPC`` for CPAC) is refused as a likely typo unless written
    ``new CAPC``; a known committee whose own name starts with "New" is still found (a new
    one is written ``new New Town Forum``). ``new`` with a full name whose initials are a
    committee's name (``new Children's Partnership Advisory Committee`` beside ``CPAC``) adds
    a committee of its own rather than naming that one in full."""
    names = [f"new {name}", name] if new else [name]
    for typed in names:
        try:
            found = find_committee(h.repos, typed)
        except NotFound:
            continue
        if new and typed == name and found.name_key == full_name_initials(name):
            break
        return found, False
    close = close_committees(h.repos, name)
    if close and not new:
        meant = " or ".join(_committee_choice(c) for c in close[:3])
        raise UserError(
            f"There is no committee called “{name}”: did you mean {meant}? If “{name}” is a "
            f"new committee, write `/meeting add new {' '.join(details.split())}`. "
            "Nothing was changed."
        )
    return get_or_create_committee(h.repos, name)


def _committee_choice(committee: Committee) -> str:
    """``CPAC (Corporate Parenting Advisory Committee)``: what to type, then the full name."""
    short = committee_short(committee)
    return short if short == committee.name else f"{short} ({committee.name})"


def twice_words(meeting: Meeting, tz: str) -> list[str]:
    """When the start is a time the clocks pass twice (01:30 as summer time ends), which one
    it is; the agenda below shows the stored start in local time."""
    zone = ZoneInfo(tz)
    local = meeting.starts_at.astimezone(zone)
    if not clocks_pass_twice(local):
        return []
    which = "first" if local.fold == 0 else "second"
    day = day_words(local.date(), year=True)
    return [
        f"{local:%H:%M} happens twice on {day} (the clocks go back): it is the {which}, "
        f"{local:%H:%M} {local:%Z}."
    ]


def retry_words(count: int) -> str:
    """``2 summaries that could not be posted will be tried again …``."""
    noun = "summary" if count == 1 else "summaries"
    return f"{count} {noun} that could not be posted will be tried again at the next scheduled run."


def too_early_for_a_same_day_summary(meeting: Meeting, committee: Committee, tz: str) -> str:
    """A note when the committee wants a summary on the day of a meeting that starts before
    csbot posts anything that day (08:00): that one cannot go out ('' otherwise)."""
    if "0" not in {str(d) for d in committee.summary_days_before}:
        return ""
    local = meeting.starts_at.astimezone(ZoneInfo(tz))
    if local.time() >= SEND_FROM:
        return ""
    return (
        f"Note: the meeting starts at {local:%H:%M}, before csbot posts anything that day "
        f"({SEND_FROM:%H:%M}), so no summary goes out on the day itself; the others still do."
    )


def days_before_words(days: list[str]) -> str:
    """``14, 7 and 1 days before``, ``1 day before``, ``on the day of the meeting``."""
    numbers = sorted({int(d) for d in days}, reverse=True)
    before = [n for n in numbers if n > 0]
    parts: list[str] = []
    if before:
        listed = ", ".join(map(str, before[:-1])) + (" and " if len(before) > 1 else "")
        unit = "day" if before == [1] else "days"
        parts.append(f"{listed}{before[-1]} {unit} before")
    if 0 in numbers:
        parts.append("on the day of the meeting")
    return " and ".join(parts)
