"""Report reminders: only the nearest reminder for a report goes out in one run, and an
earlier reminder that never went expires once a later one is due."""

from __future__ import annotations

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import Reminder
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import at, build_world


def _report_titles(recorder: RecordingNotifier) -> list[tuple[str, str]]:
    return sorted(
        (s.target.user_id or "", s.view.title)
        for s in recorder.sent
        if isinstance(s.view, Reminder) and s.view.reason == "report_due"
    )


def test_missed_runs_send_only_the_nearest_report_reminder(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    # No run between the 5-working-day reminder (10 Dec) and Wed 16 Dec, 1 working day before
    # the 17 Dec deadline: each lead hears once, about the deadline being 1 working day away.
    report = run_due(store, NotifierRegistry({"slack": recorder}), now=at("2015-12-16 09:05"))
    assert _report_titles(recorder) == [
        ("U-DOM", "Your report for CPAC 2016-01-05 is due in 1 working day (17 Dec 2015)"),
        ("U-MARG", "Your report for CPAC 2016-01-05 is due in 1 working day (17 Dec 2015)"),
    ]
    assert not any(":5wd:" in line for line in report.lines)


def test_a_reminder_waiting_over_a_weekend_expires_when_the_next_is_due(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    # Planned on Saturday 12 Dec (nothing is sent at weekends) ...
    run_due(store, notifiers, now=at("2015-12-12 10:00"))
    assert _report_titles(recorder) == []
    # ... and the scheduler is next run when the 1-working-day reminder is due.
    run_due(store, notifiers, now=at("2015-12-16 09:05"))
    assert [title for _, title in _report_titles(recorder)] == [
        "Your report for CPAC 2016-01-05 is due in 1 working day (17 Dec 2015)"
    ] * 2
    with store.session_factory() as session:
        five = session.query(ScheduledPost).filter(ScheduledPost.key.like("report:%:5wd:%")).all()
    assert five and {p.state for p in five} == {"skipped"}


def test_each_post_that_expired_is_named_in_the_run_report(store: Store) -> None:
    build_world(store)
    notifiers = NotifierRegistry({"slack": RecordingNotifier()})
    run_due(store, notifiers, now=at("2015-12-12 10:00"))  # Saturday: planned, not sent
    report = run_due(store, notifiers, now=at("2015-12-16 09:05"))
    with store.session_factory() as session:
        five = session.query(ScheduledPost).filter(ScheduledPost.key.like("report:%:5wd:%")).all()
    expired = sorted(f"skipped {p.key}: expired before it could be sent" for p in five)
    assert len(expired) == 2
    assert [line for line in report.lines if "expired" in line] == expired
    # Counted in "skipped N", as each skip is, and named like the others.
    assert report.skipped == 2 and "skipped 2," in report.summary()
