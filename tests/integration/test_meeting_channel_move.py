"""``/meeting channel`` moves the committee's upcoming meetings that were on the old channel,
so summaries really go where the answer says."""

from __future__ import annotations

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.views import MeetingSummary
from storage.models import Meeting
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world


def _set_meeting_channels(store: Store, channels: dict[int, str]) -> None:
    """Give meetings their own channel, as an imported agenda plan does."""
    with store.unit_of_work("local", actor="test") as uow:
        for meeting_id, channel in channels.items():
            meeting = uow.session.get(Meeting, meeting_id)
            assert meeting is not None
            meeting.channel_id = channel
        uow.commit()


def _channels(store: Store) -> dict[int, str | None]:
    with store.session_factory() as session:
        return {m.id: m.channel_id for m in session.query(Meeting).all()}


def test_changing_the_channel_moves_upcoming_meetings_on_the_old_one(store: Store) -> None:
    world = build_world(store)
    _set_meeting_channels(
        store, {world.october_id: CHANNEL, world.january_id: CHANNEL, world.april_id: "C-APRIL"}
    )
    chat = make_chat(store, at("2015-12-01 10:00"))
    reply = chat.say("/meeting channel CPAC #newcpac")
    assert reply == (
        "✔ Corporate Parenting Advisory Committee's summaries now go to #newcpac. "
        "Moved its upcoming meeting CPAC 2016-01-05 from #C-CPAC to #newcpac. "
        "CPAC 2016-04-04 keeps its own channel #C-APRIL; move it with "
        "/meeting add CPAC 2016-04-04 #newcpac."
    )
    channels = _channels(store)
    assert channels[world.january_id] is None  # follows the committee's channel now
    assert channels[world.october_id] == CHANNEL  # a past meeting keeps its record
    assert channels[world.april_id] == "C-APRIL"
    assert "#newcpac" in chat.say("/meeting next CPAC")

    # The 7-day summary of the January meeting goes to the new channel.
    recorder = RecordingNotifier()
    run_due(store, NotifierRegistry({"console": recorder}), now=at("2015-12-29 09:00"))
    summaries = [s for s in recorder.sent if isinstance(s.view, MeetingSummary)]
    assert [s.target.channel_id for s in summaries] == ["newcpac"]

    # Naming the committee's channel for a meeting makes it follow the committee again.
    chat.say("/meeting add CPAC 2016-04-04 #newcpac")
    assert _channels(store)[world.april_id] is None


def test_the_same_channel_again_changes_nothing(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-01 10:00"))
    reply = chat.say(f"/meeting channel CPAC #{CHANNEL}")
    assert reply == (
        f"Corporate Parenting Advisory Committee's summaries already go to #{CHANNEL}. "
        "Nothing was changed."
    )


def test_meeting_add_without_a_time_keeps_the_meeting_start(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, at("2015-12-01 10:00"))
    chat.say("/meeting add CPAC 2016-04-04 10:00")
    chat.say("/meeting add CPAC 2016-04-04 #C-APRIL")
    with store.session_factory() as session:
        april = session.get(Meeting, world.april_id)
        assert april is not None
        assert april.channel_id == "C-APRIL"
        assert april.starts_at == at("2016-04-04 09:00")  # 10:00 in London (BST)
