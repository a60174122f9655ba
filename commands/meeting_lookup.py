"""Find committees and meetings the way users name them.

A committee is named by its name (case-insensitively), by its initials (``CPAC``) or by the
start of its name. A meeting is named ``<committee> <date>`` (``CPAC 2016-01-05``,
``CPAC 05/01/2016``, ``CPAC 5 Jan 2016``: any date form the meetings importer and
``/meeting add`` read), by its id (``12`` or ``#12``), or by a committee alone (its next
meeting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, utils
from rapidfuzz.distance import OSA

from commands.dates import MONTHS, impossible_day
from commands.errors import NotFound, UserError
from storage.models import Committee, Meeting
from storage.repositories import Repositories

_SMALL_WORDS = {"of", "and", "the", "for", "on", "in", "to", "&"}
# The date is a word of its own: in ``CPAC 99999-01-01`` no committee "CPAC 9" meets in 9999.
_ISO_TAIL = re.compile(r"^(?P<head>.*?)(?:^|\s+)(?P<date>\d{4}-\d{1,2}-\d{1,2})$")
# A date written 2027-02-29 or 31 Sep 2027 (with no words around it).
_DAY_WRITTEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
)
_ID_RE = re.compile(r"^#?(\d{1,9})$")
_DMY_TAIL = re.compile(
    r"^(?P<head>.*?)(?:^|\s+)(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4})$"
)
# The other forms the meetings importer (and so ``/meeting add``) reads, as the last words of
# a meeting name: 30/03/2027, 30/03/27, 30.03.2027, 30-03-2027, March 30, 2027, 30-Mar-27.
_MONTH_WORD = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_OTHER_DATE = re.compile(
    r"\d{1,2}([/.-])\d{1,2}\1(?:\d{2}|\d{4})"
    r"|" + _MONTH_WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}-" + _MONTH_WORD + r"-(?:\d{2}|\d{4})",
    re.I,
)


def committee_key(name: str) -> str:
    """The key committees are matched by: lower case words separated by single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9& ]", " ", name.lower())).strip()


def initials_of(name: str) -> str:
    """Initials of a committee name: "Corporate Parenting Advisory Committee" -> "CPAC"."""
    words = [w for w in re.split(r"[\s\-/]+", name) if w]
    letters = [w[0] for w in words if w.lower() not in _SMALL_WORDS and w[0].isalnum()]
    return "".join(letters).upper()[:32]


# Stored as the initials of a committee created when another committee of the workspace
# already answered to its initials: it has none, and is known by its full name.
NO_INITIALS = "-"


def committee_initials(committee: Committee) -> str:
    """The initials a committee is known by (stored, else computed from its name); none for
    one known by its full name."""
    if committee.initials == NO_INITIALS:
        return ""
    return committee.initials or initials_of(committee.name)


def committee_short(committee: Committee) -> str:
    """What a committee is called in meeting names and commands: its initials (``CPAC``) or,
    for a name of one or two words without stored initials (or one whose initials another
    committee answers to), its name."""
    c = committee
    if c.initials == NO_INITIALS:
        return c.name
    short = c.initials or (initials_of(c.name) if len(c.name.split()) > 2 else c.name)
    return short or c.name


def initials_holder(
    committees: Iterable[Committee], initials: str, *, besides: Committee | None = None
) -> Committee | None:
    """The committee (other than ``besides``) that already answers to ``initials``: by its
    initials, stored or computed, case-insensitively, or by its name; else None."""
    wanted = initials.lower()
    for c in committees:
        if c is besides or (besides is not None and c.id == besides.id):
            continue
        if committee_initials(c).lower() == wanted or c.name_key == wanted:
            return c
    return None


def initials_taken_words(repos: Repositories, committee: Committee, example: str) -> str | None:
    """``Its initials AB are Alpha board's already, so …``: why a new committee is known by
    its full name (``example`` is one of its meetings' names); None when it has initials."""
    if committee.initials != NO_INITIALS or len(committee.name.split()) < 2:
        return None  # a one-word name is what its meetings are named by anyway
    own = initials_of(committee.name)
    holder = initials_holder(repos.meetings.committees(), own, besides=committee) if own else None
    if holder is None:
        return None
    return (
        f"Its initials {own} are {holder.name}'s already, so its meetings are named by its "
        f"full name, like `{example}` ({own} still means {holder.name})."
    )


def committee_title(committee: Committee) -> str:
    """A committee in a list: ``Corporate Parenting Advisory Committee (CPAC)``; a name with
    no initials worth showing (``CAPC``, not ``CAPC (C)``) alone."""
    short = committee_short(committee)
    if short.lower() == committee.name.lower():
        return committee.name
    return f"{committee.name} ({short})"


def meeting_label(meeting: Meeting) -> str:
    """How a meeting is named everywhere: ``CPAC 2016-01-05``."""
    return f"{committee_short(meeting.committee)} {meeting.meeting_date.isoformat()}"


def meeting_command_ref(meeting: Meeting) -> str:
    """The meeting as typed in a command (``CPAC 2016-01-05``)."""
    return meeting_label(meeting)


def full_name_initials(name: str) -> str:
    """The initials (lower case) a committee's full name stands for (``cpac`` for Corporate
    Parenting Advisory Committee); none for a one-word name, which may be initials itself."""
    return initials_of(name).lower() if len(name.split()) > 1 else ""


def committee_matches(committees: Iterable[Committee], name: str) -> list[Committee]:
    """The committees ``name`` names, by the one rule chat and the meetings import share,
    case-insensitively: the committee of that name; else those answering to ``name`` as
    their initials (``CPAC``), and the one known only by the initials of ``name`` (``CPAC``
    for ``Corporate Parenting Advisory Committee``, which the name then completes). More
    than one is for the caller to refuse, never to pick from."""
    key = committee_key(name)
    every = list(committees)
    named = [c for c in every if c.name_key == key or committee_key(c.name) == key]
    if named:
        return named[:1]
    bare = key.replace(" ", "")
    initials = full_name_initials(name)
    return [
        c
        for c in every
        if (initials and c.name_key == initials) or (bare and committee_initials(c).lower() == bare)
    ]


def find_committee(repos: Repositories, text: str, *, rest: str = "") -> Committee:
    """The committee ``text`` names (``committee_matches``), else the one whose name starts
    with it. ``rest`` is what was typed after it (a meeting's date), for a refusal to say
    what to type."""
    wanted = text.strip()
    committees = list(repos.meetings.committees())
    if not committees:
        raise NotFound(
            "There are no committees yet. Add a meeting with "
            "`/meeting add <committee> <date> <time>` or `csbot import meetings FILE`."
        )
    key = committee_key(wanted)
    by_initials = committee_matches(committees, wanted)
    if len(by_initials) == 1:
        return by_initials[0]
    starts = [c for c in committees if key and committee_key(c.name).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    ambiguous = by_initials or starts
    if ambiguous:
        raise UserError(_ambiguous_words(wanted, ambiguous, committees, rest))
    names = ", ".join(committee_title(c) for c in committees)
    raise NotFound(f"There is no committee called “{wanted}”. Committees: {names}.")


def _ambiguous_words(
    wanted: str, ambiguous: list[Committee], committees: list[Committee], rest: str
) -> str:
    """``“AB” could mean several committees: Alpha board or Aardvark board (both answer to
    AB). Type … in place of “AB”: `Alpha board 2027-04-01` or `Aardvark board 2027-04-01`.``"""
    names = _or_list([c.name for c in ambiguous])
    shared = {committee_initials(c).lower() for c in ambiguous}
    why = ""
    if len(shared) == 1 and committee_key(wanted).replace(" ", "") in shared:
        both = "both" if len(ambiguous) == 2 else "all"
        why = f" ({both} answer to {committee_initials(ambiguous[0])})"
    typed = _or_list([f"`{f'{_unique_name(c, committees)} {rest}'.strip()}`" for c in ambiguous])
    return (
        f"“{wanted}” could mean several committees: {names}{why}. Type the one you mean in "
        f"place of “{wanted}”: {typed}."
    )


def _or_list(words: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)


def _unique_name(committee: Committee, committees: list[Committee]) -> str:
    """What to type to name ``committee`` alone: its short name when that finds it, else its
    full name (for one whose initials another committee answers to as well)."""
    short = committee_short(committee)
    key = committee_key(short)
    named = [c for c in committees if c.name_key == key or committee_key(c.name) == key]
    initials = [c for c in committees if committee_initials(c).lower() == key.replace(" ", "")]
    if named == [committee] or (not named and initials == [committee]):
        return short
    return committee.name


# How close a typed committee name must be to a committee's to be taken for a typo of it: a
# similarity (0-100) for names, or one letter wrong, missing, added or swapped (CAPC/CPAC).
_CLOSE_NAME_RATIO = 85
_CLOSE_EDITS = 1
_CLOSE_MIN_LETTERS = 3


def close_committees(repos: Repositories, text: str) -> list[Committee]:
    """Committees whose name or initials are a near miss of ``text`` (a typo, not a new
    committee): ``CAPC`` for CPAC, ``Corporate Parenting Advisory Comittee``."""
    key = committee_key(text)
    bare = key.replace(" ", "")
    if len(bare) < _CLOSE_MIN_LETTERS:
        return []
    return [c for c in repos.meetings.committees() if _is_close(key, c)]


def _is_close(key: str, committee: Committee) -> bool:
    name_key = committee_key(committee.name)
    if fuzz.ratio(key, name_key, processor=utils.default_process) >= _CLOSE_NAME_RATIO:
        return True
    names = [name_key]
    short = committee_short(committee).lower()
    if len(short) >= _CLOSE_MIN_LETTERS:
        names.append(short)
    return any(OSA.distance(key, n) <= _CLOSE_EDITS for n in names)


@dataclass(frozen=True)
class MeetingName:
    """What a typed meeting name holds: an id, or a committee and maybe a date."""

    meeting_id: int | None = None
    committee: str = ""
    on: date | None = None


def _parse_date(text: str) -> date | None:
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", " "))
    text = " ".join(text.split())
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d %b. %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_meeting_name(text: str) -> MeetingName:
    """Split ``CPAC 2016-01-05`` / ``#12`` / ``CPAC`` into its parts."""
    text = " ".join(text.split())
    m = _ID_RE.match(text)
    if m:
        return MeetingName(meeting_id=int(m[1]))
    for pattern in (_ISO_TAIL, _DMY_TAIL):
        m = pattern.match(text)
        if m:
            on = _parse_date(m["date"])
            if on is None:
                raise UserError(f"{_not_a_day(m['date'])} `<committee> <YYYY-MM-DD>`.")
            return MeetingName(committee=m["head"].strip(), on=on)
    words = text.split()
    for k in range(1, min(len(words), 4) + 1):
        tail = " ".join(words[-k:])
        on = _meeting_date(tail) if _OTHER_DATE.fullmatch(tail) else None
        if on is not None:
            return MeetingName(committee=" ".join(words[:-k]), on=on)
    # A tail written like a date that is no day (31/02/2027) is left in the name: /meeting add
    # then says which dates it reads, and find_meeting says it is not a date.
    return MeetingName(committee=text)


def _not_a_day(text: str) -> str:
    """``“2027-02-29” is not a day: February 2027 has 28 days. Name a meeting by …:`` (what is
    wrong with a date that names no day, when it can be said), before the usage."""
    why = impossible_day(text)
    if why is not None:
        return f"“{text}” is not a day: {why}. Name a meeting by its committee and date:"
    return f"“{text}” is not a date I can read. Name a meeting by its committee and date:"


def impossible_date_words(text: str) -> str | None:
    """``“31/09/2027” is not a day: September has 30 days.`` when a word run of ``text``
    written as a date names no day; else None."""
    words = text.split()
    for i in range(len(words)):
        for k in range(min(4, len(words) - i), 0, -1):
            run = " ".join(words[i : i + k])
            why = impossible_day(run)
            if why is not None and (_OTHER_DATE.fullmatch(run) or _DAY_WRITTEN.fullmatch(run)):
                return f"“{run}” is not a day: {why}."
    return None


def _impossible_date_tail(text: str) -> str | None:
    """The last words of ``text`` when they are written like a date but name no day."""
    words = text.split()
    for k in range(1, min(len(words), 4) + 1):
        tail = " ".join(words[-k:])
        if _OTHER_DATE.fullmatch(tail) and _meeting_date(tail) is None:
            return tail
    return None


def _meeting_date(text: str) -> date | None:
    """A date as the meetings importer reads it (imported here: that importer imports this
    module)."""
    from commands.importers.meetings import parse_meeting_date

    return parse_meeting_date(text)


def find_meeting(
    repos: Repositories, text: str | None, now: datetime, *, default: str = "next"
) -> Meeting:
    """The meeting a typed name means. No name, or only a committee, means the next meeting
    (``default="next"``) or the latest one held (``default="last"``)."""
    name = parse_meeting_name(text or "")
    if name.meeting_id is not None:
        meeting = repos.meetings.meeting_by_id(name.meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting with id {name.meeting_id}.")
        return meeting
    if name.on is None and (bad := _impossible_date_tail(name.committee)) is not None:
        raise UserError(
            f"{_not_a_day(bad)} `<committee> <DD/MM/YYYY>` or `<committee> <YYYY-MM-DD>`."
        )
    if name.on is None and name.committee:
        committee: Committee | None = _committee_of_name(repos, name.committee, now)
    else:
        on = name.on.isoformat() if name.on else ""
        committee = find_committee(repos, name.committee, rest=on) if name.committee else None
    if name.on is not None:
        candidates = [committee] if committee is not None else list(repos.meetings.committees())
        found = [
            m
            for c in candidates
            for m in repos.meetings.meetings_of(c.id)
            if m.meeting_date == name.on
        ]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            labels = ", ".join(meeting_label(m) for m in found)
            raise UserError(f"Several meetings are on {name.on:%-d %b %Y}: {labels}.")
        known = _known_dates(repos, committee)
        who = committee.name if committee else "any committee"
        raise NotFound(
            f"{who} has no meeting on {name.on:%-d %b %Y}."
            + (f" Meetings: {known}." if known else ""),
        )
    if default == "last":
        return last_meeting_held(repos, committee, now)
    upcoming = repos.meetings.upcoming(_start_of_day(now), committee.id if committee else None)
    if upcoming:
        return upcoming[0]
    who = f"{committee.name} has" if committee else "There are"
    raise NotFound(
        f"{who} no upcoming meetings. Add one with `/meeting add <committee> <date> <time>`."
    )


def _committee_of_name(repos: Repositories, text: str, now: datetime) -> Committee:
    """The committee ``text`` names; when there is none, a clearer refusal than "no committee
    called …" for a date without a year or words after a meeting's date."""
    try:
        return find_committee(repos, text)
    except NotFound:
        extra = trailing_words_error(repos, text, now)
        if extra is not None:
            raise extra from None
        hint = yearless_date_hint(text, now.date())
        if hint is not None:
            raise UserError(hint) from None
        raise


def trailing_words_error(repos: Repositories, text: str, now: datetime) -> UserError | None:
    """When ``text`` is a meeting's name (``CPAC 2027-01-05``, ``#12``) followed by other
    words, the refusal naming the meeting and the words not understood; else None."""
    split = split_trailing(text)
    if split is None:
        return None
    head, extra = split
    try:
        meeting = find_meeting(repos, head, now)
    except UserError as exc:
        return UserError(f"{exc} (I didn't understand “{extra}” after the date either.)")
    return UserError(
        f"I found the meeting {meeting_label(meeting)}, but I didn't understand “{extra}” "
        f"after it. Name a meeting by its committee and date alone, like "
        f"`{meeting_label(meeting)}`."
    )


def split_trailing(text: str) -> tuple[str, str] | None:
    """(meeting name, the words after it) when ``text`` starts with a meeting's name (a
    committee and date, or ``#12``) and goes on; else None."""
    words = text.split()
    for i in range(len(words) - 1):
        head = " ".join(words[: i + 1])
        try:
            name = parse_meeting_name(head)
        except UserError:
            continue
        if name.on is not None or (name.meeting_id is not None and i == 0):
            return head, " ".join(words[i + 1 :])
    return None


_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})$")
_DAY_MONTH_WORD = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mw>[A-Za-z]{3,9})\.?$"
    r"|^(?P<mw2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?$"
)


def yearless_date_hint(text: str, today: date) -> str | None:
    """``“3/4” needs a year: 03/04/2027 or 3 Apr 2027.`` when the last words of ``text`` are a
    day and month without a year (the year offered is the next such day's); else None."""
    words = text.split()
    for k in (1, 2):
        if len(words) < k:
            break
        tail = " ".join(words[-k:])
        on = _day_month(tail, today)
        if on is not None:
            return f"“{tail}” needs a year: {on:%d/%m/%Y} or {on.day} {on:%b %Y}."
    return None


def _day_month(text: str, today: date) -> date | None:
    """The first day on or after ``today`` that ``3/4``, ``3 Apr`` or ``April 3`` names."""
    m = _DAY_MONTH.match(text)
    if m is not None:
        day, month = int(m["d"]), int(m["m"])
    else:
        w = _DAY_MONTH_WORD.match(text)
        word = (w["mw"] or w["mw2"] or "").lower() if w is not None else ""
        if w is None or word not in MONTHS:
            return None
        day, month = int(w["d"] or w["d2"]), MONTHS[word]
    for year in range(today.year, today.year + 9):
        try:
            on = date(year, month, day)
        except ValueError:
            continue
        if on >= today:
            return on
    return None


def last_meeting_held(repos: Repositories, committee: Committee | None, now: datetime) -> Meeting:
    """The latest meeting started by ``now``, of ``committee`` (None: of any committee)."""
    committees = [committee] if committee is not None else list(repos.meetings.committees())
    held = [m for c in committees for m in repos.meetings.meetings_of(c.id) if m.starts_at <= now]
    if held:
        return max(held, key=lambda m: m.starts_at)
    who = f"{committee.name} has" if committee else "There are"
    raise NotFound(
        f"{who} no meetings held yet. Name a meeting by its committee and date: "
        "`<committee> <YYYY-MM-DD>`."
    )


def previous_meeting(
    repos: Repositories, meeting: Meeting, *, held_by: datetime | None = None
) -> Meeting | None:
    """The committee's meeting before this one, if any; with ``held_by``, the last one before
    it that had started by then (a meeting later today is not "the last meeting" yet)."""
    earlier = [
        m
        for m in repos.meetings.meetings_of(meeting.committee_id)
        if m.starts_at < meeting.starts_at and (held_by is None or m.starts_at <= held_by)
    ]
    return earlier[-1] if earlier else None


def next_meeting_of(repos: Repositories, meeting: Meeting) -> Meeting | None:
    """The committee's meeting after this one, if any."""
    later = [
        m
        for m in repos.meetings.meetings_of(meeting.committee_id)
        if m.starts_at > meeting.starts_at
    ]
    return later[0] if later else None


def _known_dates(repos: Repositories, committee: Committee | None) -> str:
    if committee is None:
        return ""
    return ", ".join(m.meeting_date.isoformat() for m in repos.meetings.meetings_of(committee.id))


def _start_of_day(now: datetime) -> datetime:
    """Midnight UTC of ``now``'s day, so a meeting earlier today still counts as "next"."""
    return datetime.combine(now.date(), time(0), tzinfo=ZoneInfo("UTC"))
