"""A post that could only expire unsent is not planned: when no sending window opens between
the run and the post's expiry (nights, weekends, bank holidays), the post is left out instead of
being stored and then skipped as expired.

A week's digest is due on its first working day and expires at the end of its Friday. Fri 25
Dec 2015 is Christmas Day and Mon 28 Dec the Boxing Day bank holiday, so on the evening of
Thu 24 Dec no sending window is left for that week's digest; on the evening of Thu 17 Dec
there is Friday morning."""

from __future__ import annotations

from sqlalchemy import select

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import Reminder
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import at, build_world


def _digest_keys(store: Store) -> list[str]:
    with store.session_factory() as session:
        return sorted(
            session.scalars(select(ScheduledPost.key).where(ScheduledPost.kind == "digest"))
        )


def test_a_digest_with_no_sending_time_left_in_its_week_is_not_planned(store: Store) -> None:
    build_world(store)  # Margaret and Dominic each lead an item whose report is late
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    evening = run_due(store, notifiers, now=at("2015-12-24 19:00"))
    assert evening.planned == 0 and _digest_keys(store) == [], evening.summary()
    # The next sending window (Tue 29 Dec) sends the new week's digests, and nothing expires.
    report = run_due(store, notifiers, now=at("2015-12-29 09:00"))
    assert _digest_keys(store) == ["digest:2:2015-W53", "digest:3:2015-W53"]
    assert not any("expired" in line for line in report.lines), report.summary()
    digests = [s.view for s in recorder.sent if getattr(s.view, "reason", "") == "digest"]
    assert len(digests) == 2 and all(isinstance(v, Reminder) for v in digests)


def test_a_digest_with_a_sending_window_left_is_planned_in_the_evening(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    evening = run_due(store, notifiers, now=at("2015-12-17 19:00"))
    assert _digest_keys(store) == ["digest:2:2015-W51", "digest:3:2015-W51"]
    assert recorder.sent == [] and evening.waiting  # outside sending hours: they wait
    friday = run_due(store, notifiers, now=at("2015-12-18 08:00"))
    assert friday.sent == 2, friday.summary()
