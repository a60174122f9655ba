"""Compose a scheduled post from live data at the moment it is sent.

A post that is no longer wanted (the action is done, the report is in, the meeting moved,
the person snoozed reminders, a digest with nothing in it) raises Skip with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from commands.formatting import fmt_date
from commands.jobs.config import JobConfig
from commands.jobs.meeting_notices import MEETING_NOTICE
from commands.jobs.planner import (
    command_ref,
    digest_reports,
    reminders_paused,
    summary_destination,
)
from commands.jobs.working_days import (
    day_words,
    not_working_words,
    previous_working_day,
    working_days_between,
)
from commands.meeting_lookup import meeting_label
from commands.presenters import action_summaries, action_summary, update_view
from commands.status import is_outstanding
from commands.summary import agenda_entry, compose_summary
from commands.views import Notice, Reminder, ReportDue, UpdateLogged, View
from storage.models import Action, AgendaItem, ChatUser, Meeting, Person, ScheduledPost
from storage.unit_of_work import UnitOfWork

FOOTER = "Snooze these with /actions remind snooze 2 weeks, or stop them with /actions remind stop."


def report_due_words(report_due: date, today: date, *, them: bool = False) -> str:
    """``due in 1 working day (17 Dec 2015)``, or for a deadline on a day off ``due Fri 25 Dec
    (a bank holiday): please send it by Thu 24 Dec`` (``them``: several reports)."""
    why = not_working_words(report_due)
    if why is None:
        left = working_days_between(today, report_due)
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        return f"due {when} ({fmt_date(report_due)})"
    by = previous_working_day(report_due)
    by_words = day_words(by) + (" (today)" if by == today else "")
    it = "them" if them else "it"
    return f"due {day_words(report_due)} ({why}): please send {it} by {by_words}"


def due_soon_words(due: date, today: date) -> str:
    """``in 3 working days (4 Jan 2016)``, ``today (4 Jan 2016)``, or for a due date on a day
    off ``on Sat 19 Dec 2015 (a Saturday)``: one count, in working days."""
    if due == today:
        return f"today ({fmt_date(due)})"
    left = working_days_between(today, due)
    why = not_working_words(due)
    if why is not None:
        return f"on {day_words(due, year=True)} ({why})"
    return f"in {left} working day{'s' if left != 1 else ''} ({fmt_date(due)})"


def _report_lines(reports: list[ReportDue], today: date, *, with_meeting: bool) -> list[str]:
    return [
        f"Item {r.item.position}: {r.item.title}"
        + (f" ({r.meeting_label})" if with_meeting else "")
        + (f" — {report_due_words(r.item.report_due, today)}" if r.item.report_due else "")
        for r in reports
    ]


NUDGES = ("due_soon", "overdue")


def merge_for_person(views: list[View], today: date) -> View:
    """One message for one person's posts in a run: their report reminders together, or
    their action nudges together (the runner groups the two kinds apart)."""
    if len(views) == 1:
        return views[0]
    reminders = [v for v in views if isinstance(v, Reminder)]
    if all(v.reason in NUDGES for v in reminders):
        return merge_action_nudges(reminders)
    return merge_report_reminders(reminders, today)


def merge_action_nudges(views: list[Reminder]) -> Reminder:
    """One message listing several of a person's nudges, overdue first; each line keeps
    the single nudge's words: its ref and when it is due, the title and the commands."""

    def order(v: Reminder) -> tuple[bool, date]:
        due = v.actions[0].due_date if v.actions else None
        return (v.reason != "overdue", due or date.min)

    views = sorted(views, key=order)
    overdue = sum(1 for v in views if v.reason == "overdue")
    soon = len(views) - overdue
    if not overdue:
        # "5 of your actions are due in 3 working days (28 Jan 2027)" when they share a date.
        whens = {v.title.split(" is due ", 1)[-1] for v in views}
        when = f"due {next(iter(whens))}" if len(whens) == 1 else "due soon"
        title = f"{soon} of your actions are {when}"
    elif not soon:
        title = f"{overdue} of your actions are overdue"
    else:
        title = f"{len(views)} of your actions need you: {overdue} overdue, {soon} due soon"
    return Reminder(
        reason="overdue" if overdue else "due_soon",
        title=title,
        text="\n".join(f"• {v.title}: {v.text}" for v in views),
        actions=[a for v in views for a in v.actions],
        total=len(views),
        footer=views[0].footer,
    )


def merge_report_reminders(views: list[Reminder], today: date) -> Reminder:
    """One reminder listing several of a lead's reports (each view names one report)."""
    reports = [r for v in views for r in v.reports]
    labels = list(dict.fromkeys(r.meeting_label for r in reports))
    one_meeting = len(labels) == 1
    lines = _report_lines(reports, today, with_meeting=not one_meeting)
    when = _shared_due_words([r.item.report_due for r in reports if r.item.report_due], today)
    head = f"Your {len(reports)} reports" + (f" for {labels[0]}" if one_meeting else "")
    meeting = labels[0] if one_meeting else "<meeting>"
    return Reminder(
        reason="report_due",
        title=f"{head} are {when}",
        text="\n".join(
            [*lines, f"When each is in, mark it with /meeting report in <number> {meeting}."]
        ),
        reports=reports,
        footer=views[0].footer,
    )


def _shared_due_words(dues: list[date], today: date) -> str:
    """When several reports are due, for a title: their shared deadline as each line gives it
    (``due in 5 working days (17 Dec 2015)``, ``due Fri 25 Dec (a bank holiday): please send
    them by Thu 24 Dec``), or with different deadlines the first of them (``due soon, the
    first due in 1 working day (17 Dec 2015)``)."""
    if not dues:
        return "due"
    if len(set(dues)) == 1:
        return report_due_words(dues[0], today, them=True)
    return f"due soon, the first {report_due_words(min(dues), today)}"


class Skip(Exception):
    """The post is no longer needed; the message says why."""


# Why a post is skipped when data the planner reads too says it is not wanted: the action's
# status, due date and owners, the report and its deadline and leads, the meeting's date, the
# committee's summaries and channel. The planner plans a post only while that data says it is
# due and wanted, so planning one skipped for one of these reasons again means the data has
# changed back, and the post is planned again (see ``runner``). Other reasons (reminders
# snoozed, a digest with nothing in it, the moment passed, a planner's own skip) stay.
NOT_OUTSTANDING = "the action is no longer outstanding"
DUE_DATE_CHANGED = "the action's due date changed"
NOT_OWNER = "the recipient no longer owns the action (nor holds its owning role)"
REPORT_IN = "the report is in"
DEADLINE_CHANGED = "the report deadline changed"
NOT_LEAD = "the recipient no longer leads the agenda item (nor holds its role)"
MEETING_MOVED = "the meeting moved to another date"
SUMMARIES_OFF = "the committee turned scheduled summaries off"
SUMMARY_DAY_DROPPED = "the committee no longer wants a summary {days} days before"
NO_CHANNEL = "the meeting and its committee have no channel any more"
# The reasons above as one pattern that a stored reason matches in full ({days}: a number).
_CHANGED_BACK = re.compile(
    "|".join(
        re.escape(reason).replace(re.escape("{days}"), r"\d+")
        for reason in (
            NOT_OUTSTANDING,
            DUE_DATE_CHANGED,
            NOT_OWNER,
            REPORT_IN,
            DEADLINE_CHANGED,
            NOT_LEAD,
            MEETING_MOVED,
            SUMMARIES_OFF,
            SUMMARY_DAY_DROPPED,
            NO_CHANNEL,
        )
    )
)


def skipped_for_planned_data(reason: str) -> bool:
    """True when a post was skipped for ``reason`` because of data the planner checks too
    (so that the planner's planning it again means the data changed back)."""
    return _CHANGED_BACK.fullmatch(reason) is not None


@dataclass
class Composer:
    """Builds the view of one post inside a workspace's unit of work."""

    uow: UnitOfWork
    now: datetime
    today: date
    tz: str
    config: JobConfig
    # Where a channel post goes now, (platform, channel), when composing found it (summaries
    # follow their committee's channel as it is at sending time, not as it was planned).
    destination: tuple[str, str] | None = field(default=None, init=False)

    @property
    def repos(self):  # type: ignore[no-untyped-def]
        return self.uow.repos

    def compose(self, post: ScheduledPost) -> View:
        """The view to send for ``post``; raises Skip when it should not be sent."""
        self._check_recipient(post)
        builders = {
            "summary": self.summary,
            "due_soon": self.action_nudge,
            "overdue": self.action_nudge,
            "report_due": self.report_reminder,
            "digest": self.digest,
            "update_reply": self.update_reply,
            MEETING_NOTICE: self.meeting_notice,
        }
        if post.kind not in builders:
            raise Skip(f"unknown kind of post {post.kind!r}")
        return builders[post.kind](post)

    def check(self, post: ScheduledPost) -> None:
        """Raise Skip when ``post`` is not wanted now, as ``compose`` would, without composing
        a summary, nudge or report reminder (a post of another kind is composed)."""
        checks = {
            "summary": self._wanted_summary,
            "due_soon": self._wanted_action,
            "overdue": self._wanted_action,
            "report_due": self._wanted_report,
        }
        if post.kind not in checks:
            self.compose(post)
            return
        self._check_recipient(post)
        checks[post.kind](post)

    def _check_recipient(self, post: ScheduledPost) -> None:
        """Raise Skip when the post's chat user is gone or has paused reminders."""
        if post.chat_user_id is None:
            return
        user = self.uow.session.get(ChatUser, post.chat_user_id)
        if user is None or user.workspace_id != self.uow.workspace_id:
            raise Skip("the chat user no longer exists")
        if reminders_paused(user, self.now):
            raise Skip("reminders are snoozed or stopped")

    # -- kinds --------------------------------------------------------------------------------

    def _meeting(self, meeting_id: int | None) -> Meeting:
        meeting = self.repos.meetings.meeting_by_id(meeting_id or 0)
        if meeting is None:
            raise Skip("the meeting no longer exists")
        return meeting

    def summary(self, post: ScheduledPost) -> View:
        """The pre-meeting summary, unless the meeting moved or has started, or its committee
        turned this summary off; it goes to the committee's channel as it is now."""
        meeting, destination = self._wanted_summary(post)
        self.destination = destination
        return compose_summary(self.repos, meeting, now=self.now, today=self.today, tz=self.tz)

    def _wanted_summary(self, post: ScheduledPost) -> tuple[Meeting, tuple[str, str]]:
        """The summary's meeting and (platform, channel) to post it to now; raises Skip when
        the summary is not wanted any more."""
        meeting = self._meeting(post.meeting_id)
        if f":{meeting.meeting_date.isoformat()}:" not in post.key:
            raise Skip(MEETING_MOVED)
        if meeting.starts_at <= self.now:
            raise Skip("the meeting has started")
        wanted = {str(int(d)) for d in meeting.committee.summary_days_before}
        if not wanted:
            raise Skip(SUMMARIES_OFF)
        days = post.key.rsplit(":", 1)[-1].removesuffix("d")
        if days not in wanted:
            raise Skip(SUMMARY_DAY_DROPPED.format(days=days))
        platform, channel = summary_destination(meeting, self.uow.workspace)
        if not channel:
            raise Skip(NO_CHANNEL)
        return meeting, (platform, channel)

    def action_nudge(self, post: ScheduledPost) -> View:
        """A nudge before an action is due, or when it has fallen overdue."""
        action = self._wanted_action(post)
        assert action.due_date is not None  # checked by _wanted_action
        item = action_summaries(self.repos.actions, [action], self.today)[0]
        ref = command_ref(self.repos, action)
        if post.kind == "due_soon":
            return Reminder(
                reason="due_soon",
                title=f"{ref} is due {due_soon_words(action.due_date, self.today)}",
                text=(
                    f"“{action.title}” ({action.plan.name}). Log progress with "
                    f"/actions update {ref} <text>, or /actions done {ref}."
                ),
                actions=[item],
                total=1,
                footer=FOOTER,
            )
        return Reminder(
            reason="overdue",
            title=f"{ref} is overdue (it was due {fmt_date(action.due_date)})",
            text=(
                f"“{action.title}” ({action.plan.name}) is now overdue. Log where it stands "
                f"with /actions update {ref} <text>, or set a new date with "
                f"/actions due {ref} <date>."
            ),
            actions=[item],
            total=1,
            footer=FOOTER,
        )

    def _wanted_action(self, post: ScheduledPost) -> Action:
        """The action a nudge is about; raises Skip when the nudge is not wanted any more."""
        action = self.repos.actions.by_id(post.action_id or 0)
        if action is None:
            raise Skip("the action no longer exists")
        if not is_outstanding(action.status):
            raise Skip(NOT_OUTSTANDING)
        if action.due_date is None or f":{action.due_date.isoformat()}:" not in post.key:
            raise Skip(DUE_DATE_CHANGED)
        if not self._still_owner(post.person_id, action.owners):
            raise Skip(NOT_OWNER)
        if post.kind == "due_soon" and action.due_date < self.today:
            raise Skip("the action fell overdue before the nudge went out")
        return action

    def meeting_notice(self, post: ScheduledPost) -> View:
        """The notice to a channel that a meeting it had a summary of is cancelled or moved."""
        return Notice(level="info", text=post.note or "")

    def update_reply(self, post: ScheduledPost) -> View:
        """The acknowledgement of an update logged from a chat message, which the platform
        did not take at the time (``commands.jobs.replies``): as the first answer would have
        been, with the action as it is now."""
        update = self.repos.actions.update_by_id(post.update_id or 0)
        if update is None:
            raise Skip("the update no longer exists")
        if update.retracted_at is not None:
            raise Skip("the update was retracted (its message was deleted or edited)")
        if update.superseded_by_id is not None:
            raise Skip("the message was edited since: the edit is answered on its own")
        action = self.repos.actions.by_id(update.action_id)
        if action is None:  # pragma: no cover - updates go with their action
            raise Skip("the action no longer exists")
        return UpdateLogged(
            action=action_summary(action, self.today),
            update=update_view(update),
            message=post.note or "",
            update_id=update.id,
        )

    def _still_owner(self, person_id: int | None, owners: Sequence[object]) -> bool:
        """Whether the post's person is still among ``owners`` (themselves, or as a holder of
        an owning role): a post planned before the action or item changed hands is not sent."""
        if person_id is None:
            return True
        person = self.repos.people.person_by_id(person_id)
        if person is None:
            return False
        roles = {r.id for r in person.roles}
        return any(
            getattr(o, "person_id", None) == person_id or getattr(o, "role_id", None) in roles
            for o in owners
        )

    def _agenda_item(self, post: ScheduledPost) -> tuple[Meeting, AgendaItem]:
        meeting = self._meeting(post.meeting_id)
        item = self.repos.meetings.agenda_item(meeting.id, post.agenda_item_id or 0)
        if item is None:
            raise Skip("the agenda item no longer exists")
        return meeting, item

    def report_reminder(self, post: ScheduledPost) -> View:
        """A reminder to an agenda item's lead that its report is due."""
        meeting, item = self._wanted_report(post)
        assert item.report_due is not None  # checked by _wanted_report
        label = meeting_label(meeting)
        return Reminder(
            reason="report_due",
            title=f"Your report for {label} is {report_due_words(item.report_due, self.today)}",
            text=(
                f"Item {item.position}: {item.title}. When it is in, mark it with "
                f"/meeting report in {item.position} {label}."
            ),
            reports=[ReportDue(meeting_label=label, item=agenda_entry(item, self.today))],
            footer=FOOTER,
        )

    def _wanted_report(self, post: ScheduledPost) -> tuple[Meeting, AgendaItem]:
        """The meeting and agenda item a report reminder is about; raises Skip when the
        reminder is not wanted any more."""
        meeting, item = self._agenda_item(post)
        if item.report_received_at is not None:
            raise Skip(REPORT_IN)
        if item.report_due is None or f":{item.report_due.isoformat()}:" not in post.key:
            raise Skip(DEADLINE_CHANGED)
        if not self._still_owner(post.person_id, item.owners):
            raise Skip(NOT_LEAD)
        return meeting, item

    def digest(self, post: ScheduledPost) -> View:
        """The weekly digest: the person's outstanding actions, and the reports they lead that
        are late or due within ``digest_report_days`` (each shown with its deadline)."""
        person = self.repos.people.person_by_id(post.person_id or 0)
        if person is None:
            raise Skip("the person no longer exists")
        roles = [r.id for r in person.roles]
        actions = list(self.repos.actions.owned_by([person.id], roles, self.today))
        reports = self._reports_led(person, roles)
        if not actions and not reports:
            raise Skip("nothing outstanding")
        overdue = sum(1 for a in actions if a.due_date and a.due_date < self.today)
        shown = actions[: self.config.digest_max_actions]
        parts = []
        if actions:
            parts.append(f"{len(actions)} outstanding action{'s' if len(actions) != 1 else ''}")
        if overdue:
            parts.append(f"{overdue} overdue")
        if reports:
            late = sum(1 for r in reports if r.item.report == "late")
            parts.append(
                f"{len(reports)} report{'s' if len(reports) != 1 else ''} to send"
                + (f" ({late} late)" if late else "")
            )
        return Reminder(
            reason="digest",
            title=f"Your week, {person.name}: {', '.join(parts)}",
            text=(
                "Overdue first. Log progress in the plan's channel or with /actions update."
                if actions
                else ""
            ),
            actions=action_summaries(self.repos.actions, shown, self.today),
            total=len(actions),
            reports=reports,
            more_command="/actions mine" if len(actions) > len(shown) else "",
            footer=FOOTER,
        )

    def _reports_led(self, person: Person, role_ids: list[int]) -> list[ReportDue]:
        return [
            ReportDue(meeting_label=meeting_label(meeting), item=agenda_entry(item, self.today))
            for meeting, item in digest_reports(
                self.repos,
                self.now,
                self.today,
                self.config,
                person_id=person.id,
                role_ids=role_ids,
            )
        ]
