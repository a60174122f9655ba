"""`/actions remind snooze` after `/actions remind stop`: the snooze replaces the stop, the
reply says so, `/actions remind` agrees, and reminders come back on the day it names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from commands.core import Core
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import Reminder
from storage.models import ChatUser
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes, slack_msg


def _say(store: Store, now: datetime, text: str) -> str:
    outcome = Core(store, clock=lambda: now).handle(slack_msg("U-FIONA", now), text)
    assert outcome is not None
    return outcome.reply.text  # type: ignore[union-attr]


def _fiona_digests(recorder: RecordingNotifier) -> list[Reminder]:
    return [
        s.view
        for s in recorder.sent
        if s.target.user_id == "U-FIONA"
        and isinstance(s.view, Reminder)
        and s.view.reason == "digest"
    ]


def test_a_snooze_after_a_stop_resumes_reminders_on_its_date(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    now = at("2015-12-24 10:00")  # a Thursday
    assert _say(store, now, "/actions remind stop").startswith("I won't send you reminders")
    assert _say(store, now, "/actions remind snooze until 4 Jan") == (
        "Reminders were stopped; they will now resume on Mon 4 Jan 2016. "
        "`/actions remind on` resumes them sooner, `/actions remind stop` stops them again."
    )
    assert _say(store, now, "/actions remind") == "Reminders are snoozed until Mon 4 Jan 2016."
    with store.session_factory() as s:
        user = s.scalars(select(ChatUser).where(ChatUser.external_id == "U-FIONA")).one()
        assert user.reminders_stopped is False
        assert user.reminders_paused_until is not None

    recorder = RecordingNotifier()
    registry = NotifierRegistry({"slack": recorder})
    run_due(store, registry, now=at("2015-12-28 09:30"))  # still snoozed: no digest
    assert _fiona_digests(recorder) == []
    run_due(store, registry, now=at("2016-01-04 09:30"))  # the snooze is over
    assert len(_fiona_digests(recorder)) == 1
    assert _say(store, at("2016-01-04 10:00"), "/actions remind").startswith("Reminders are on")


def test_a_snooze_of_running_reminders_says_only_snoozed(store: Store) -> None:
    build_world(store)
    now = at("2015-12-24 10:00")
    assert _say(store, now, "/actions remind snooze 2 weeks") == (
        "Reminders snoozed until Thu 7 Jan 2016. `/actions remind on` resumes them."
    )
    # A stop after a snooze still stops them, whatever the snooze said.
    assert _say(store, now, "/actions remind stop").startswith("I won't send you reminders")
    assert _say(store, at("2016-01-08 10:00"), "/actions remind").startswith(
        "Reminders are stopped"
    )


def test_remind_off_stops_them_as_remind_on_restarts_them(store: Store) -> None:
    # "/actions remind off" (the pair of "on") was "I didn't understand".
    build_world(store)
    now = at("2015-12-24 10:00")
    assert _say(store, now, "/actions Remind OFF").startswith("I won't send you reminders")
    assert _say(store, now, "/actions remind").startswith("Reminders are stopped")
    assert _say(store, now, "/actions remind on").startswith("Reminders")
    assert _say(store, now, "/actions remind").startswith("Reminders are on")
