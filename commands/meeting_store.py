"""Create and change committees, meetings and agenda items (used by commands and imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from commands.dates import clocks_skip
from commands.errors import UserError
from commands.meeting_lookup import (
    NO_INITIALS,
    committee_key,
    full_name_initials,
    initials_holder,
    initials_of,
)
from commands.owner_store import owner_keys, owner_rows, resolve_owners
from commands.views import ChannelSpan
from storage.models import AgendaItem, AgendaItemOwner, Committee, Meeting, Person, Role
from storage.repositories import Repositories

DEFAULT_START = time(18, 30)
# A meeting date further ahead than this many years is a year typed wrongly (2062 for 2026,
# 2206): it is refused wherever a meeting is dated (``/meeting add`` and ``move``, the meetings
# import), as its summaries would never come. Past dates are kept: minutes of past meetings
# are imported.
MAX_YEARS_AHEAD = 2
_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE
)
_SLACK_CHANNEL_RE = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")
# A channel name as Slack allows it (letters, digits, hyphens, underscores; at most 80
# characters; upper case is kept, as Slack channel ids are typed ``#C0123ABC``), or a Teams
# channel id as the Teams adapter writes a channel mention (``#19:abc@thread.tacv2``).
_CHANNEL_NAME_RE = re.compile(r"^(?=[\w-]*[A-Za-z0-9])[A-Za-z0-9_-]{1,80}$")
_TEAMS_CHANNEL_RE = re.compile(r"^19:[^\s<>#|]+@thread\.[A-Za-z0-9]+$")
CHANNEL_RULE = (
    "a channel name is letters, digits, hyphens and underscores (at most 80 characters), "
    "written like #cpac"
)
# The /meeting commands that read a channel from the words typed (``add`` through
# meetings_write.split_add, ``channel`` in meeting_channels): only in these does a chat adapter
# pass a channel mention on as its platform wrote it, so that the channel is stored by its id.
_READS_CHANNEL = frozenset({"add", "channel"})
_MEETING_GROUPS = frozenset({"meeting", "meetings"})


def parse_time(text: str) -> time | None:
    """``18:30``, ``6.30pm``, ``7pm`` or ``19.15`` as a time; None when it is not a time."""
    m = _TIME_RE.match(text.strip())
    if not m:
        return None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not m["m"] and not ampm:
        return None  # a bare number is not a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_channel(text: str) -> str | None:
    """A channel as typed: ``#cpac`` -> ``cpac``; Slack's ``<#C123|cpac>`` -> ``C123``; a
    Teams channel ``#19:…@thread.tacv2`` as it is. None when it is not a channel (``#a!``,
    ``#<!channel>``)."""
    text = text.strip()
    m = _SLACK_CHANNEL_RE.match(text)
    if m:
        return m[1]
    name = text[1:] if text.startswith("#") else ""
    if _CHANNEL_NAME_RE.match(name) or _TEAMS_CHANNEL_RE.match(name):
        return name
    return None


def is_teams_channel(channel: str) -> bool:
    """True when ``channel`` (as :func:`parse_channel` returns it) is a Teams channel id, the
    only way Teams can be posted to (a name such as ``cpac`` is not)."""
    return bool(_TEAMS_CHANNEL_RE.match(channel))


def looks_like_channel(text: str) -> bool:
    """True when ``text`` is written as a channel (``#…``, ``<#…>``), valid or not."""
    return text.strip().startswith(("#", "<#"))


def reads_channel(group: str, text: str) -> bool:
    """Whether ``text`` typed after the command ``group`` (``/meeting``) is a command that
    reads a channel from it (``add …``, ``channel …``). Elsewhere a channel mention is text
    like any other (an update or a title reads ``#cpac``), so an adapter keeps Slack's
    ``<#C123|cpac>`` as it is only here."""
    if group.lstrip("/").lower() not in _MEETING_GROUPS:
        return False
    first = text.split(None, 1)[:1]
    return bool(first) and first[0].lower() in _READS_CHANNEL


@dataclass(frozen=True)
class Channel:
    """A stored channel named in a reply (see :func:`channel_words`)."""

    id: str


Piece = str | Channel


def channel_words(
    sentences: Iterable[Piece | tuple[Piece, ...]], sep: str = " "
) -> tuple[str, list[ChannelSpan]]:
    """Sentences (one of several pieces: a tuple) joined by ``sep``, each stored channel
    written ``#`` and the channel, with where in the text each channel is (for a chat
    renderer to show it as a link)."""
    text: list[str] = []
    size = 0
    spans: list[ChannelSpan] = []
    for i, sentence in enumerate(sentences):
        if i:
            text.append(sep)
            size += len(sep)
        for piece in sentence if isinstance(sentence, tuple) else (sentence,):
            if isinstance(piece, Channel):
                shown = f"#{piece.id}"
                if piece.id:
                    spans.append(ChannelSpan(start=size, end=size + len(shown)))
            else:
                shown = piece
            text.append(shown)
            size += len(shown)
    return "".join(text), spans


def title_key(title: str) -> str:
    """The key agenda items are matched by within a meeting."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", title.lower())).strip()[:300]


def get_or_create_committee(repos: Repositories, name: str) -> tuple[Committee, bool]:
    """The committee with this name, created (with its initials) if new. A new committee
    whose initials another committee already answers to (``Aardvark board`` after ``Alpha
    board``) has none: it is known by its full name, so that both can be named."""
    name = " ".join(name.split())
    if not name:
        raise UserError("A committee needs a name.")
    key = committee_key(name)
    committee = repos.meetings.committee_by_key(key)
    if committee is not None:
        return committee, False
    initials = initials_of(name) if len(name.split()) > 1 else ""
    answers_to = initials or initials_of(name)
    if answers_to and initials_holder(repos.meetings.committees(), answers_to) is not None:
        initials = NO_INITIALS
    committee = Committee(
        workspace_id=repos.meetings.workspace_id,
        name=name,
        name_key=key,
        initials=initials,
    )
    repos.meetings.add(committee)
    repos.meetings.flush()
    return committee, True


def take_full_name(committees: Iterable[Committee], committee: Committee, name: str) -> str | None:
    """Name a committee known only by its initials (``CPAC``) by the full name ``name``
    they stand for (``Corporate Parenting Advisory Committee``), keeping the initials as
    what it answers to, so its meetings keep their names; the old name when renamed, else
    None. Not when another committee's name has those initials too (``Alpha board`` beside
    ``AB``, see ``meeting_lookup.NO_INITIALS``): ``name`` could be that one's twin, and two
    committees are never merged into one."""
    initials = full_name_initials(name)
    if not initials or committee.name_key != initials:
        return None
    if any(c.id != committee.id and initials_of(c.name).lower() == initials for c in committees):
        return None
    old = committee.name
    committee.name = " ".join(name.split())
    committee.name_key = committee_key(name)
    committee.initials = initials_of(name)
    return old


def full_name_taken_words(old: str, committee: Committee, why: str) -> str:
    """``the committee “CPAC” is now named …, as this file names it in full; …``: what chat
    and the import report say of a committee ``take_full_name`` renamed (``why``: as what
    named it)."""
    return (
        f"the committee “{old}” is now named “{committee.name}”, as {why} names it in full; "
        f"{committee.initials} still names it (its meetings keep names like "
        f"`{committee.initials} <date>`)."
    )


def latest_meeting_day(today: date) -> date:
    """The last day a meeting may be dated: :data:`MAX_YEARS_AHEAD` years after ``today``
    (28 February for a 29 February)."""
    year = today.year + MAX_YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def too_far_ahead_words(on: date, typed: str, today: date) -> str | None:
    """What is wrong with the meeting date ``on`` (written ``typed``) when it is more than
    :data:`MAX_YEARS_AHEAD` years after ``today`` (a year typed wrongly); None when it is
    not. The one rule every way of dating a meeting uses."""
    latest = latest_meeting_day(today)
    if on <= latest:
        return None
    written = " ".join(typed.split())[:40] or on.isoformat()
    read = f" ({on.day} {on:%B %Y})" if written != on.isoformat() else ""
    return (
        f"the meeting date “{written}”{read} is more than {MAX_YEARS_AHEAD} years ahead: "
        f"check the year (a meeting can be dated up to {latest.day} {latest:%B %Y})."
    )


def require_meeting_date(on: date, typed: str, today: date) -> None:
    """Refuse (UserError) a meeting date more than :data:`MAX_YEARS_AHEAD` years ahead."""
    words = too_far_ahead_words(on, typed, today)
    if words is not None:
        raise UserError(f"{words[0].upper()}{words[1:]} Nothing was changed.")


def starts_at(on: date, at: time | None, tz: str) -> datetime:
    """The meeting's start: the wall-clock time ``at`` on ``on`` in the workspace zone, as the
    UTC moment that is stored (so whatever shows it later shows the same local time).

    A time the clocks skip (01:30 on the day British Summer Time starts) is refused; a time
    that happens twice (01:30 on the day it ends) is the first, in summer time."""
    zone = ZoneInfo(tz)
    local = datetime.combine(on, at or DEFAULT_START, tzinfo=zone)  # fold=0: the first one
    if clocks_skip(local):
        raise UserError(
            f"{local:%H:%M} does not exist on {on:%a} {on.day} {on:%b %Y} in {tz}: the clocks "
            "go forward over it. Give a time before or after the change. Nothing was changed."
        )
    return local.astimezone(UTC)


def get_or_create_meeting(
    repos: Repositories, committee: Committee, on: date, start: datetime
) -> tuple[Meeting, bool]:
    """The committee's meeting on ``on``, created if new (its start is updated when given)."""
    for meeting in repos.meetings.meetings_of(committee.id):
        if meeting.meeting_date == on:
            if meeting.starts_at != start:
                meeting.starts_at = start
            return meeting, False
    meeting = Meeting(
        workspace_id=repos.meetings.workspace_id,
        committee_id=committee.id,
        meeting_date=on,
        starts_at=start,
    )
    meeting.committee = committee
    repos.meetings.add(meeting)
    repos.meetings.flush()
    return meeting, True


def set_agenda_owners(
    repos: Repositories,
    item: AgendaItem,
    lead_text: str,
    owners: list[Person | Role] | None = None,
) -> None:
    """Replace an agenda item's lead officers with ``owners`` or, when not given, the people
    and roles ``lead_text`` names (created when new, as imports do)."""
    if owners is None:
        owners = resolve_owners(repos, lead_text)
    item.owners = owner_rows(owners, AgendaItemOwner)
    item.lead_text = lead_text


def add_agenda_item(
    repos: Repositories,
    meeting: Meeting,
    title: str,
    lead_text: str,
    report_due: date | None,
    publication_date: date | None = None,
    owners: list[Person | Role] | None = None,
) -> tuple[AgendaItem, bool]:
    """Add an item to a meeting's agenda, or update the item with the same title.

    ``owners`` are the leads already resolved (chat commands refuse unknown names); without
    them the people and roles ``lead_text`` names are created when new."""
    title = " ".join(title.split())
    if not title:
        raise UserError("An agenda item needs a title.")
    key = title_key(title)
    items = list(repos.meetings.agenda(meeting.id))
    existing = next((i for i in items if i.title_key == key), None)
    created = existing is None
    if existing is None:
        existing = AgendaItem(
            workspace_id=repos.meetings.workspace_id,
            meeting_id=meeting.id,
            position=max((i.position for i in items), default=0) + 1,
            title=title,
            title_key=key,
        )
        repos.meetings.add(existing)
    if owners is not None:
        same = owner_keys(owners) == [(o.person_id, o.role_id) for o in existing.owners]
        if created or not same or lead_text != existing.lead_text:
            set_agenda_owners(repos, existing, lead_text, owners)
    elif lead_text != existing.lead_text or created:
        set_agenda_owners(repos, existing, lead_text)
    if report_due is not None and existing.report_due != report_due:
        existing.report_due = report_due
    if publication_date is not None and existing.publication_date != publication_date:
        existing.publication_date = publication_date
    repos.meetings.flush()
    return existing, created
