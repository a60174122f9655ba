"""``/meeting channel`` moves the committee's upcoming meetings that were on the old channel,
so summaries really go where the answer says."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier, Target
from commands.jobs.runner import run_due
from commands.views import MeetingSummary, View
from storage.models import Meeting, ScheduledPost
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


class _Refused(Exception):
    """What slack_sdk raises when the bot is not in the channel (its response's data)."""

    def __init__(self) -> None:
        super().__init__("not_in_channel")
        self.response = type("Response", (), {"data": {"error": "not_in_channel"}})()


@dataclass
class _ChannelRefuses(RecordingNotifier):
    """Refuses every channel post, as Slack does for a channel the bot is not in."""

    refusing: bool = True

    def send(self, target: Target, view: View) -> None:
        if self.refusing and target.channel_id:
            raise _Refused()
        super().send(target, view)


def _summary_states(store: Store) -> dict[str, str]:
    with store.session_factory() as session:
        posts = session.scalars(select(ScheduledPost).where(ScheduledPost.kind == "summary"))
        return {p.key: p.state for p in posts}


@pytest.mark.parametrize("fix", ["same channel", "new channel"])
def test_a_summary_a_channel_refused_is_sent_once_the_channel_is_set(
    store: Store, fix: str
) -> None:
    build_world(store)
    notifier = _ChannelRefuses()
    registry = NotifierRegistry({"slack": notifier, "console": notifier})
    report = run_due(store, registry, now=at("2015-12-29 09:00"))
    assert report.failed == 1 and "not retried: Slack said not_in_channel" in report.summary()
    assert list(_summary_states(store).values()) == ["failed"]
    # Later that day the clerk adds the bot to the channel, or names another one.
    notifier.refusing = False
    chat = make_chat(store, at("2015-12-29 11:00"))
    channel = CHANNEL if fix == "same channel" else "newcpac"
    reply = chat.say(f"/meeting channel CPAC #{channel}")
    assert reply.endswith(
        "1 summary that could not be posted will be tried again at the next scheduled run."
    )
    assert reply.startswith("✔ ")
    run_due(store, registry, now=at("2015-12-29 11:05"))
    summaries = [s for s in notifier.sent if isinstance(s.view, MeetingSummary)]
    assert [s.target.channel_id for s in summaries] == [channel]
    assert summaries[0].view.heading == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    assert list(_summary_states(store).values()) == ["sent"]
    # Sent summaries stay sent: setting the channel again plans nothing more.
    assert chat.say(f"/meeting channel CPAC #{channel}").endswith("Nothing was changed.")


def test_a_refused_summary_past_its_moment_is_not_sent_late(store: Store) -> None:
    build_world(store)
    notifier = _ChannelRefuses()
    registry = NotifierRegistry({"slack": notifier, "console": notifier})
    run_due(store, registry, now=at("2015-12-29 09:00"))
    notifier.refusing = False
    # Fixed only once the 1-day summary is due: the 7-day one is not sent after it, and the
    # answer promises nothing.
    chat = make_chat(store, at("2016-01-04 09:00"))
    assert chat.say(f"/meeting channel CPAC #{CHANNEL}").endswith("Nothing was changed.")
    run_due(store, registry, now=at("2016-01-04 09:05"))
    headings = [s.view.heading for s in notifier.sent if isinstance(s.view, MeetingSummary)]
    assert headings == ["Pre-meeting summary: CPAC 2016-01-05 (tomorrow)"]


def _refused_then_fixed(store: Store) -> tuple[_ChannelRefuses, NotifierRegistry]:
    notifier = _ChannelRefuses()
    registry = NotifierRegistry({"slack": notifier, "console": notifier})
    assert run_due(store, registry, now=at("2015-12-29 09:00")).failed == 1
    notifier.refusing = False
    return notifier, registry


def _summaries_sent(notifier: RecordingNotifier) -> list[str | None]:
    return [s.target.channel_id for s in notifier.sent if isinstance(s.view, MeetingSummary)]


@pytest.mark.parametrize("change", ["summaries off", "summaries days 3"])
def test_no_retry_is_promised_for_a_summary_the_committee_no_longer_posts(
    store: Store, change: str
) -> None:
    build_world(store)
    notifier, registry = _refused_then_fixed(store)
    chat = make_chat(store, at("2015-12-29 11:00"))
    assert chat.say(f"/meeting {change.replace('summaries', 'summaries CPAC')}").startswith("✔")
    assert chat.say(f"/meeting channel CPAC #{CHANNEL}").endswith("Nothing was changed.")
    run_due(store, registry, now=at("2015-12-29 11:05"))
    assert _summaries_sent(notifier) == []


def test_a_meeting_with_its_own_channel_is_retried_when_that_channel_is_named(
    store: Store,
) -> None:
    world = build_world(store)
    _set_meeting_channels(store, {world.january_id: "C-JAN"})
    notifier, registry = _refused_then_fixed(store)
    chat = make_chat(store, at("2015-12-29 11:00"))
    # The committee's channel does not touch a meeting with its own...
    assert chat.say("/meeting channel CPAC #newcpac").find("tried again") == -1
    # ...naming the meeting's channel (the bot now in it) does.
    reply = chat.say("/meeting add CPAC 2016-01-05 #C-JAN")
    assert "1 summary that could not be posted will be tried again at the next scheduled run." in (
        reply
    )
    run_due(store, registry, now=at("2015-12-29 11:05"))
    assert _summaries_sent(notifier) == ["C-JAN"]
