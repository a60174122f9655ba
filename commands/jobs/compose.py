"""Compose a scheduled post from live data at the moment it is sent.

A post that is no longer wanted (the action is done, the report is in, the meeting moved,
the person snoozed reminders, a digest with nothing in it) raises Skip with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from commands.formatting import fmt_date
from commands.jobs.config import JobConfig
from commands.jobs.planner import reminders_paused
from commands.jobs.working_days import working_days_between
from commands.meeting_lookup import meeting_label
from commands.presenters import action_summaries, action_summary
from commands.status import is_outstanding
from commands.summary import agenda_entry, compose_summary, days_phrase
from commands.views import Reminder, ReportDue, View
from storage.models import AgendaItem, ChatUser, Meeting, Person, ScheduledPost
from storage.unit_of_work import UnitOfWork

FOOTER = "Snooze these with /actions remind snooze 2 weeks, or stop them with /actions remind stop."


class Skip(Exception):
    """The post is no longer needed; the message says why."""


@dataclass
class Composer:
    """Builds the view of one post inside a workspace's unit of work."""

    uow: UnitOfWork
    now: datetime
    today: date
    tz: str
    config: JobConfig

    @property
    def repos(self):  # type: ignore[no-untyped-def]
        return self.uow.repos

    def compose(self, post: ScheduledPost) -> View:
        """The view to send for ``post``; raises Skip when it should not be sent."""
        if post.chat_user_id is not None:
            user = self.uow.session.get(ChatUser, post.chat_user_id)
            if user is None or user.workspace_id != self.uow.workspace_id:
                raise Skip("the chat user no longer exists")
            if reminders_paused(user, self.now):
                raise Skip("reminders are snoozed or stopped")
        builders = {
            "summary": self.summary,
            "due_soon": self.action_nudge,
            "overdue": self.action_nudge,
            "report_due": self.report_reminder,
            "digest": self.digest,
        }
        if post.kind not in builders:
            raise Skip(f"unknown kind of post {post.kind!r}")
        return builders[post.kind](post)

    # -- kinds --------------------------------------------------------------------------------

    def _meeting(self, meeting_id: int | None) -> Meeting:
        meeting = self.repos.meetings.meeting_by_id(meeting_id or 0)
        if meeting is None:
            raise Skip("the meeting no longer exists")
        return meeting

    def summary(self, post: ScheduledPost) -> View:
        """The pre-meeting summary, unless the meeting moved or has started."""
        meeting = self._meeting(post.meeting_id)
        if f":{meeting.meeting_date.isoformat()}:" not in post.key:
            raise Skip("the meeting moved to another date")
        if meeting.starts_at <= self.now:
            raise Skip("the meeting has started")
        return compose_summary(self.repos, meeting, now=self.now, today=self.today, tz=self.tz)

    def action_nudge(self, post: ScheduledPost) -> View:
        """A nudge before an action is due, or when it has fallen overdue."""
        action = self.repos.actions.by_id(post.action_id or 0)
        if action is None:
            raise Skip("the action no longer exists")
        if not is_outstanding(action.status):
            raise Skip("the action is no longer outstanding")
        if action.due_date is None or f":{action.due_date.isoformat()}:" not in post.key:
            raise Skip("the action's due date changed")
        latest = self.repos.actions.latest_updates([action.id]).get(action.id)
        item = action_summary(action, self.today, latest)
        if post.kind == "due_soon":
            if action.due_date < self.today:
                raise Skip("the action fell overdue before the nudge went out")
            left = working_days_between(self.today, action.due_date)
            when = days_phrase((action.due_date - self.today).days)
            return Reminder(
                reason="due_soon",
                title=f"{action.ref} is due {when} ({fmt_date(action.due_date)})",
                text=(
                    f"“{action.title}” ({action.plan.name}) is due in {left} working "
                    f"day{'s' if left != 1 else ''}. Log progress with "
                    f"/actions update {action.ref} <text>, or /actions done {action.ref}."
                ),
                actions=[item],
                total=1,
                footer=FOOTER,
            )
        return Reminder(
            reason="overdue",
            title=f"{action.ref} is overdue (it was due {fmt_date(action.due_date)})",
            text=(
                f"“{action.title}” ({action.plan.name}) is now overdue. Log where it stands "
                f"with /actions update {action.ref} <text>, or set a new date with "
                f"/actions due {action.ref} <date>."
            ),
            actions=[item],
            total=1,
            footer=FOOTER,
        )

    def _agenda_item(self, post: ScheduledPost) -> tuple[Meeting, AgendaItem]:
        meeting = self._meeting(post.meeting_id)
        for item in self.repos.meetings.agenda(meeting.id):
            if item.id == post.agenda_item_id:
                return meeting, item
        raise Skip("the agenda item no longer exists")

    def report_reminder(self, post: ScheduledPost) -> View:
        """A reminder to an agenda item's lead that its report is due."""
        meeting, item = self._agenda_item(post)
        if item.report_received_at is not None:
            raise Skip("the report is in")
        if item.report_due is None or f":{item.report_due.isoformat()}:" not in post.key:
            raise Skip("the report deadline changed")
        label = meeting_label(meeting)
        left = working_days_between(self.today, item.report_due)
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        return Reminder(
            reason="report_due",
            title=f"Your report for {label} is due {when} ({fmt_date(item.report_due)})",
            text=(
                f"Item {item.position}: {item.title}. When it is in, mark it with "
                f"/meeting report in {item.position} {label}."
            ),
            reports=[ReportDue(meeting_label=label, item=agenda_entry(item, self.today))],
            footer=FOOTER,
        )

    def digest(self, post: ScheduledPost) -> View:
        """The weekly digest: the person's outstanding actions and the reports they lead."""
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
            parts.append(f"{len(reports)} report{'s' if len(reports) != 1 else ''} to send")
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
            for meeting, item in self.repos.meetings.reports_awaited(
                self.now, person_id=person.id, role_ids=role_ids
            )
        ]
