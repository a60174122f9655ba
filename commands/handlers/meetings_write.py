"""/meeting commands that change things: meetings, agenda items, reports, links, settings."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from commands.dates import MONTHS, impossible_day, parse_due
from commands.errors import NotAllowed, NotFound, UserError
from commands.formatting import fmt_date, role_label
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.actions_write import resolve_command_owners
from commands.handlers.meetings import agenda_view, slot_text
from commands.importers.meetings import parse_meeting_date
from commands.importers.minutes import fill_arising_due_dates
from commands.jobs.planner import workspace_platform
from commands.jobs.working_days import day_words, not_working_words, previous_working_day
from commands.lookup import find_plan
from commands.meeting_lookup import (
    MeetingName,
    close_committees,
    committee_short,
    find_committee,
    find_meeting,
    impossible_date_words,
    meeting_label,
    parse_meeting_name,
    split_trailing,
    trailing_words_error,
    yearless_date_hint,
)
from commands.meeting_store import (
    CHANNEL_RULE,
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    looks_like_channel,
    parse_channel,
    parse_time,
    starts_at,
    title_key,
)
from commands.owners import KNOWN_ROLES
from commands.permissions import require_known
from commands.registry import REGISTRY
from commands.summary import agenda_entry
from commands.views import Notice, View
from storage.models import AgendaItem, Committee, Indicator, Meeting, MeetingLink, Person

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
    typed = " ".join(words)
    hint = usage or _add_hint(today)
    channel = None
    at = next((i for i, w in enumerate(words) if looks_like_channel(w)), None)
    if at is not None and (at < len(words) - 1 or parse_channel(words[at]) is None):
        named = " ".join(words[at:])  # "#a b": words after a channel are not a channel name
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
    committee, created_committee = _add_committee(
        h, committee_text, details, new=args.get("new") is True
    )
    at = parse_time(time_text) if time_text else None
    on = date.fromisoformat(on_text)
    meetings = h.repos.meetings.meetings_of(committee.id)
    known = next((m for m in meetings if m.meeting_date == on), None)
    # Without a time, an existing meeting keeps its start.
    start = known.starts_at if known is not None and at is None else starts_at(on, at, h.tz)
    before = _add_state(known, committee)
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
    if not created and not retried and not filled and _add_state(meeting, committee) == before:
        local = meeting.starts_at.astimezone(ZoneInfo(h.tz))
        return agenda_view(
            h,
            meeting,
            f"{label} is already there ({day_words(on, year=True)}, {local:%H:%M}). "
            "Nothing was changed.",
        )
    verb = "Added" if created else "Updated"
    parts = [f"{verb} {label} ({committee.name}).", *twice_words(meeting, h.tz)]
    parts.extend(_past_add_words(h, meeting, created))
    why = not_working_words(on)
    if why is not None:
        parts.append(f"Note: {day_words(on, year=True)} is {why}.")
    if created_committee:
        short = committee_short(committee)
        known_as = f" ({short})" if short != committee.name else ""
        parts.append(f"New committee “{committee.name}”{known_as}.")
    channel_now = meeting.channel_id or committee.channel_id
    if channel_now and not committee.summary_days_before:
        parts.append(
            f"Scheduled summaries are off for this committee (turn them on with "
            f"/meeting summaries {committee_short(committee)} days 7 1)."
        )
    elif channel_now:
        parts.append(
            f"Summaries go to #{channel_now} {days_before_words(committee.summary_days_before)}."
        )
    else:
        parts.append("No channel yet: add one with /meeting channel <committee> #channel.")
    if filled:
        parts.append(f"{filled} actions arising from the meeting before are now due before it.")
    if retried:
        parts.append(_retry_words(retried))
    return agenda_view(h, meeting, " ".join(parts))


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
    one is written ``new New Town Forum``)."""
    names = [f"new {name}", name] if new else [name]
    for typed in names:
        try:
            return find_committee(h.repos, typed), False
        except NotFound:
            continue
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
    other = local.replace(tzinfo=None).replace(tzinfo=zone, fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return []
    which = "first" if local.fold == 0 else "second"
    day = day_words(local.date(), year=True)
    return [
        f"{local:%H:%M} happens twice on {day} (the clocks go back): it is the {which}, "
        f"{local:%H:%M} {local:%Z}."
    ]


def _split_item(spec: str, h: HandlerContext) -> tuple[Meeting, str]:
    """(meeting, title): the meeting is named first, by date (or ``next Tuesday``) or id."""
    typed = spec.split()
    # A date as such wins, so that "next Monday" in a title stays in the title.
    for words in (typed, natural_day_words(typed, h.today)):
        for i in range(len(words)):
            name = parse_meeting_name(" ".join(words[: i + 1]))
            if (name.meeting_id is not None and i == 0) or name.on is not None:
                meeting = find_meeting(h.repos, " ".join(words[: i + 1]), h.now)
                return meeting, " ".join(words[i + 1 :])
    raise UserError(
        "Name the meeting before the title, like "
        "`/meeting item add CPAC next Tuesday Performance lead Margaret Gallagher`. "
        "Nothing was changed."
    )


@REGISTRY.command(
    "meeting",
    "item add <spec...> [lead <lead...>] [report due <due...>]",
    "Add an agenda item with its lead officers, report deadline and (last) `publication "
    "<date>`; for an item already on the agenda (same title), change only what you give.",
    writes=True,
    examples=(
        "/meeting item add CPAC next Tuesday Performance lead Margaret Gallagher "
        "report due tomorrow",
    ),
)
def meeting_item_add(h: HandlerContext, args: Bindings) -> View:
    """Add an agenda item, or change the leads or report deadline of the item with that title
    (what is not given is kept)."""
    require_committee_change(h, "add or change agenda items")
    meeting, title = _split_item(str(args["spec"]), h)
    due_text = slot_text(args, "due")
    lead_given = slot_text(args, "lead")
    # ``publication <date>`` ends whichever part comes last: the report date, the leads or
    # the title (there only when a date follows it, so "Publication scheme" stays a title).
    publication_text = None
    if due_text is not None:
        due_text, publication_text = _split_publication(due_text, h, always=True)
    elif lead_given is not None:
        lead_given, publication_text = _split_publication(lead_given, h)
    else:
        title, publication_text = _split_publication(title, h)
    if not title:
        raise UserError("The agenda item needs a title after the meeting.")
    report_due = _item_date(h, meeting, due_text, "report due") if due_text else None
    if due_text is not None and report_due is None:
        raise UserError(
            "`report due` needs a date, like "
            f"`report due {fmt_date(meeting.meeting_date - timedelta(days=14))}`. "
            "Nothing was changed."
        )
    publication = (
        _item_date(h, meeting, publication_text, "publication") if publication_text else None
    )
    if publication_text is not None and publication is None:
        raise UserError(
            "`publication` needs a date, like "
            f"`publication {fmt_date(meeting.meeting_date - timedelta(days=7))}`. "
            "Nothing was changed."
        )
    note = report_due_note(meeting, report_due) if report_due is not None else ""
    label = meeting_label(meeting)
    existing = _item_titled(h, meeting, title)
    if publication is not None:
        known_due = existing.report_due if existing is not None else None
        _check_publication(meeting, publication, report_due or known_due)
    if existing is None and lead_given is None:
        raise UserError(
            f"{label} has no agenda item “{' '.join(title.split())}”, and a new one needs its "
            f"leads: `/meeting item add {label} {' '.join(title.split())} lead <leads>`. "
            f"Items: {_item_titles(h, meeting)}. Nothing was changed."
        )
    if existing is not None and lead_given is None:
        return _change_item_deadline(h, meeting, existing, report_due, note, publication)
    before = _lead_pairs(existing) if existing is not None else []
    old_due = existing.report_due if existing is not None else None
    old_publication = existing.publication_date if existing is not None else None
    # As for actions: unknown leads are refused, never created from a typo.
    owners, added = resolve_command_owners(h, str(lead_given))
    lead_text = ", ".join(o.name if isinstance(o, Person) else o.key for o in owners)
    item, created = add_agenda_item(
        h.repos, meeting, title, lead_text, report_due, publication, owners=owners
    )
    if created:
        message = " ".join([f"Added item {item.position} of {label}.", *added])
        return agenda_view(h, meeting, f"{message} {note}".strip())
    after = _lead_pairs(item)
    changes = [
        *_lead_change_words(before, after),
        *_deadline_words(old_due, item.report_due),
        *_publication_words(old_publication, item.publication_date),
    ]
    if not changes:
        return agenda_view(
            h,
            meeting,
            f"Item {item.position} ({item.title}) of {label} already has these leads "
            f"({_names(after)}) and report deadline ({_due_or_none(item.report_due)}). "
            "Nothing was changed.",
        )
    message = " ".join([f"Updated item {item.position} of {label}.", *changes, *added])
    return agenda_view(h, meeting, f"{message} {note}".strip())


_PUBLICATION_WORDS = ("publication", "published", "publish")
# Words a report or publication date may hold ("next Friday", "end of March", "5th Jan 2027");
# any other word after the date is refused, never dropped.
_DATE_WORD_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun next this end of the by before on week weeks month months year day days "
    "tomorrow today in early mid middle late spring summer autumn fall winter q1 q2 q3 q4 a "
    "fortnight"
)
_DATE_WORDS = set(MONTHS) | set(_DATE_WORD_TEXT.split())
_DATE_TOKEN = re.compile(r"^\d{1,4}(?:st|nd|rd|th)?[,.]?$|^\d{1,4}(?:[/.-]\w{1,9}){1,2}$", re.I)


def _split_publication(
    text: str, h: HandlerContext, *, always: bool = False
) -> tuple[str, str | None]:
    """(text before, the publication date's words) when ``text`` ends ``publication <date>``;
    with ``always`` (the report date, which holds no such word) at the first such word."""
    words = text.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower().rstrip(":") not in _PUBLICATION_WORDS:
            continue
        rest = " ".join(words[i + 1 :])
        if always or (rest and parse_due(rest, h.today, h.tz) and not _extra_words(rest)):
            return " ".join(words[:i]), rest
    return text, None


def _extra_words(text: str) -> str:
    """The words of a date from the first one that no date holds (``17/12/2026 please``:
    ``please``); "" when there are none."""
    words = text.split()
    for i, word in enumerate(words):
        if word.lower().strip(",.") not in _DATE_WORDS and not _DATE_TOKEN.match(word):
            return " ".join(words[i:])
    return ""


def _item_date(h: HandlerContext, meeting: Meeting, text: str, what: str) -> date:
    """The date ``report due …`` or ``publication …`` gives; refused, saying why, when it is no
    day (``31/09/2026``: September has 30 days), unreadable or followed by other words."""
    example = fmt_date(meeting.meeting_date - timedelta(days=14))
    impossible = impossible_day(text)
    if impossible is not None:
        raise UserError(
            f"“{text}” is not a day: {impossible}. Give the {what} date like `{example}`. "
            "Nothing was changed."
        )
    extra = _extra_words(text)
    on = parse_due(text, h.today, h.tz)
    if on is None:
        raise UserError(
            f"I couldn't read “{text}” as a date ({what}). Try `{example}` or `next Friday`. "
            "Nothing was changed."
        )
    if extra:
        date_part = text[: len(text) - len(extra)].strip()
        publication = "" if what == "publication" else " (`publication <date>` comes after it)"
        raise UserError(
            f"I didn't understand “{extra}” after the {what} date “{date_part}”{publication}. "
            "Nothing was changed."
        )
    return on


def _check_publication(meeting: Meeting, publication: date, report_due: date | None) -> None:
    """Papers are published on or before the meeting, and after the report is due."""
    label = meeting_label(meeting)
    if publication > meeting.meeting_date:
        raise UserError(
            f"The publication date {fmt_date(publication)} is after the meeting {label} "
            f"({day_words(meeting.meeting_date, year=True)}): give a date on or before it. "
            "Nothing was changed."
        )
    if report_due is not None and report_due > publication:
        raise UserError(
            f"The publication date {fmt_date(publication)} is before the report deadline "
            f"{fmt_date(report_due)}: a report is published after it is in. Nothing was changed."
        )


def _publication_words(old: date | None, new: date | None) -> list[str]:
    if old == new or new is None:
        return []
    if old is None:
        return [f"Publication date set to {fmt_date(new)} (it had none)."]
    return [f"Publication date moved from {fmt_date(old)} to {fmt_date(new)}."]


def _item_titled(h: HandlerContext, meeting: Meeting, title: str) -> AgendaItem | None:
    """The meeting's agenda item with this title (as ``add_agenda_item`` matches titles)."""
    key = title_key(" ".join(title.split()))
    return next((i for i in h.repos.meetings.agenda(meeting.id) if i.title_key == key), None)


def _item_titles(h: HandlerContext, meeting: Meeting) -> str:
    items = list(h.repos.meetings.agenda(meeting.id))
    return "; ".join(f"{i.position}. {i.title}" for i in items) or "none yet"


def _lead_pairs(item: AgendaItem) -> list[tuple[tuple[int | None, int | None], str]]:
    """((person id, role id), shown name) of each lead of ``item``, in order."""
    pairs = []
    for owner in item.owners:
        if owner.person is not None:
            name = owner.person.name
        elif owner.role is not None:
            name = role_label(owner.role.key, owner.role.title)
        else:
            continue
        pairs.append(((owner.person_id, owner.role_id), name))
    return pairs


def _names(pairs: list[tuple[tuple[int | None, int | None], str]]) -> str:
    return ", ".join(name for _, name in pairs) or "none"


def _due_or_none(due: date | None) -> str:
    return f"due {fmt_date(due)}" if due is not None else "none"


def _lead_change_words(
    before: list[tuple[tuple[int | None, int | None], str]],
    after: list[tuple[tuple[int | None, int | None], str]],
) -> list[str]:
    """``Leads: removed Dominic Porter-Moore; added Fiona Smith.`` (nothing when the same)."""
    old_keys, new_keys = {k for k, _ in before}, {k for k, _ in after}
    removed = [name for k, name in before if k not in new_keys]
    gained = [name for k, name in after if k not in old_keys]
    if not removed and not gained:
        return []
    parts = []
    if removed:
        parts.append(f"removed {', '.join(removed)}")
    if gained:
        parts.append(f"added {', '.join(gained)}")
    return [f"Leads: {'; '.join(parts)} (now {_names(after)})."]


def _deadline_words(old: date | None, new: date | None) -> list[str]:
    if old == new:
        return []
    if old is None:
        return [f"Report deadline set to {fmt_date(new)} (it had none)."] if new else []
    return [f"Report deadline moved from {fmt_date(old)} to {fmt_date(new)}."] if new else []


def _change_item_deadline(
    h: HandlerContext,
    meeting: Meeting,
    item: AgendaItem,
    report_due: date | None,
    note: str,
    publication: date | None = None,
) -> View:
    """``item add`` naming an existing item without leads: only its report deadline (and
    publication date) changes; its leads are kept."""
    label = meeting_label(meeting)
    leads = _names(_lead_pairs(item))
    published = _publication_words(item.publication_date, publication)
    if published:
        item.publication_date = publication
        h.repos.meetings.flush()
    if (report_due is None or report_due == item.report_due) and published:
        message = f"Item {item.position} ({item.title}) of {label}: {' '.join(published)}"
        return agenda_view(h, meeting, f"{message} Leads unchanged: {leads}. {note}".strip())
    if report_due is None or report_due == item.report_due:
        state = (
            f"its report is already due {fmt_date(item.report_due)}"
            if item.report_due is not None
            else "no report deadline was given"
        )
        return agenda_view(
            h,
            meeting,
            f"Item {item.position} ({item.title}) of {label}: {state}; leads unchanged: "
            f"{leads}. Nothing was changed.",
        )
    old = item.report_due
    item.report_due = report_due
    h.repos.meetings.flush()
    moved = (
        f"moved from {fmt_date(old)} to {fmt_date(report_due)}"
        if old is not None
        else f"set to {fmt_date(report_due)} (it had none)"
    )
    message = " ".join(
        [
            f"Report deadline of item {item.position} ({item.title}) of {label} {moved}; "
            f"leads unchanged: {leads}.",
            *published,
        ]
    )
    return agenda_view(h, meeting, f"{message} {note}".strip())


def report_due_note(meeting: Meeting, report_due: date) -> str:
    """What to say about a report deadline; raises UserError when it is after the meeting."""
    if report_due > meeting.meeting_date:
        raise UserError(
            f"The report deadline {fmt_date(report_due)} is after the meeting "
            f"{meeting_label(meeting)} ({day_words(meeting.meeting_date, year=True)}): give a "
            "date on or before it. Nothing was changed."
        )
    why = not_working_words(report_due)
    if why is None:
        return ""
    before = day_words(previous_working_day(report_due), year=True)
    return (
        f"The report deadline {day_words(report_due, year=True)} is {why}: leads will be asked "
        f"to send it by {before}, the working day before."
    )


def _agenda_item(h: HandlerContext, meeting: Meeting, number: str) -> AgendaItem:
    items = list(h.repos.meetings.agenda(meeting.id))
    wanted = number.strip().rstrip(".")
    for item in items:
        if str(item.position) == wanted:
            return item
    numbers = ", ".join(str(i.position) for i in items) or "none yet"
    raise NotFound(f"{meeting_label(meeting)} has no agenda item {wanted}. Items: {numbers}.")


def _item_number(h: HandlerContext, args: Bindings, verb: str) -> str:
    """The item number ``report in``/``report awaited`` was given; refused, with the usage,
    when the words there are not a number (``report in CPAC 2027-01-05 Performance``)."""
    usage = f"/meeting report {verb} <number> [<meeting...>]"
    if slot_text(args, "number") is None:
        raise UserError(
            f"`report {verb}` needs the agenda item's number: `{usage}`, like "
            f"`/meeting report {verb} 1 CPAC`. Numbers are shown by `/meeting agenda <meeting>`. "
            "Nothing was changed."
        )
    number = str(args["number"]).strip().rstrip(".")
    if number.isdigit():
        return number
    typed = " ".join([str(args["number"]), slot_text(args, "meeting") or ""])
    meeting, item = _item_named(h, typed)
    if item is not None and meeting is not None:
        label = meeting_label(meeting)
        example = (
            f"“{item.title}” is item {item.position} of {label}: "
            f"`/meeting report {verb} {item.position} {label}`."
        )
    elif meeting is not None:
        example = f"Items of {meeting_label(meeting)}: {_item_titles(h, meeting)}."
    else:
        example = "Numbers are shown by `/meeting agenda <meeting>`."
    raise UserError(
        f"`report {verb}` needs the agenda item's number before the meeting: `{usage}`. "
        f"{example} Nothing was changed."
    )


def _item_named(h: HandlerContext, typed: str) -> tuple[Meeting | None, AgendaItem | None]:
    """The meeting named at the start of ``typed`` (``CPAC 2027-01-05 Performance``) and the
    one agenda item of it whose title the rest is, or starts."""
    words = typed.split()
    for i in range(len(words)):
        head = " ".join(words[: i + 1])
        try:
            if parse_meeting_name(head).on is None:
                continue
            meeting = find_meeting(h.repos, head, h.now)
        except UserError:
            continue
        key = title_key(" ".join(words[i + 1 :]))
        items = h.repos.meetings.agenda(meeting.id)
        exact = [it for it in items if key and it.title_key == key]
        starts = [it for it in items if key and it.title_key.startswith(key)]
        found = exact or starts
        return meeting, found[0] if len(found) == 1 else None
    return None, None


@REGISTRY.command(
    "meeting",
    "report in [<number>] [<meeting...>]",
    "Mark an agenda item's report as received.",
    writes=True,
    examples=("/meeting report in 1 CPAC",),
)
def meeting_report_in(h: HandlerContext, args: Bindings) -> View:
    """Record that an item's report has arrived (its lead is no longer reminded)."""
    require_known(h.me)
    number = _item_number(h, args, "in")
    meeting = find_meeting(h.repos, slot_text(args, "meeting"), h.now)
    item = _agenda_item(h, meeting, number)
    require_report_change(h, item)
    if item.report_received_at is None:
        item.report_received_at = h.now
    return agenda_view(h, meeting, f"Report for item {item.position} ({item.title}) is in.")


@REGISTRY.command(
    "meeting",
    "report awaited [<number>] [<meeting...>]",
    "Mark an agenda item's report as not received yet.",
    writes=True,
)
def meeting_report_awaited(h: HandlerContext, args: Bindings) -> View:
    """Undo ``report in``."""
    require_known(h.me)
    number = _item_number(h, args, "awaited")
    meeting = find_meeting(h.repos, slot_text(args, "meeting"), h.now)
    item = _agenda_item(h, meeting, number)
    require_report_change(h, item)
    item.report_received_at = None
    return agenda_view(h, meeting, f"Report for item {item.position} ({item.title}) is awaited.")


def _committee_of(h: HandlerContext, target: str) -> Committee:
    name = parse_meeting_name(target)
    if name.meeting_id is not None or name.on is not None:
        return find_meeting(h.repos, target, h.now).committee
    try:
        return find_committee(h.repos, target)
    except NotFound:
        extra = trailing_words_error(h.repos, target, h.now)
        if extra is not None:
            raise extra from None
        raise


def find_indicator(h: HandlerContext, text: str) -> Indicator:
    """An indicator by slug, alias or name (case-insensitively)."""
    wanted = text.strip().lower()
    indicators = list(h.repos.indicators.all())
    for ind in indicators:
        names = [ind.slug.lower(), ind.name.lower(), *(a.lower() for a in ind.aliases or [])]
        if wanted in names:
            return ind
    slugs = ", ".join(i.slug for i in indicators[:20]) or "none yet"
    raise NotFound(f"There is no indicator “{text.strip()}”. Indicators: {slugs}.")


def _link(h: HandlerContext, committee: Committee, plan_id: int | None, ind_id: int | None) -> bool:
    existing = h.uow.session.scalar(
        select(MeetingLink).where(
            MeetingLink.workspace_id == h.uow.workspace_id,
            MeetingLink.committee_id == committee.id,
            MeetingLink.plan_id.is_(None) if plan_id is None else MeetingLink.plan_id == plan_id,
            MeetingLink.indicator_id.is_(None)
            if ind_id is None
            else MeetingLink.indicator_id == ind_id,
        )
    )
    if existing is not None:
        return False
    h.uow.session.add(
        MeetingLink(
            workspace_id=h.uow.workspace_id,
            committee_id=committee.id,
            plan_id=plan_id,
            indicator_id=ind_id,
        )
    )
    return True


@REGISTRY.command(
    "meeting",
    "link <target...> plan <plan...>",
    "Follow a plan in a committee's summaries (overdue and at-risk items).",
    writes=True,
    examples=("/meeting link CPAC plan Corporate Parenting Strategy",),
)
def meeting_link_plan(h: HandlerContext, args: Bindings) -> View:
    """Link a plan to a committee (named directly or by one of its meetings)."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    plan = find_plan(
        h, str(args["plan"]), lambda p: f"/meeting link {args['target']} plan {p.slug}"
    )
    added = _link(h, committee, plan.id, None)
    state = "now follows" if added else "already follows"
    return Notice(level="success", text=f"{committee.name} {state} the plan {plan.name}.")


@REGISTRY.command(
    "meeting",
    "link <target...> kpi <kpi...>",
    "Follow an indicator in a committee's summaries (value, target, change).",
    writes=True,
    examples=("/meeting link CPAC kpi pep",),
)
def meeting_link_kpi(h: HandlerContext, args: Bindings) -> View:
    """Link an indicator to a committee."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    indicator = find_indicator(h, str(args["kpi"]))
    added = _link(h, committee, None, indicator.id)
    state = "now follows" if added else "already follows"
    return Notice(level="success", text=f"{committee.name} {state} the indicator {indicator.slug}.")


def _unlink(
    h: HandlerContext, committee: Committee, plan_id: int | None, ind_id: int | None
) -> bool:
    """Remove the committee's link to a plan or an indicator (audited, as every delete);
    whether there was one."""
    link = next(
        (
            m
            for m in h.repos.meetings.links(committee.id)
            if m.plan_id == plan_id and m.indicator_id == ind_id
        ),
        None,
    )
    if link is None:
        return False
    h.uow.session.delete(link)
    h.uow.session.flush()
    return True


def _follows(h: HandlerContext, committee: Committee) -> str:
    """What a committee follows, for a refusal: ``plan leeds-improvement-plan, kpi pep``."""
    names = []
    for link in h.repos.meetings.links(committee.id):
        if link.plan_id is not None and (plan := h.repos.plans.by_id(link.plan_id)) is not None:
            names.append(f"plan {plan.slug}")
        if link.indicator_id is not None:
            ind = h.uow.session.get(Indicator, link.indicator_id)
            if ind is not None:
                names.append(f"kpi {ind.slug}")
    return ", ".join(names) or "nothing"


@REGISTRY.command(
    "meeting",
    "unlink <target...> plan <plan...>",
    "Stop following a plan in a committee's summaries.",
    writes=True,
)
def meeting_unlink_plan(h: HandlerContext, args: Bindings) -> View:
    """Undo ``/meeting link … plan …`` (a plan linked by mistake)."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    plan = find_plan(
        h, str(args["plan"]), lambda p: f"/meeting unlink {args['target']} plan {p.slug}"
    )
    if not _unlink(h, committee, plan.id, None):
        return Notice(
            level="info",
            text=f"{committee.name} does not follow the plan {plan.name} (it follows "
            f"{_follows(h, committee)}). Nothing was changed.",
        )
    return Notice(level="success", text=f"{committee.name} no longer follows the plan {plan.name}.")


@REGISTRY.command(
    "meeting",
    "unlink <target...> kpi <kpi...>",
    "Stop following an indicator in a committee's summaries.",
    writes=True,
)
def meeting_unlink_kpi(h: HandlerContext, args: Bindings) -> View:
    """Undo ``/meeting link … kpi …``."""
    require_committee_change(h, "change what a committee follows")
    committee = _committee_of(h, str(args["target"]))
    indicator = find_indicator(h, str(args["kpi"]))
    if not _unlink(h, committee, None, indicator.id):
        return Notice(
            level="info",
            text=f"{committee.name} does not follow the indicator {indicator.slug} (it follows "
            f"{_follows(h, committee)}). Nothing was changed.",
        )
    return Notice(
        level="success",
        text=f"{committee.name} no longer follows the indicator {indicator.slug}.",
    )


@REGISTRY.command(
    "meeting",
    "channel <committee...> <channel>",
    "Set the channel a committee's summaries are posted to.",
    writes=True,
    examples=("/meeting channel CPAC #cpac",),
)
def meeting_channel_set(h: HandlerContext, args: Bindings) -> View:
    """Post a committee's summaries to a channel."""
    require_committee_change(h, "change a committee's channel")
    committee_text, channel_text = _split_channel(str(args["committee"]), str(args["channel"]))
    channel = parse_channel(channel_text)
    if channel is None:
        raise UserError(f"“{channel_text}” is not a channel: {CHANNEL_RULE}. Nothing was changed.")
    committee = find_committee(h.repos, committee_text)
    if committee.channel_id == channel and not _upcoming_off(h, committee, channel):
        retried = _retry_failed_summaries(h, committee)
        already = f"{committee.name}'s summaries already go to #{channel}."
        if not retried:
            return Notice(level="info", text=f"{already} Nothing was changed.")
        return Notice(level="success", text=f"{already} {_retry_words(retried)}")
    old = committee.channel_id
    committee.channel_id, committee.channel_platform = channel, channel_platform(h)
    moved, kept = _move_upcoming(h, committee, old)
    retried = _retry_failed_summaries(h, committee)
    state = "already go" if old == channel else "now go"
    parts = [f"{committee.name}'s summaries {state} to #{channel}."]
    if moved:
        labels = ", ".join(meeting_label(m) for m in moved)
        noun = "meeting" if len(moved) == 1 else "meetings"
        parts.append(f"Moved its upcoming {noun} {labels} from #{old} to #{channel}.")
    for meeting in kept:
        label = meeting_label(meeting)
        parts.append(
            f"{label} keeps its own channel #{meeting.channel_id}; move it with "
            f"/meeting add {label} #{channel}."
        )
    if retried:
        parts.append(_retry_words(retried))
    return Notice(level="success", text=" ".join(parts))


def _split_channel(committee: str, channel: str) -> tuple[str, str]:
    """(committee, channel as typed): words from the first one written as a channel on are the
    channel (``CPAC #a b`` names the channel ``#a b``, which is refused, not a committee)."""
    words = committee.split()
    at = next((i for i, w in enumerate(words) if looks_like_channel(w)), None)
    if at is None or at == 0:
        return committee, channel
    return " ".join(words[:at]), " ".join([*words[at:], channel])


def _retry_failed_summaries(h: HandlerContext, committee: Committee) -> int:
    """Plan again the summaries of upcoming meetings that follow the committee's channel and
    that a channel refused (the bot was not in it, it was archived...): the channel has just
    been set, so they may go out now. How many."""
    return sum(
        h.repos.meetings.forget_failed_summaries(meeting, h.now)
        for meeting in _upcoming(h, committee)
        if meeting.channel_id in (None, committee.channel_id)
    )


def _retry_words(count: int) -> str:
    noun = "summary" if count == 1 else "summaries"
    return f"{count} {noun} that could not be posted will be tried again at the next scheduled run."


def _upcoming(h: HandlerContext, committee: Committee) -> list[Meeting]:
    return [m for m in h.repos.meetings.meetings_of(committee.id) if m.starts_at > h.now]


def _upcoming_off(h: HandlerContext, committee: Committee, channel: str) -> list[Meeting]:
    """Upcoming meetings whose own channel is not ``channel``."""
    return [m for m in _upcoming(h, committee) if m.channel_id and m.channel_id != channel]


def _move_upcoming(
    h: HandlerContext, committee: Committee, old: str | None
) -> tuple[list[Meeting], list[Meeting]]:
    """Make upcoming meetings on the committee's old channel follow its new one.

    Imported meetings carry their own channel, which takes priority over the committee's;
    one that was on the old channel is moved (it follows the committee again), one with a
    channel of its own keeps it. Returns (moved, kept). Past meetings keep their record.
    """
    moved: list[Meeting] = []
    kept: list[Meeting] = []
    for meeting in _upcoming_off(h, committee, committee.channel_id or ""):
        if old is not None and meeting.channel_id == old:
            meeting.channel_id = None
            moved.append(meeting)
        else:
            kept.append(meeting)
    for meeting in _upcoming(h, committee):
        if meeting.channel_id == committee.channel_id:
            meeting.channel_id = None  # the same as the committee's: follow it from now on
    return moved, kept


@REGISTRY.command(
    "meeting",
    "summaries <committee...> off",
    "Stop posting a committee's pre-meeting summaries.",
    writes=True,
)
def meeting_summaries_off(h: HandlerContext, args: Bindings) -> View:
    """No scheduled summaries for this committee (``/meeting prep`` still works)."""
    require_committee_change(h, "turn a committee's summaries off")
    committee = find_committee(h.repos, str(args["committee"]))
    committee.summary_days_before = []
    return Notice(level="success", text=f"No more scheduled summaries for {committee.name}.")


@REGISTRY.command(
    "meeting",
    "summaries <committee...> days <days...>",
    "When summaries are posted: days before each meeting (default 7 and 1).",
    writes=True,
    examples=("/meeting summaries CPAC days 7 1",),
)
def meeting_summaries_days(h: HandlerContext, args: Bindings) -> View:
    """Set how many days before each meeting its summary is posted."""
    require_committee_change(h, "change when a committee's summaries go out")
    committee = find_committee(h.repos, str(args["committee"]))
    days: list[int] = []
    for word in str(args["days"]).replace(",", " ").replace("and", " ").split():
        if not word.isdigit() or not 0 <= int(word) <= MAX_SUMMARY_DAYS:
            raise UserError(
                f"“{word}” is not a number of days from 0 to {MAX_SUMMARY_DAYS}. "
                "Try `/meeting summaries CPAC days 7 1`."
            )
        days.append(int(word))
    committee.summary_days_before = [str(d) for d in sorted(set(days), reverse=True)]
    shown = days_before_words(committee.summary_days_before)
    return Notice(level="success", text=f"{committee.name}'s summaries go out {shown}.")


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
