"""A post skipped when it was to be sent, because data it depends on had changed (the action's
due date, status or owners, the report's deadline, state or leads, the meeting's date, the
committee's summaries), is planned again when that data changes back while the post is still
due: it goes out then, once. A post skipped for another reason (reminders snoozed or stopped)
stays skipped, a post sent stays sent, and a post the composer still refuses is not planned
again run after run.

Fiona's action is due Mon 4 Jan 2016: her nudge is due Tue 29 Dec 2015 09:00 (3 working days
before, New Year's Day off). CPAC meets on Tue 5 Jan 2016; its 7-day summary is due Tue 29 Dec
09:00, and its items' report reminders Thu 10 Dec (5 working days before the 17 Dec deadline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from commands.jobs.compose import Composer
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.outbox import plan_again
from commands.jobs.planner import PlannedPost
from commands.jobs.runner import RunReport, run_due
from commands.views import MeetingSummary, Reminder
from storage.models import AgendaItem, AgendaItemOwner, ScheduledPost
from storage.unit_of_work import Store, UnitOfWork
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    CHANNEL,
    at,
    build_world,
    import_fixture_minutes,
    slack_msg,
)

DUE = date(2016, 1, 4)
NUDGE_AT = at("2015-12-29 09:00")
SEVEN_DAY = "summary:2:2016-01-05:7d"
REPORTS_AT = at("2015-12-10 09:30")


def _world_with_fionas_action(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_plan(uow, "QA Plan", [{"ref": "1", "title": "Fiona task", "lead": "Fiona Smith"}])
        [plan] = uow.repos.plans.all()
        uow.repos.actions.by_ref("1", plan.id)[0].due_date = DUE


def _run(store: Store, now: datetime, recorder: RecordingNotifier | None = None) -> RunReport:
    """Run due work at ``now``; without a recorder the posts are planned and wait."""
    registry = NotifierRegistry({"slack": recorder} if recorder is not None else {})
    return run_due(store, registry, now=now)


def _nudges(recorder: RecordingNotifier, user: str = "U-FIONA") -> list[str]:
    return [
        v.title
        for v in recorder.to(user_id=user)
        if isinstance(v, Reminder) and v.reason in ("due_soon", "overdue")
    ]


def _reports(recorder: RecordingNotifier) -> list[str]:
    return [
        s.target.user_id or ""
        for s in recorder.sent
        if isinstance(s.view, Reminder) and s.view.reason == "report_due"
    ]


def _posts(store: Store, prefix: str) -> list[tuple[str, str, int]]:
    """(key, state, attempts) of the outbox's posts whose key starts with ``prefix``."""
    with store.session_factory() as session:
        rows = session.scalars(
            select(ScheduledPost)
            .where(ScheduledPost.key.startswith(prefix))
            .order_by(ScheduledPost.id)
        )
        return [(p.key, p.state, p.attempts) for p in rows]


def _say(store: Store, now: datetime, text: str) -> str:
    reply = make_chat(store, now).say(text)
    assert "Nothing was changed" not in reply, reply
    return reply


def _planned_again(report: RunReport) -> list[str]:
    return [line for line in report.lines if line.startswith("planned again ")]


# -- nudges ---------------------------------------------------------------------------------


def test_a_nudge_skipped_for_a_changed_due_date_goes_when_the_date_is_set_back(
    store: Store,
) -> None:
    _world_with_fionas_action(store)
    recorder = RecordingNotifier()
    _run(store, NUDGE_AT)  # planned; no Slack yet
    _say(store, NUDGE_AT, "/actions due 1 2016-01-20")
    report = _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    assert _nudges(recorder) == []
    [(key, state, _)] = _posts(store, "due_soon:")
    assert state == "skipped"
    assert f"skipped {key}: the action's due date changed" in report.lines

    _say(store, NUDGE_AT + timedelta(minutes=10), "/actions due 1 2016-01-04")
    again = _run(store, NUDGE_AT + timedelta(minutes=15), recorder)
    assert _nudges(recorder) == ["1 is due in 3 working days (4 Jan 2016)"]
    assert _planned_again(again) == [
        f"planned again {key}: it was skipped because the action's due date changed, "
        "which no longer holds"
    ]
    assert again.revived == 1 and again.planned == 0 and again.sent == 1
    assert again.summary().startswith("Planned 0 new posts and 1 again; sent 1, skipped 0")
    assert _posts(store, "due_soon:") == [(key, "sent", 1)]
    # Once: later runs neither plan it again nor send it again.
    later = _run(store, NUDGE_AT + timedelta(minutes=20), recorder)
    assert _planned_again(later) == [] and later.revived == 0
    assert len(_nudges(recorder)) == 1


def test_a_nudge_comes_back_to_an_owner_given_the_action_again(store: Store) -> None:
    _world_with_fionas_action(store)
    recorder = RecordingNotifier()
    _run(store, NUDGE_AT)
    _say(store, NUDGE_AT, "/actions assign 1 Dominic Porter-Moore")
    first = _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    assert _nudges(recorder) == [] and _nudges(recorder, "U-DOM") == [
        "1 is due in 3 working days (4 Jan 2016)"
    ]
    assert any(
        line.endswith("no longer owns the action (nor holds its owning role)")
        for line in first.lines
    )

    _say(store, NUDGE_AT + timedelta(minutes=10), "/actions assign 1 Fiona Smith")
    again = _run(store, NUDGE_AT + timedelta(minutes=15), recorder)
    assert _nudges(recorder) == ["1 is due in 3 working days (4 Jan 2016)"]
    [line] = _planned_again(again)
    assert "because the recipient no longer owns the action" in line
    assert len(_nudges(recorder, "U-DOM")) == 1  # sent stays sent


def test_a_nudge_goes_once_an_action_done_is_reopened(store: Store) -> None:
    _world_with_fionas_action(store)
    recorder = RecordingNotifier()
    _run(store, NUDGE_AT)
    _say(store, NUDGE_AT, "/actions done 1")
    first = _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    assert _nudges(recorder) == []
    assert any(line.endswith(": the action is no longer outstanding") for line in first.lines)

    _say(
        store, NUDGE_AT + timedelta(minutes=10), "/actions update 1 not finished after all #started"
    )
    again = _run(store, NUDGE_AT + timedelta(minutes=15), recorder)
    assert _nudges(recorder) == ["1 is due in 3 working days (4 Jan 2016)"]
    assert again.revived == 1


def test_a_nudge_sent_is_not_sent_again_when_its_due_date_comes_back(store: Store) -> None:
    _world_with_fionas_action(store)
    recorder = RecordingNotifier()
    _run(store, NUDGE_AT, recorder)
    assert len(_nudges(recorder)) == 1
    _say(store, NUDGE_AT, "/actions due 1 2016-01-20")
    _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    _say(store, NUDGE_AT + timedelta(minutes=10), "/actions due 1 2016-01-04")
    again = _run(store, NUDGE_AT + timedelta(minutes=15), recorder)
    assert len(_nudges(recorder)) == 1 and again.revived == 0
    [(_, state, _)] = _posts(store, "due_soon:")
    assert state == "sent"


def test_a_nudge_skipped_while_reminders_were_stopped_stays_skipped(store: Store) -> None:
    """Stopping (or snoozing) reminders drops what was due meanwhile: turning them on again
    brings no old nudge back, though the planner plans it again."""
    _world_with_fionas_action(store)
    recorder = RecordingNotifier()
    _run(store, NUDGE_AT)
    fiona = slack_msg("U-FIONA", NUDGE_AT)
    make_chat(store, NUDGE_AT).core.handle(fiona, "/actions remind stop")
    first = _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    assert any(line.endswith(": reminders are snoozed or stopped") for line in first.lines)
    make_chat(store, NUDGE_AT).core.handle(fiona, "/actions remind on")
    for minutes in (10, 11, 12):
        report = _run(store, NUDGE_AT + timedelta(minutes=minutes), recorder)
        assert report.revived == 0 and _planned_again(report) == []
    assert _nudges(recorder) == []
    [(_, state, _)] = _posts(store, "due_soon:")
    assert state == "skipped"


def test_a_post_the_composer_still_refuses_is_not_planned_again_every_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the composer and the planner ever disagree (here the composer is made to say
    that Fiona no longer owns her action, while the planner still nudges her), the post is
    skipped once and left so: it is not made pending again on every run."""
    _world_with_fionas_action(store)
    _run(store, NUDGE_AT)
    monkeypatch.setattr(Composer, "_still_owner", lambda self, person_id, owners: False)
    recorder = RecordingNotifier()
    first = _run(store, NUDGE_AT + timedelta(minutes=1), recorder)
    assert any("no longer owns the action" in line for line in first.lines)
    for minutes in (2, 3, 4):
        report = _run(store, NUDGE_AT + timedelta(minutes=minutes), recorder)
        assert report.revived == 0 and report.skipped == 0, report.summary()
    assert _nudges(recorder) == []
    assert [(state, attempts) for _, state, attempts in _posts(store, "due_soon:")] == [
        ("skipped", 1)
    ]


def test_planning_a_skipped_post_again_is_done_by_one_process(store: Store) -> None:
    """Two processes planning at once: the one whose update finds the post still skipped
    makes it pending; the other finds it pending already and does nothing."""
    _world_with_fionas_action(store)
    _run(store, NUDGE_AT)
    _say(store, NUDGE_AT, "/actions due 1 2016-01-20")
    _run(store, NUDGE_AT + timedelta(minutes=5), RecordingNotifier())
    with store.session_factory() as session, session.begin():
        post = session.scalars(select(ScheduledPost).where(ScheduledPost.kind == "due_soon")).one()
        planned = PlannedPost(
            key=post.key,
            kind=post.kind,
            due_at=post.due_at,
            expires_at=NUDGE_AT + timedelta(days=7),
            platform=post.platform,
            user_id=post.user_id,
        )
        reason = post.last_error
        later = NUDGE_AT + timedelta(minutes=15)
        assert plan_again(session, post.id, reason, planned, later) is True
        assert plan_again(session, post.id, reason, planned, later) is False
    with store.session_factory() as session:
        again = session.get(ScheduledPost, post.id)
        assert again is not None
        assert (again.state, again.attempts, again.last_error, again.claimed_by) == (
            "pending",
            0,
            "",
            None,
        )
        assert again.next_attempt_at.replace(tzinfo=later.tzinfo) == later
        assert again.expires_at is not None
        assert again.expires_at.replace(tzinfo=later.tzinfo) == NUDGE_AT + timedelta(days=7)


# -- report reminders -----------------------------------------------------------------------


def _performance(uow: UnitOfWork) -> AgendaItem:
    """January's item 1, Performance: Margaret leads it, its report is due 17 Dec."""
    [january] = [m for m in uow.repos.meetings.upcoming(REPORTS_AT) if m.meeting_date.month == 1]
    return next(i for i in uow.repos.meetings.agenda(january.id) if i.title == "Performance")


def _set_deadline(store: Store, due: date) -> None:
    with seeded(store) as uow:
        _performance(uow).report_due = due


def _set_lead(store: Store, name: str) -> None:
    with seeded(store) as uow:
        item = _performance(uow)
        person = next(p for p in uow.repos.people.all_people() if p.name == name)
        item.owners.clear()
        uow.session.flush()
        item.owners.append(AgendaItemOwner(person_id=person.id, position=0))


@pytest.mark.parametrize(
    ("away", "back", "reason"),
    [
        (
            lambda s: _set_deadline(s, date(2015, 12, 31)),
            lambda s: _set_deadline(s, date(2015, 12, 17)),
            "the report deadline changed",
        ),
        (
            lambda s: _set_lead(s, "Jon Abbey"),
            lambda s: _set_lead(s, "Margaret Gallagher"),
            "the recipient no longer leads the agenda item (nor holds its role)",
        ),
        (
            lambda s: _say(s, REPORTS_AT, "/meeting report in 1 CPAC 2016-01-05"),
            lambda s: _say(s, REPORTS_AT, "/meeting report awaited 1 CPAC 2016-01-05"),
            "the report is in",
        ),
    ],
    ids=["deadline", "lead", "report-in"],
)
def test_a_report_reminder_comes_back_when_its_item_does(
    store: Store, away: Callable[[Store], object], back: Callable[[Store], object], reason: str
) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    _run(store, REPORTS_AT)
    away(store)
    first = _run(store, REPORTS_AT + timedelta(minutes=5), recorder)
    assert "U-MARG" not in _reports(recorder)
    [skipped] = [line for line in first.lines if line.startswith("skipped report:")]
    key, why = skipped.removeprefix("skipped ").split(": ", 1)
    assert why == reason
    back(store)
    again = _run(store, REPORTS_AT + timedelta(minutes=10), recorder)
    assert _reports(recorder).count("U-MARG") == 1
    assert _planned_again(again) == [
        f"planned again {key}: it was skipped because {reason}, which no longer holds"
    ]


# -- meetings and summaries -----------------------------------------------------------------


def test_a_meeting_moved_away_and_back_brings_back_the_nudges_of_its_actions_arising(
    store: Store,
) -> None:
    """The actions arising from October are due "Before CPAC 2016-01-05" (4 Jan): the move
    re-dates them to 11 Jan, the move back to 4 Jan again, and their nudges then go."""
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    _run(store, NUDGE_AT)
    planned = [key for key, state, _ in _posts(store, "due_soon:")]
    assert planned and all(":2016-01-04:" in key for key in planned)
    chat = make_chat(store, at("2015-12-29 09:10"))
    chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12")
    recorder = RecordingNotifier()
    _run(store, at("2015-12-29 09:20"), recorder)
    assert _nudges(recorder, "U-DOM") == [] and _nudges(recorder, "U-JON") == []
    assert {state for _, state, _ in _posts(store, "due_soon:")} == {"skipped"}
    chat.say("/meeting move CPAC 2016-01-12 to 2016-01-05")
    back = _run(store, at("2015-12-29 09:30"), recorder)
    assert [
        v.meeting.label for v in recorder.to(channel_id=CHANNEL) if isinstance(v, MeetingSummary)
    ] == ["CPAC 2016-01-05"]
    assert _nudges(recorder, "U-DOM") == [
        "2 of your actions are due in 3 working days (4 Jan 2016)"
    ]
    assert _nudges(recorder, "U-JON") == ["CPAC347/1 is due in 3 working days (4 Jan 2016)"]
    assert back.revived == len(planned)
    assert {state for _, state, _ in _posts(store, "due_soon:")} == {"sent"}


def test_summaries_turned_off_and_on_again_send_the_summary_still_due(store: Store) -> None:
    build_world(store)
    _run(store, NUDGE_AT)
    _say(store, NUDGE_AT, "/meeting summaries CPAC off")
    recorder = RecordingNotifier()
    off = _run(store, NUDGE_AT + timedelta(minutes=5), recorder)
    assert f"skipped {SEVEN_DAY}: the committee turned scheduled summaries off" in off.lines
    _say(store, NUDGE_AT + timedelta(minutes=10), "/meeting summaries CPAC days 7 1")
    on = _run(store, NUDGE_AT + timedelta(minutes=15), recorder)
    [summary] = recorder.to(channel_id=CHANNEL)
    assert summary.heading == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"  # type: ignore[attr-defined]
    assert f"planned again {SEVEN_DAY}: it was skipped because the committee turned " in (
        " ".join(on.lines)
    )
    assert _posts(store, SEVEN_DAY) == [(SEVEN_DAY, "sent", 1)]
