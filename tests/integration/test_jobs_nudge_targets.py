"""Nudges that work as typed and reach the right people: plan-qualified refs when a ref is in
several plans, recipients and channels checked when the post is sent (not only when planned),
actions nobody can be reminded about named in the run report, permanent platform errors not
retried, and a person's nudges in one run sent as one message."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy import select

from commands.core import Core
from commands.jobs.config import JobConfig
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier, Target
from commands.jobs.runner import run_due
from commands.owner_store import resolve_owners, set_action_owners
from commands.views import Reminder, View
from storage.models import AgendaItemOwner, Committee, ScheduledPost
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world, slack_msg

DUE = date(2016, 1, 4)  # 3 working days after Tue 29 Dec 2015 (New Year's Day off)
NUDGE_AT = at("2015-12-29 09:00")
SEVEN_DAY = "summary:2:2016-01-05:7d"


def _plans(store: Store) -> None:
    """Two plans that both number an action 1; a role nobody holds; a person with no chat
    account; Jon owns three actions due together."""
    with seeded(store) as uow:
        make_plan(
            uow,
            "QA Plan",
            [
                {"ref": "1", "title": "Fiona task one", "lead": "Fiona Smith", "due": DUE},
                {"ref": "2", "title": "Unheld role task", "lead": "IRO", "due": DUE},
                {"ref": "3", "title": "Unlinked person task", "lead": "Dan Mockley", "due": DUE},
                {"ref": "4", "title": "Jon task four", "lead": "Jon Abbey", "due": DUE},
                {"ref": "5", "title": "Jon task five", "lead": "Jon Abbey", "due": DUE},
                {"ref": "6", "title": "Jon task six", "lead": "Jon Abbey", "due": DUE},
            ],
        )
        make_plan(
            uow,
            "Second Plan",
            [{"ref": "1", "title": "Marg task one", "lead": "Margaret Gallagher", "due": DUE}],
        )


def _posts(store: Store) -> dict[str, ScheduledPost]:
    with store.session_factory() as session:
        return {p.key: p for p in session.scalars(select(ScheduledPost))}


def _nudges(recorder: RecordingNotifier, user: str) -> list[Reminder]:
    return [
        v
        for v in recorder.to(user_id=user)
        if isinstance(v, Reminder) and v.reason in ("due_soon", "overdue")
    ]


def _registry(notifier: Any) -> NotifierRegistry:
    return NotifierRegistry({"slack": notifier})


# -- 1. refs that work as typed ------------------------------------------------------------


def test_a_ref_in_several_plans_is_qualified_and_the_command_works(store: Store) -> None:
    build_world(store)
    _plans(store)
    recorder = RecordingNotifier()
    run_due(store, _registry(recorder), now=NUDGE_AT)
    [marg] = _nudges(recorder, "U-MARG")
    assert marg.title == "second-plan:1 is due in 3 working days (4 Jan 2016)"
    assert marg.text == (
        "“Marg task one” (Second Plan). Log progress with /actions update second-plan:1 "
        "<text>, or /actions done second-plan:1."
    )
    [fiona] = _nudges(recorder, "U-FIONA")
    assert fiona.title.startswith("qa-plan:1 is due")
    # A ref no other plan has stays as it is.
    [jon] = _nudges(recorder, "U-JON")
    assert "/actions done 4." in jon.text and "qa-plan:4" not in jon.text
    # The command offered is accepted as typed (a bare "1" would be refused as ambiguous).
    core = Core(store, clock=lambda: NUDGE_AT)
    outcome = core.handle(slack_msg("U-MARG", NUDGE_AT), "/actions done second-plan:1")
    assert outcome is not None and "several plans" not in str(outcome.reply)
    with store.unit_of_work("local") as uow:
        [plan_two] = [p for p in uow.repos.plans.all() if p.slug == "second-plan"]
        assert uow.repos.actions.by_ref("1", plan_two.id)[0].status == "achieved"

    # The overdue nudge offers qualified commands too.
    core.handle(slack_msg("U-MARG", NUDGE_AT), "/actions update second-plan:1 reopened #started")
    run_due(store, _registry(recorder), now=at("2016-01-05 09:00"))
    overdue = [v for v in _nudges(recorder, "U-MARG") if v.reason == "overdue"]
    assert [v.title for v in overdue] == ["second-plan:1 is overdue (it was due 4 Jan 2016)"]
    assert "/actions due second-plan:1 <date>" in overdue[0].text


# -- 4. recipients and channels as they are when the post is sent ---------------------------


def test_a_nudge_to_a_former_owner_is_skipped(store: Store) -> None:
    build_world(store)
    _plans(store)
    run_due(store, NotifierRegistry(), now=NUDGE_AT)  # planned; no Slack to send it
    with seeded(store) as uow:
        [plan] = [p for p in uow.repos.plans.all() if p.slug == "qa-plan"]
        action = uow.repos.actions.by_ref("1", plan.id)[0]
        set_action_owners(action, resolve_owners(uow.repos, "Dominic Porter-Moore"))
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=5))
    assert _nudges(recorder, "U-FIONA") == []
    assert [v.title for v in _nudges(recorder, "U-DOM")] == [
        "qa-plan:1 is due in 3 working days (4 Jan 2016)"
    ]
    skipped = [line for line in report.lines if line.startswith("skipped due_soon:")]
    assert len(skipped) == 1
    assert skipped[0].endswith(
        "the recipient no longer owns the action (nor holds its owning role)"
    )


def test_a_nudge_to_a_holder_of_the_owning_role_still_goes(store: Store) -> None:
    build_world(store)
    _plans(store)
    with seeded(store) as uow:
        jon = uow.repos.people.person_by_id(
            next(p.id for p in uow.repos.people.all_people() if p.name == "Jon Abbey")
        )
        iro = uow.repos.people.role_by_key("IRO")
        assert jon is not None and iro is not None
        uow.repos.people.grant_role(jon, iro)
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry(), now=NUDGE_AT)
    run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=5))
    [jon_message] = _nudges(recorder, "U-JON")
    assert "2 is due in 3 working days (4 Jan 2016)" in jon_message.text


def test_a_report_reminder_to_a_former_lead_is_skipped(store: Store) -> None:
    world = build_world(store)
    run_due(store, NotifierRegistry(), now=at("2015-12-10 09:30"))
    with seeded(store) as uow:
        jon = next(p for p in uow.repos.people.all_people() if p.name == "Jon Abbey")
        [item] = [
            i for i in uow.repos.meetings.agenda(world.january_id) if i.title == "Performance"
        ]
        item.owners.clear()
        uow.session.flush()
        item.owners.append(AgendaItemOwner(person_id=jon.id, position=0))
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=at("2015-12-10 09:35"))
    reports = [v for v in recorder.to(user_id="U-MARG") if getattr(v, "reason", "") == "report_due"]
    assert reports == []
    assert any(
        line.startswith("skipped report:")
        and line.endswith("no longer leads the agenda item (nor holds its role)")
        for line in report.lines
    ), report.summary()


def test_a_summary_turned_off_after_planning_is_skipped(store: Store) -> None:
    build_world(store)
    run_due(store, NotifierRegistry(), now=NUDGE_AT)
    assert _posts(store)[SEVEN_DAY].state == "pending"
    make_chat(store, NUDGE_AT).say("/meeting summaries CPAC off")
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=5))
    assert recorder.to(channel_id=CHANNEL) == []
    assert _posts(store)[SEVEN_DAY].state == "skipped"
    assert f"skipped {SEVEN_DAY}: the committee turned scheduled summaries off" in report.lines


def test_a_summary_whose_days_before_were_dropped_is_skipped(store: Store) -> None:
    build_world(store)
    run_due(store, NotifierRegistry(), now=NUDGE_AT)
    make_chat(store, NUDGE_AT).say("/meeting summaries CPAC days 1")
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=5))
    assert recorder.to(channel_id=CHANNEL) == []
    assert f"skipped {SEVEN_DAY}: the committee no longer wants a summary 7 days before" in (
        report.lines
    )


def _move_channel(store: Store, committee_id: int, channel: str) -> None:
    with seeded(store) as uow:
        committee = uow.session.get(Committee, committee_id)
        assert committee is not None
        committee.channel_id = channel


def test_a_summary_goes_to_the_committees_channel_as_it_is_when_sent(store: Store) -> None:
    world = build_world(store)
    recorder = RecordingNotifier(fail_times=1)  # the first post (the summary) fails
    first = run_due(store, _registry(recorder), now=NUDGE_AT)
    assert first.retry == 1 and _posts(store)[SEVEN_DAY].channel_id == CHANNEL
    _move_channel(store, world.committee_id, "C-NEW")  # the clerk fixes the channel
    later = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=6))
    assert recorder.to(channel_id=CHANNEL) == []
    [summary] = recorder.to(channel_id="C-NEW")
    assert summary.heading == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"  # type: ignore[attr-defined]
    assert f"sent {SEVEN_DAY} to slack:#C-NEW" in later.lines
    post = _posts(store)[SEVEN_DAY]
    assert (post.state, post.channel_id, post.platform) == ("sent", "C-NEW", "slack")


# -- 6. actions nobody can be reminded about -------------------------------------------------


def test_actions_with_nobody_to_remind_are_named_once_in_the_run_report(store: Store) -> None:
    build_world(store)
    _plans(store)
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=NUDGE_AT)
    line = (
        "2 actions due soon have nobody to remind: 2 (IRO: no holder), "
        "3 (Dan Mockley: no chat account)."
    )
    assert report.unreachable == [line]
    assert report.summary().count("nobody to remind") == 1
    assert report.summary().splitlines()[1] == line
    # A rerun says it again (each run reports what it found), still once.
    again = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=1))
    assert again.unreachable == [line]
    # Once overdue, they are named as overdue.
    overdue = run_due(store, _registry(recorder), now=at("2016-01-05 09:00"))
    assert overdue.unreachable == [
        "2 overdue actions have nobody to remind: 2 (IRO: no holder), "
        "3 (Dan Mockley: no chat account). (The overdue nudge goes out in the 7 days after an "
        "action falls overdue: actions overdue for longer are not nudged, so not named here.)"
    ]


def test_an_owner_who_stopped_reminders_is_not_called_unreachable(store: Store) -> None:
    build_world(store)
    _plans(store)
    core = Core(store, clock=lambda: at("2015-12-24 10:00"))
    core.handle(slack_msg("U-FIONA", at("2015-12-24 10:00")), "/actions remind stop")
    report = run_due(store, _registry(RecordingNotifier()), now=NUDGE_AT)
    assert "qa-plan:1" not in " ".join(report.unreachable)


# -- 7. permanent platform errors ------------------------------------------------------------


class _DisabledUserSlack(RecordingNotifier):
    """Slack as it answers for a deactivated user: ``user_disabled`` for U-JON."""

    def send(self, target: Target, view: View) -> None:
        if target.user_id == "U-JON":
            response = SlackResponse(
                client=None,
                http_verb="POST",
                api_url="https://slack.invalid/api/conversations.open",
                req_args={},
                data={"ok": False, "error": "user_disabled"},
                headers={},
                status_code=200,
            )
            raise SlackApiError("The request to the Slack API failed.", response)
        super().send(target, view)


def test_a_permanent_slack_error_is_not_retried(store: Store) -> None:
    build_world(store)
    _plans(store)
    slack = _DisabledUserSlack()
    report = run_due(store, _registry(slack), now=NUDGE_AT)
    jon = [p for p in _posts(store).values() if p.user_id == "U-JON"]
    assert jon and {(p.state, p.attempts) for p in jon} == {("failed", 1)}
    assert all("user_disabled" in p.last_error for p in jon)
    failed = [line for line in report.lines if line.startswith("failed ")]
    assert failed and all(
        line.endswith("(not retried: Slack said user_disabled)") for line in failed
    )
    assert report.failed == len(failed) and report.retry == 0
    assert f", failed {report.failed}." in report.summary().splitlines()[0]
    later = run_due(store, _registry(slack), now=NUDGE_AT + timedelta(minutes=10))
    assert later.failed == 0 and later.retry == 0
    assert {p.attempts for p in _posts(store).values() if p.user_id == "U-JON"} == {1}


def test_the_last_attempt_says_it_gave_up(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier(fail_times=99)
    config = JobConfig(max_attempts=2, retry_delay_seconds=60)
    first = run_due(store, _registry(recorder), now=NUDGE_AT, config=config)
    assert all(line.endswith("(will retry)") for line in first.lines if "failed" in line)
    second = run_due(store, _registry(recorder), now=NUDGE_AT + timedelta(minutes=2), config=config)
    failed = [line for line in second.lines if line.startswith("failed ")]
    assert failed and all(line.endswith("(gave up after 2 attempts)") for line in failed)
    assert second.retry == 0 and second.failed == len(failed)
    assert {p.state for p in _posts(store).values()} == {"failed"}


# -- 8. one message per person per run ------------------------------------------------------


def test_a_persons_nudges_in_one_run_are_one_message(store: Store) -> None:
    build_world(store)
    _plans(store)
    recorder = RecordingNotifier()
    report = run_due(store, _registry(recorder), now=NUDGE_AT)
    [jon] = _nudges(recorder, "U-JON")
    assert jon.title == "3 of your actions are due in 3 working days (4 Jan 2016)"
    assert [a.ref for a in jon.actions] == ["4", "5", "6"] and jon.total == 3
    lines = jon.text.splitlines()
    assert lines[0] == (
        "• 4 is due in 3 working days (4 Jan 2016): “Jon task four” (QA Plan). Log progress "
        "with /actions update 4 <text>, or /actions done 4."
    )
    assert len(lines) == 3 and "/actions done 6." in lines[2]
    # Each nudge keeps its own key, sent once.
    keys = [p for p in _posts(store).values() if p.user_id == "U-JON" and p.kind == "due_soon"]
    assert len(keys) == 3 and {p.state for p in keys} == {"sent"}
    assert report.messages < report.sent
    # A single nudge keeps its own wording.
    [marg] = _nudges(recorder, "U-MARG")
    assert marg.title == "second-plan:1 is due in 3 working days (4 Jan 2016)"
    # Overdue and due-soon together: overdue first, counted in the title.
    with seeded(store) as uow:
        [plan] = [p for p in uow.repos.plans.all() if p.slug == "qa-plan"]
        action = uow.repos.actions.by_ref("6", plan.id)[0]
        action.due_date = date(2016, 1, 8)
    recorder.sent.clear()
    run_due(store, _registry(recorder), now=at("2016-01-05 09:00"))
    [mixed] = _nudges(recorder, "U-JON")
    assert mixed.title == "3 of your actions need you: 2 overdue, 1 due soon"
    assert mixed.reason == "overdue"
    assert [line.split(" is ")[0] for line in mixed.text.splitlines()] == ["• 4", "• 5", "• 6"]
