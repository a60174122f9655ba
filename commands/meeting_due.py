"""Timescales that name a committee's next meeting ("Before next CPAC", "by the next Corporate
Parenting meeting"), read from the workspace's meetings at the time of reading.

"Before" the meeting is the day before it, as actions arising from minutes are due (their
timescale is ``Before CPAC 2027-01-05``); "by", "at", "for" or no word is the meeting's day.
A meeting is "next" until it starts, so on its own day it is still the next one; a due date
"before" it never lands in the past: once the day before is over, it is the meeting's day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from commands.dates import parse_due
from commands.formatting import fmt_date, some_of
from commands.meeting_lookup import committee_key, committee_matches, meeting_label
from commands.status import is_outstanding
from storage.models import Action, Committee, Meeting
from storage.repositories import Repositories

_NEXT_MEETING_RE = re.compile(
    r"^\s*(?P<lead>by|before|prior\s+to|ahead\s+of|at|for|in\s+time\s+for)?\s*(?:the\s+)?"
    r"next\s+(?:meeting\s+of\s+(?:the\s+)?)?(?P<name>.+?)(?:\s+meeting)?\s*\.?\s*$",
    re.I,
)
_BEFORE = ("before", "prior to", "ahead of", "in time for")


@dataclass(frozen=True)
class NextMeetingDue:
    """What a timescale naming a committee's next meeting reads as: the committee, its next
    meeting (None when none is planned) and whether the action is due the day before."""

    committee: Committee
    meeting: Meeting | None
    before: bool
    today: date | None = None  # the day it is read on: "before" never gives a day before it

    @property
    def due(self) -> date | None:
        """The due date: the meeting's day, or the day before it; None without a meeting."""
        if self.meeting is None:
            return None
        return meeting_due_day(self.meeting.meeting_date, self.before, self.today)

    @property
    def before_is_past(self) -> bool:
        """Whether the timescale says "before" the meeting but the day before it is past
        (typed on the meeting's own day), so the action is due on the meeting's day."""
        return (
            self.before
            and self.due is not None
            and self.meeting is not None
            and (self.due == self.meeting.meeting_date)
        )

    def timescale(self) -> str:
        """The timescale to keep, naming the meeting read: ``Before CPAC 2027-01-05``."""
        assert self.meeting is not None
        return f"{'Before' if self.before else 'By'} {meeting_label(self.meeting)}"

    def words(self) -> str:
        """``the day before CPAC 2027-01-05, the next CPAC meeting``."""
        assert self.meeting is not None
        day = "the day before" if self.before and not self.before_is_past else "the day of"
        late = " (the day before it is already past)" if self.before_is_past else ""
        label = meeting_label(self.meeting)
        return f"{day} {label}{late}, the next {self.committee.name} meeting"


def meeting_due_day(day: date, before: bool, today: date | None) -> date:
    """The due date of an action due before (the day before) or by (on) a meeting on
    ``day``: the meeting's day when the day before it is already past on ``today``."""
    if before and (today is None or day - timedelta(days=1) >= today):
        return day - timedelta(days=1)
    return day


def next_meeting_due(
    repos: Repositories, text: str, now: datetime, today: date | None = None
) -> NextMeetingDue | None:
    """The committee's next meeting (starting after ``now``: one later today that has not
    started is still next) that ``text`` names as its timescale, read on ``today`` (the local
    day of ``now``; a due date before the meeting is never earlier than it); None when
    ``text`` names no committee of the workspace that way."""
    named = committee_in_words(repos, text, now.date())
    if named is None:
        return None
    committee, before = named
    upcoming = repos.meetings.upcoming(now, committee.id)
    following = next((mt for mt in upcoming if mt.starts_at > now), None)
    return NextMeetingDue(committee, following, before, today)


def committee_in_words(
    repos: Repositories, text: str, today: date
) -> tuple[Committee, bool] | None:
    """The committee whose next meeting ``text`` names ("Before next CPAC") and whether it
    says "before" it; None when it names none of the workspace's committees so."""
    m = _NEXT_MEETING_RE.match(text)
    if m is None:
        return None
    # A date ("next week", "next month") is never the start of a committee's name
    # ("Weekly Placement Panel"); only the committee's own name or initials outweigh it.
    prefix = parse_due(text, today) is None
    committee = _committee_named(repos, m["name"], prefix=prefix)
    if committee is None:
        return None
    lead = " ".join((m["lead"] or "").lower().split())
    return committee, lead in _BEFORE


def _committee_named(repos: Repositories, name: str, *, prefix: bool) -> Committee | None:
    """The one committee ``name`` names: by name or initials (``committee_matches``), else
    (``prefix``) the one whose name starts with it ("Corporate Parenting"); None when none
    or several."""
    committees = list(repos.meetings.committees())
    found = committee_matches(committees, name)
    if len(found) == 1:
        return found[0]
    if not prefix:
        return None
    key = committee_key(name)
    starts = [c for c in committees if key and committee_key(c.name).startswith(key)]
    return starts[0] if len(starts) == 1 and not found else None


@dataclass(frozen=True)
class TiedAction:
    """An action whose due date follows a meeting: due the day before it (``before``) or on
    its day; ``words``: its timescale is a file's words ("by next CPAC"), kept as they are,
    not the meeting (``By CPAC 2027-01-05``)."""

    action: Action
    before: bool
    words: bool


def typed_for_meeting(repos: Repositories, meeting: Meeting) -> list[TiedAction]:
    """Outstanding actions whose due date was read as this meeting and not changed since:
    typed in chat ("Before next CPAC", kept as ``Before CPAC 2027-01-05``; not arising from
    minutes) or imported from a plan or minutes with the file's words kept ("by next CPAC",
    due its day). They follow the meeting when it moves or is cancelled."""
    day = meeting.meeting_date
    tied = [
        TiedAction(a, a.due_text.startswith("Before "), words=False)
        for a in repos.actions.due_at_meeting(meeting_label(meeting), day)
    ]
    for action in repos.actions.due_near_in_words(day):
        named = committee_in_words(repos, action.due_text, day)
        if named is None or named[0].id != meeting.committee_id:
            continue
        before = named[1]
        # "Before": the day before, or its day when that was past as it was read.
        if action.due_date == day or (before and action.due_date == day - timedelta(days=1)):
            tied.append(TiedAction(action, before, words=True))
    return [t for t in tied if is_outstanding(t.action.status)]


def follow_meeting(tied: list[TiedAction], meeting: Meeting | None, today: date) -> str:
    """Re-date the ``tied`` actions (from :func:`typed_for_meeting`) to ``meeting``, the committee's
    meeting in place of theirs (the day before it for those due before, unless that is past
    on ``today``; its day for those due by it); None: they keep their dates. What was done,
    in words."""
    actions = [t.action for t in tied]
    one = len(actions) == 1
    what = f"{len(actions)} action{'' if one else 's'} whose timescale names this meeting"
    if meeting is None:
        refs = some_of([a.ref for a in actions], LISTED_REFS)
        return (
            f"{what} ({refs}) {'keeps its due date' if one else 'keep their due dates'}: the "
            "committee has no later meeting yet. Change it with `/actions due <ref> <date>`."
        )
    label = meeting_label(meeting)
    for t in tied:
        t.action.due_date = meeting_due_day(meeting.meeting_date, t.before, today)
        if not t.words:  # a file's words ("by next CPAC") still say it
            t.action.due_text = f"{'Before' if t.before else 'By'} {label}"
    moved = some_of([f"{a.ref} to {fmt_date(a.due_date)}" for a in actions], LISTED_REFS)
    return f"{what} {'follows' if one else 'follow'} {label}: {moved}."


LISTED_REFS = 10
