"""The outbox: each post once, retries after failures, stale claims taken over, quiet hours,
weekends and bank holidays, snoozed and stopped reminders, and posts no longer needed."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, select, update

from commands.core import Core
from commands.jobs.config import JobConfig
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.outbox import claim
from commands.jobs.runner import run_due
from commands.views import MeetingSummary, Reminder
from storage.database import make_engine
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    CHANNEL,
    at,
    build_world,
    import_fixture_minutes,
    slack_msg,
)

CONFIG = JobConfig()
SEVEN_DAY = "summary:2:2016-01-05:7d"


def _posts(store: Store) -> dict[str, ScheduledPost]:
    with store.session_factory() as session:
        return {p.key: p for p in session.scalars(select(ScheduledPost))}


def _registry(recorder: RecordingNotifier) -> NotifierRegistry:
    return NotifierRegistry({"slack": recorder})


def test_a_failed_send_is_retried_later_and_sent_once(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier(fail_times=1)
    now = at("2015-12-29 09:00")
    first = run_due(store, _registry(recorder), now=now)
    assert first.retry == 1  # the first post (the summary) failed; the digests went out
    post = _posts(store)[SEVEN_DAY]
    assert post.state == "pending" and post.attempts == 1
    assert "told to fail" in post.last_error
    # Not retried before the retry delay has passed...
    assert run_due(store, _registry(recorder), now=now + timedelta(minutes=1)).sent == 0
    # ...then sent once.
    later = run_due(store, _registry(recorder), now=now + timedelta(minutes=6))
    assert later.sent == 1
    assert [v.heading for v in recorder.to(channel_id=CHANNEL)] == [  # type: ignore[attr-defined]
        "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    ]
    post = _posts(store)[SEVEN_DAY]
    assert (post.state, post.attempts, post.last_error) == ("sent", 2, "")
    assert all(p.state == "sent" for p in _posts(store).values())


def test_a_post_that_keeps_failing_is_marked_failed(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier(fail_times=99)
    config = JobConfig(max_attempts=2, retry_delay_seconds=60)
    now = at("2015-12-29 09:00")
    for minute in (0, 2, 4):
        run_due(store, _registry(recorder), now=now + timedelta(minutes=minute), config=config)
    assert {(p.state, p.attempts) for p in _posts(store).values()} == {("failed", 2)}
    assert recorder.sent == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(store: Store) -> None:
    build_world(store)
    now = at("2015-12-29 09:00")
    recorder = RecordingNotifier()
    # Plan (with no Slack notifier nothing is claimed), then a worker claims and dies.
    assert run_due(store, NotifierRegistry(), now=now).planned == 3  # summary, 2 digests
    with store.session_factory() as session:
        [workspace_id] = {p.workspace_id for p in _posts(store).values()}
        won = claim(
            store.engine,
            session,
            worker="dead",
            now=now,
            workspace_ids=[workspace_id],
            platforms=["slack"],
            config=CONFIG,
        )
    assert len(won) == 3
    # While the lease holds, other workers leave it alone.
    assert run_due(store, _registry(recorder), now=now + timedelta(minutes=5)).sent == 0
    after = run_due(
        store, _registry(recorder), now=now + timedelta(seconds=CONFIG.lease_seconds + 1)
    )
    assert after.sent == 3
    assert len(recorder.to(channel_id=CHANNEL)) == 1
    assert sorted(s.target.user_id or "" for s in recorder.sent) == ["", "U-DOM", "U-MARG"]
    assert {(p.state, p.attempts) for p in _posts(store).values()} == {("sent", 2)}


def test_posts_wait_for_sending_hours(store: Store) -> None:
    build_world(store)
    make_chat(store, at("2016-03-01 10:00")).say("/meeting summaries CPAC days 1")
    recorder = RecordingNotifier()
    # The 1-day summary of Monday 4 April's meeting is due on Friday 1 April (not Sunday),
    # at 09:00 British Summer Time (08:00 UTC).
    assert run_due(store, _registry(recorder), now=at("2016-04-01 06:59")).sent == 0
    assert run_due(store, _registry(recorder), now=at("2016-04-01 07:30")).sent == 0
    friday = run_due(store, _registry(recorder), now=at("2016-04-01 08:00"))
    assert friday.sent == 1
    [summary] = recorder.to(channel_id=CHANNEL)
    assert isinstance(summary, MeetingSummary)
    assert summary.heading == "Pre-meeting summary: CPAC 2016-04-04 (in 3 days)"
    assert run_due(store, _registry(recorder), now=at("2016-04-03 10:00")).sent == 0


def test_nothing_is_sent_at_night_or_at_weekends(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    # 7 days before 4 April is Easter Monday: the summary is due Thursday 24 March 09:00.
    night = run_due(store, _registry(recorder), now=at("2016-03-24 19:30"))
    assert (night.planned, night.sent, night.quiet) == (1, 0, ["local"])
    saturday = run_due(store, _registry(recorder), now=at("2016-03-26 11:00"))
    assert saturday.sent == 0
    # Tuesday morning after Easter it goes out, once.
    tuesday = run_due(store, _registry(recorder), now=at("2016-03-29 08:15"))
    assert tuesday.sent == 1
    assert recorder.to(channel_id=CHANNEL)[0].heading.endswith("(in 6 days)")  # type: ignore[attr-defined]


def test_a_post_past_its_moment_is_skipped_not_sent(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    run_due(store, _registry(recorder), now=at("2015-12-29 07:00"))
    run_due(store, NotifierRegistry(), now=at("2015-12-29 09:00"))  # planned, no Slack here
    # The next time Slack is available the 1-day summary is due: the 7-day one expired.
    run_due(store, _registry(recorder), now=at("2016-01-04 09:00"))
    posts = _posts(store)
    assert posts["summary:2:2016-01-05:7d"].state == "skipped"
    assert posts["summary:2:2016-01-05:7d"].last_error == "expired before it could be sent"
    assert [v.heading for v in recorder.to(channel_id=CHANNEL)] == [  # type: ignore[attr-defined]
        "Pre-meeting summary: CPAC 2016-01-05 (tomorrow)"
    ]


def test_a_nudge_for_an_action_done_meanwhile_is_skipped(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    recorder = RecordingNotifier()
    # Planned by a worker with no Slack notifier, so not sent yet.
    run_due(store, NotifierRegistry(), now=at("2015-12-29 09:00"))
    with store.unit_of_work("local") as uow:
        for action in uow.repos.actions.arising_from(1):
            action.status = "achieved"
        uow.commit()
    report = run_due(store, _registry(recorder), now=at("2015-12-29 10:00"))
    reasons = [s.view.reason for s in recorder.sent if isinstance(s.view, Reminder)]
    assert "due_soon" not in reasons
    assert "skipped due_soon:" in report.summary()
    assert "the action is no longer outstanding" in report.summary()


def test_snoozed_and_stopped_reminders_are_not_sent(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    core = Core(store, clock=lambda: at("2015-12-24 10:00"))
    snoozed = core.handle(
        slack_msg("U-DOM", at("2015-12-24 10:00")), "/actions remind snooze 2 weeks"
    )
    assert snoozed is not None and snoozed.reply.text.startswith(  # type: ignore[union-attr]
        "Reminders snoozed until Thu 7 Jan 2016."
    )
    stopped = core.handle(slack_msg("U-JON", at("2015-12-24 10:00")), "/actions remind stop")
    assert stopped is not None and "won't send you reminders" in stopped.reply.text  # type: ignore[union-attr]
    recorder = RecordingNotifier()
    run_due(store, _registry(recorder), now=at("2015-12-29 09:00"))
    users = {s.target.user_id for s in recorder.sent if s.target.user_id}
    assert "U-DOM" not in users and "U-JON" not in users
    assert len(recorder.to(channel_id=CHANNEL)) == 1  # the channel summary still goes out
    # Turning them back on resumes nudges still in their window.
    core.handle(slack_msg("U-DOM", at("2015-12-29 10:00")), "/actions remind on")
    run_due(store, _registry(recorder), now=at("2015-12-30 09:00"))
    dom = [s.view for s in recorder.sent if s.target.user_id == "U-DOM"]
    assert sorted(a.ref for v in dom if v.reason == "due_soon" for a in v.actions) == [  # type: ignore[attr-defined]
        "CPAC343/2",
        "CPAC343/3",
    ]


def test_remind_commands_explain_themselves(store: Store) -> None:
    build_world(store)
    core = Core(store, clock=lambda: at("2015-12-24 10:00"))

    def say(text: str) -> str:
        outcome = core.handle(slack_msg("U-FIONA", at("2015-12-24 10:00")), text)
        assert outcome is not None
        return outcome.reply.text  # type: ignore[union-attr]

    assert say("/actions remind").startswith("Reminders are on")
    assert say("/actions remind snooze until 11 January") == (
        "Reminders snoozed until Mon 11 Jan 2016. `/actions remind on` resumes them."
    )
    assert say("/actions remind") == "Reminders are snoozed until Mon 11 Jan 2016."
    assert "too long a snooze" in say("/actions remind snooze 6 months")
    assert "couldn't read “whenever”" in say("/actions remind snooze whenever")
    assert say("/actions remind stop").startswith("I won't send you reminders")
    assert say("/actions remind").startswith("Reminders are stopped")
    console = make_chat(store, at("2015-12-24 10:00")).say(
        "/actions remind stop", as_="Fiona Smith"
    )
    assert console.startswith("✔ I won't send you reminders")  # her Slack account is found
    assert "none is linked to you" in make_chat(store, at("2015-12-24 10:00")).say(
        "/actions remind stop"
    )


def test_a_moved_meeting_gets_summaries_for_its_new_date(store: Store) -> None:
    world = build_world(store)
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry(), now=at("2015-12-29 09:00"))  # 7-day post planned
    make_chat(store, at("2015-12-29 09:30")).say("/meeting add CPAC 2016-01-12 18:30")
    with store.unit_of_work("local") as uow:
        old = uow.repos.meetings.meeting_by_id(world.january_id)
        assert old is not None
        uow.session.delete(old)
        uow.commit()
    report = run_due(store, _registry(recorder), now=at("2016-01-05 09:00"))
    assert [v.heading for v in recorder.to(channel_id=CHANNEL)] == [  # type: ignore[attr-defined]
        "Pre-meeting summary: CPAC 2016-01-12 (in 7 days)"
    ]
    assert report.sent == 1


def test_a_worker_that_loses_a_whole_batch_claims_the_next(
    tmp_path: Path, sqlite_template: Path
) -> None:
    # SQLite reads the candidates before it takes the write lock, so another worker can claim
    # every one of them in between. The loser must read again, not end its run while posts wait.
    # (PostgreSQL locks what it reads, FOR UPDATE SKIP LOCKED, so it has no such gap.)
    path = tmp_path / "race.db"
    shutil.copy(sqlite_template, path)
    store = Store.from_url(f"sqlite:///{path}", upgrade=False)
    store.ensure_workspace("local", name="Local")
    build_world(store)
    now = at("2015-12-29 09:00")
    assert run_due(store, NotifierRegistry(), now=now).planned == 3  # planned, none claimed
    first_two = sorted(_posts(store).values(), key=lambda p: (p.due_at, p.id))[:2]
    raced: list[str] = []
    rival = make_engine(f"sqlite:///{path}")  # another worker's connection

    @event.listens_for(store.engine, "before_cursor_execute")
    def _rival_claims_first(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if raced or not statement.lstrip().upper().startswith("UPDATE SCHEDULED_POST "):
            return
        raced.append("rival")
        with rival.begin() as other:
            other.execute(
                update(ScheduledPost)
                .where(ScheduledPost.id.in_([p.id for p in first_two]))
                .values(claimed_by="rival", claimed_at=now, attempts=ScheduledPost.attempts + 1)
            )

    with store.session_factory() as session:
        [workspace_id] = {p.workspace_id for p in _posts(store).values()}
        won = claim(
            store.engine,
            session,
            worker="loser",
            now=now,
            workspace_ids=[workspace_id],
            platforms=["slack"],
            config=JobConfig(claim_batch=2),
        )
    event.remove(store.engine, "before_cursor_execute", _rival_claims_first)
    assert raced == ["rival"]
    [third] = [p.id for p in _posts(store).values() if p.id not in {q.id for q in first_two}]
    assert won == [third]
    claimed = {p.id: p.claimed_by for p in _posts(store).values()}
    assert claimed == {first_two[0].id: "rival", first_two[1].id: "rival", third: "loser"}
    rival.dispose()
    store.engine.dispose()
