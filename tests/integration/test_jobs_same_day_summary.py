"""A same-day summary (``/meeting summaries CPAC days 0``) goes out at the start of the
working day when the meeting is later that day."""

from __future__ import annotations

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import MeetingSummary
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world


def test_same_day_summary_of_a_morning_meeting_goes_out_at_eight(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-01 10:00"))
    chat.say("/meeting summaries CPAC days 0")
    chat.say("/meeting add CPAC 2016-01-05 09:00")
    recorder = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": recorder})
    assert run_due(store, notifiers, now=at("2016-01-05 07:59")).sent == 0
    run_due(store, notifiers, now=at("2016-01-05 08:00"))
    [summary] = recorder.to(channel_id=CHANNEL)
    assert isinstance(summary, MeetingSummary)
    assert summary.heading == "Pre-meeting summary: CPAC 2016-01-05 (today)"
    assert run_due(store, notifiers, now=at("2016-01-05 08:30")).sent == 0
