"""What should be posted by now: the scheduled posts of one workspace, as rows to enqueue.

Planning is pure reading. Each planned post has a unique key (``summary:12:2016-01-05:7d``),
so planning the same moment twice, or in several processes at once, enqueues each post once.
A post is planned only while it is due and not yet stale (``due_at <= now < expires_at``),
and only when a sending window opens before it goes stale: one that could only expire unsent
(a week's digest on the Thursday evening before a Good Friday) is not planned at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from commands.formatting import and_listed
from commands.jobs.config import JobConfig
from commands.jobs.working_days import (
    POST_AT,
    SEND_FROM,
    add_working_days,
    local_moment,
    next_send_time,
    next_working_day,
    on_or_after_working_day,
    on_or_before_working_day,
)
from commands.meeting_lookup import committee_short, meeting_label
from commands.summary import meeting_channel
from storage.models import (
    Action,
    ActionOwner,
    AgendaItem,
    AgendaItemOwner,
    ChatUser,
    Meeting,
    Person,
    ScheduledPost,
    Workspace,
)
from storage.repositories import Repositories

PLATFORM_OF_WORKSPACE = {"local": "console"}


@dataclass(frozen=True)
class PlannedPost:
    """A post that is due: its key, kind, target and what it is about."""

    key: str
    kind: str
    due_at: datetime
    expires_at: datetime
    platform: str
    channel_id: str | None = None
    user_id: str | None = None
    chat_user_id: int | None = None
    person_id: int | None = None
    meeting_id: int | None = None
    action_id: int | None = None
    agenda_item_id: int | None = None
    # Why the post is not to be sent after all (stored as skipped, with this reason), or "".
    skip: str = ""


def workspace_platform(workspace: Workspace) -> str:
    """The chat platform a workspace lives on ("console" for the local workspace)."""
    return PLATFORM_OF_WORKSPACE.get(workspace.platform, workspace.platform)


def summary_destination(meeting: Meeting, workspace: Workspace) -> tuple[str, str]:
    """(platform, channel) a meeting's summaries go to now; channel "" when it has none."""
    platform = meeting.committee.channel_platform or workspace_platform(workspace)
    return platform, meeting_channel(meeting)


def command_ref(repos: Repositories, action: Action) -> str:
    """The ref to type for ``action`` outside its plan's channel: ``1``, or ``second-plan:1``
    when another plan of the workspace has an action 1 too (a bare ref would be refused)."""
    same = repos.actions.session.scalar(
        select(func.count())
        .select_from(Action)
        .where(Action.workspace_id == action.workspace_id, Action.ref == action.ref)
    )
    return f"{action.plan.slug}:{action.ref}" if (same or 0) > 1 else action.ref


@dataclass(frozen=True)
class Unreachable:
    """An action due soon or overdue whose nudge has nobody to go to, or a report whose
    reminder has nobody to go to, and why."""

    kind: str  # "due_soon", "overdue" or "report_due"
    ref: str  # an action's ref, or a report's "item 1 of CPAC 2027-04-05"
    why: str  # "IRO: no holder", "Dan Mockley: no chat account"

    def words(self) -> str:
        """``3 (IRO: no holder)``."""
        return f"{self.ref} ({self.why})"


def unreachable_words(
    found: list[Unreachable],
    overdue_window_days: int = 7,
    *,
    with_reasons: bool = True,
    chat_accounts: bool = True,
) -> list[str]:
    """``2 actions due soon have nobody to remind: 3 (IRO: no holder), 4 (…)``, per kind;
    ``1 report due has nobody to remind: item 1 of CPAC 2027-04-05 (…)``.

    Only actions whose nudge is due in this run are named: an overdue nudge goes out in the
    ``overdue_window_days`` after an action falls overdue, so the overdue line says that
    actions overdue for longer are not among them. Without ``with_reasons`` only the refs are
    given (for a log: the reasons name people). Without ``chat_accounts`` (a workspace
    that is not a Slack or Teams one, which nobody can link an account to) one line says so,
    rather than naming each person as without an account."""
    if not chat_accounts:
        return _no_chat_accounts(found)
    lines = []
    for kind in ("due_soon", "overdue", "report_due"):
        these = [u.words() if with_reasons else u.ref for u in found if u.kind == kind]
        if not these:
            continue
        n = len(these)
        plural = "s" if n != 1 else ""
        noun = {
            "due_soon": f"{n} action{plural} due soon",
            "overdue": f"{n} overdue action{plural}",
            "report_due": f"{n} report{plural} due",
        }[kind]
        line = f"{noun} {'have' if n != 1 else 'has'} nobody to remind: {', '.join(these)}."
        if kind == "overdue":
            line += (
                f" (The overdue nudge goes out in the {overdue_window_days} days after an "
                "action falls overdue: actions overdue for longer are not nudged, so not "
                "named here.)"
            )
        lines.append(line)
    return lines


_KIND_WORDS = {
    "due_soon": ("action due soon", "actions due soon"),
    "overdue": ("overdue action", "overdue actions"),
    "report_due": ("report due", "reports due"),
}


def _no_chat_accounts(found: list[Unreachable]) -> list[str]:
    """``Nudges and report reminders go to people's Slack or Teams accounts, and this
    workspace has none: 2 actions due soon and 1 report due are not reminded.``"""
    counts = [(kind, sum(1 for u in found if u.kind == kind)) for kind in _KIND_WORDS]
    named = [f"{n} {_KIND_WORDS[kind][n != 1]}" for kind, n in counts if n]
    if not named:
        return []
    listed = and_listed(named)
    are = "is" if len(found) == 1 else "are"
    return [
        "Nudges and report reminders go to people's Slack or Teams accounts, and this "
        f"workspace is not a Slack or Teams one: {listed} {are} not reminded."
    ]


@dataclass(frozen=True)
class NoChannel:
    """A meeting whose summary is due but has no channel to go to."""

    label: str  # "AB 2026-12-08"
    committee: str  # the committee as typed in a command: "AB"


def no_channel_words(found: list[NoChannel]) -> list[str]:
    """``1 summary due has no channel to go to: AB 2026-12-08 (add one with /meeting channel
    AB #channel).``, one line for all (empty when there is none)."""
    if not found:
        return []
    by_committee: dict[str, list[str]] = {}
    for nc in found:
        by_committee.setdefault(nc.committee, []).append(nc.label)
    listed = [
        f"{', '.join(labels)} (add one with /meeting channel {committee} #channel)"
        for committee, labels in by_committee.items()
    ]
    n = len(found)
    return [
        f"{n} summar{'ies' if n != 1 else 'y'} due {'have' if n != 1 else 'has'} no channel "
        f"to go to: {'; '.join(listed)}."
    ]


# An earlier summary that would go out less than this long before the next one is due (and
# less than half the usual gap between them) is skipped: the next one says the same, later.
SUMMARY_CLOSE = timedelta(hours=24)


def digest_reports(
    repos: Repositories,
    now: datetime,
    today: date,
    config: JobConfig,
    *,
    person_id: int | None = None,
    role_ids: Collection[int] = (),
) -> list[tuple[Meeting, AgendaItem]]:
    """Awaited reports a weekly digest lists: late ones, and those due within
    ``config.digest_report_days`` (a report due months away is not this week's work)."""
    last = today + timedelta(days=config.digest_report_days)
    return list(
        repos.meetings.reports_awaited(now, person_id=person_id, role_ids=role_ids, due_by=last)
    )


def reminders_paused(user: ChatUser, now: datetime) -> bool:
    """True when the user stopped reminders or snoozed them past ``now``."""
    if user.reminders_stopped:
        return True
    return user.reminders_paused_until is not None and user.reminders_paused_until > now


@dataclass
class Planner:
    """Plans the due posts of one workspace at one moment."""

    repos: Repositories
    workspace: Workspace
    now: datetime
    today: date
    tz: str
    config: JobConfig
    # Actions whose nudge is due now but has no recipient (filled in by ``plan``).
    unreachable: list[Unreachable] = field(default_factory=list, init=False)
    # Meetings whose summary is due now but has no channel (filled in by ``plan``).
    no_channel: list[NoChannel] = field(default_factory=list, init=False)
    # Read once a plan: the chat users linked to each person, and each role's holders.
    _chat_users_of: dict[int, list[ChatUser]] | None = field(default=None, init=False)
    _holders: dict[int, list[Person]] = field(default_factory=dict, init=False)

    def plan(self) -> list[PlannedPost]:
        """Every post due now, across every kind."""
        return [
            *self.summaries(),
            *self.report_reminders(),
            *self.action_nudges(),
            *self.digests(),
        ]

    def _at(self, day: date) -> datetime:
        return local_moment(day, POST_AT, self.tz)

    def _end_of(self, day: date) -> datetime:
        return local_moment(day + timedelta(days=1), datetime.min.time(), self.tz)

    def _live(self, due_at: datetime, expires_at: datetime) -> bool:
        """Whether a post due at ``due_at`` is planned now: it is due, and it can still be sent
        before it expires (sending hours begin before ``expires_at``)."""
        return due_at <= self.now and next_send_time(self.now, self.tz) < expires_at

    # -- people -------------------------------------------------------------------------------

    def _linked(self, person_id: int) -> list[ChatUser]:
        """The chat users linked to a person, reminders paused or not (the workspace's are
        read once a plan)."""
        if self._chat_users_of is None:
            self._chat_users_of = self.repos.people.chat_users_by_person()
        return self._chat_users_of.get(person_id, [])

    def _holders_of(self, role_id: int) -> list[Person]:
        """A role's holders (read once a plan for each role)."""
        if role_id not in self._holders:
            self._holders[role_id] = list(self.repos.people.holders(role_id))
        return self._holders[role_id]

    def _chat_users(self, person_ids: Iterable[int]) -> list[ChatUser]:
        users: list[ChatUser] = []
        for person_id in dict.fromkeys(person_ids):
            for user in self._linked(person_id):
                if not reminders_paused(user, self.now):
                    users.append(user)
        return users

    def _people_of(self, owners: Iterable[object]) -> list[int]:
        ids: list[int] = []
        for owner in owners:
            person_id = getattr(owner, "person_id", None)
            role_id = getattr(owner, "role_id", None)
            if person_id is not None:
                ids.append(person_id)
            elif role_id is not None:
                ids.extend(p.id for p in self._holders_of(role_id))
        return ids

    # -- kinds --------------------------------------------------------------------------------

    def summaries(self) -> Iterator[PlannedPost]:
        """Pre-meeting summaries: N days before each meeting, to the meeting's channel.

        Each summary stays due until the next one is; one that would go out so late that the
        next is due within hours is planned as skipped (two near-identical posts otherwise)."""
        for meeting in self.repos.meetings.upcoming(self.now):
            platform, channel = summary_destination(meeting, self.workspace)
            days = sorted({int(d) for d in meeting.committee.summary_days_before}, reverse=True)
            moments = [self._summary_due(meeting, d) for d in days]
            for i, d in enumerate(days):
                due_at = moments[i]
                expires_at = moments[i + 1] if i + 1 < len(moments) else meeting.starts_at
                expires_at = min(expires_at, meeting.starts_at)
                if not self._live(due_at, expires_at):
                    continue
                if not channel:
                    self.no_channel.append(
                        NoChannel(meeting_label(meeting), committee_short(meeting.committee))
                    )
                    continue
                skip = ""
                if i + 1 < len(moments):
                    skip = self._too_late(due_at, moments[i + 1], days[i + 1], meeting)
                yield PlannedPost(
                    key=f"summary:{meeting.id}:{meeting.meeting_date}:{d}d",
                    kind="summary",
                    due_at=due_at,
                    expires_at=expires_at,
                    platform=platform,
                    channel_id=channel,
                    meeting_id=meeting.id,
                    skip=skip,
                )

    def _too_late(
        self, due_at: datetime, next_due: datetime, next_days: int, meeting: Meeting
    ) -> str:
        """Why a summary due at ``due_at`` is not sent now (the next one, due at ``next_due``,
        is nearly due), or "" when it still goes out.

        Near means within a day, and within half the gap between the two: a run a few minutes
        late never skips a summary planned a day before the next one."""
        left = next_due - self.now
        if left >= min(SUMMARY_CLOSE, (next_due - due_at) / 2):
            return ""
        which = "same-day" if next_days == 0 else f"{next_days}-day"
        local = next_due.astimezone(ZoneInfo(self.tz))
        when = f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
        return (
            f"too late: the {which} summary of {meeting_label(meeting)} is due {when}, "
            "so only that one goes out"
        )

    def _summary_due(self, meeting: Meeting, days_before: int) -> datetime:
        # A summary due on a weekend or bank holiday goes out on the working day before.
        day = on_or_before_working_day(meeting.meeting_date - timedelta(days=days_before))
        if day == meeting.meeting_date:
            # Same day: at the start of the working day, so a morning meeting still gets it.
            return min(local_moment(day, SEND_FROM, self.tz), meeting.starts_at)
        return min(self._at(day), meeting.starts_at)

    def report_reminders(self) -> Iterator[PlannedPost]:
        """Reminders to each agenda item's leads, N working days before its report deadline."""
        for meeting, item in self.repos.meetings.reports_awaited(self.now):
            yield from self._report_posts(meeting, item)

    def _report_posts(self, meeting: Meeting, item: AgendaItem) -> Iterator[PlannedPost]:
        assert item.report_due is not None
        people: list[int] | None = None  # looked up only for a reminder due now
        for n, due_at, expires_at in self._report_moments(item.report_due):
            if not self._live(due_at, expires_at):
                continue
            if people is None:
                people = self._people_of(item.owners)
            users = self._chat_users(people)
            if not users:
                ref = f"item {item.position} of {meeting_label(meeting)}"
                self._note_unreachable("report_due", ref, item.owners, item.lead_text)
            for user in users:
                yield PlannedPost(
                    key=f"report:{item.id}:{item.report_due}:{n}wd:{user.id}",
                    kind="report_due",
                    due_at=due_at,
                    expires_at=expires_at,
                    platform=user.platform,
                    user_id=user.external_id,
                    chat_user_id=user.id,
                    person_id=user.person_id,
                    meeting_id=item.meeting_id,
                    agenda_item_id=item.id,
                )

    def _report_moments(self, report_due: date) -> list[tuple[int, datetime, datetime]]:
        """(working days before, due, expiry) of each report reminder, earliest first,
        counted from the day the report must be sent by.

        A reminder expires when the next one is due, so a run that comes late (an item added
        late, missed runs) sends only the nearest reminder, never two for one report.
        """
        days = sorted({int(n) for n in self.config.report_reminder_working_days}, reverse=True)
        # A deadline on a weekend or bank holiday means sending it the working day before:
        # the reminders count from that day, so "1 working day before" comes the day before it.
        send_by = on_or_before_working_day(report_due)
        dues = [self._at(add_working_days(send_by, -n)) for n in days]
        ends = [*dues[1:], self._end_of(report_due)]
        return list(zip(days, dues, ends, strict=True))

    def action_nudges(self) -> Iterator[PlannedPost]:
        """A nudge N working days before an action is due, and one when it falls overdue."""
        n = self.config.nudge_working_days
        first = self.today - timedelta(days=self.config.overdue_window_days + 7)
        last = self.today + timedelta(days=2 * n + 14)
        for action in self.repos.actions.outstanding_due_between(first, last):
            assert action.due_date is not None
            if action.due_date >= self.today:
                kind = "due_soon"
                due_at = self._at(add_working_days(action.due_date, -n))
                expires_at = self._end_of(action.due_date)
            else:
                kind = "overdue"
                # Due on a Friday: overdue from the next working day.
                day = next_working_day(action.due_date)
                due_at = self._at(day)
                expires_at = self._at(day + timedelta(days=self.config.overdue_window_days))
            if not self._live(due_at, expires_at):
                continue
            users = self._chat_users(self._people_of(action.owners))
            if not users:
                ref = command_ref(self.repos, action)
                self._note_unreachable(kind, ref, action.owners, action.lead_text)
            for user in users:
                yield PlannedPost(
                    key=f"{kind}:{action.id}:{action.due_date}:{user.id}",
                    kind=kind,
                    due_at=due_at,
                    expires_at=expires_at,
                    platform=user.platform,
                    user_id=user.external_id,
                    chat_user_id=user.id,
                    person_id=user.person_id,
                    action_id=action.id,
                )

    def _note_unreachable(
        self, kind: str, ref: str, owners: Iterable[ActionOwner | AgendaItemOwner], lead: str
    ) -> None:
        """Record an action (or a report) nobody can be reminded about, unless its owners
        chose not to be (every linked owner snoozed or stopped reminders)."""
        why: list[str] = []
        for owner in owners:
            if owner.person is not None:
                if self._linked(owner.person.id):
                    return  # linked, reminders paused: their choice
                why.append(f"{owner.person.name}: no chat account")
            elif owner.role is not None:
                holders = self._holders_of(owner.role.id)
                if any(self._linked(p.id) for p in holders):
                    return
                why.append(
                    f"{owner.role.key}: no holder with a chat account"
                    if holders
                    else f"{owner.role.key}: no holder"
                )
        if not why:
            why.append(f"no owner{f' (lead: {lead})' if lead else ''}")
        self.unreachable.append(Unreachable(kind, ref, "; ".join(why)))

    def digests(self) -> Iterator[PlannedPost]:
        """The weekly digest to each linked person who has outstanding actions."""
        monday = self.today - timedelta(days=self.today.weekday())
        day = on_or_after_working_day(monday + timedelta(days=self.config.digest_weekday))
        due_at = self._at(day)
        expires_at = self._end_of(monday + timedelta(days=4))  # the end of Friday
        if not self._live(due_at, expires_at):
            return
        year, week, _ = monday.isocalendar()
        people = [p.id for p in self.repos.people.all_people(load_roles=False)]
        users = self._chat_users(people)
        keys = {user.id: f"digest:{user.id}:{year}-W{week:02d}" for user in users}
        done = self._stored(keys.values())  # planned earlier this week: no need to look again
        if all(key in done for key in keys.values()):
            return
        # Who has something to read: one query for the owners of outstanding actions, one
        # for the leads of the reports a digest lists (not two queries for each person).
        wanted = self.repos.actions.people_owning_outstanding()
        wanted.update(self._report_leads())
        for user in users:
            if keys[user.id] in done:
                continue
            person_id = user.person_id
            if person_id is None or person_id not in wanted:
                continue
            yield PlannedPost(
                key=keys[user.id],
                kind="digest",
                due_at=due_at,
                expires_at=expires_at,
                platform=user.platform,
                user_id=user.external_id,
                chat_user_id=user.id,
                person_id=person_id,
            )

    def _stored(self, keys: Iterable[str]) -> set[str]:
        """Which of these post keys the outbox holds already."""
        wanted = list(keys)
        if not wanted:
            return set()
        return set(
            self.repos.meetings.session.scalars(
                select(ScheduledPost.key).where(
                    ScheduledPost.workspace_id == self.workspace.id,
                    ScheduledPost.key.in_(wanted),
                )
            )
        )

    def _report_leads(self) -> Iterator[int]:
        """People who lead an agenda item whose report a digest would list."""
        for _meeting, item in digest_reports(self.repos, self.now, self.today, self.config):
            yield from self._people_of(item.owners)
