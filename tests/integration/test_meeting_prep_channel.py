"""`/meeting prep` with no meeting named, in a committee's summary channel, is the summary of
that committee's next meeting, not of whichever committee meets first."""

from __future__ import annotations

from bot.console.render import render
from commands.context import Caller, MessageContext
from storage.unit_of_work import Store
from tests.helpers import Chat, make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world

NOW = at("2015-12-02 10:00")


def _two_committees(store: Store) -> Chat:
    """CPAC (channel C-CPAC, next meeting 5 Jan 2016) and the Adoption Board, which meets
    first (8 Dec 2015) and again in June."""
    build_world(store)
    chat = make_chat(store, NOW)
    for when in ("2015-12-08 14:00", "2016-06-01 14:00"):
        reply = chat.say(f"/meeting add Adoption Board {when}")
        assert "Adoption Board" in reply, reply
    return chat


def _heading(reply: str) -> str:
    return reply.split("\n")[0]


def test_prep_in_a_committees_channel_is_that_committees_next_meeting(store: Store) -> None:
    chat = _two_committees(store)
    assert _heading(chat.say("/meeting prep", channel=CHANNEL)) == (
        "Pre-meeting summary: CPAC 2016-01-05 (in 34 days)"
    )
    # Elsewhere, the next meeting of any committee; a meeting named is that meeting.
    assert _heading(chat.say("/meeting prep")).startswith("Pre-meeting summary: AB 2015-12-08")
    assert _heading(chat.say("/meeting prep", channel="random")).startswith(
        "Pre-meeting summary: AB 2015-12-08"
    )
    assert _heading(chat.say("/meeting prep AB", channel=CHANNEL)).startswith(
        "Pre-meeting summary: AB 2015-12-08"
    )


def test_a_channel_named_with_meeting_channel_is_followed(store: Store) -> None:
    chat = _two_committees(store)
    assert "#cpac" in chat.say("/meeting channel CPAC #cpac")
    assert _heading(chat.say("/meeting prep", channel="cpac")).startswith(
        "Pre-meeting summary: CPAC 2016-01-05"
    )
    # A meeting with a channel of its own: there too.
    chat.say("/meeting add CPAC 2016-01-05 #cpac-jan")
    assert _heading(chat.say("/meeting prep", channel="cpac-jan")).startswith(
        "Pre-meeting summary: CPAC 2016-01-05"
    )
    assert _heading(chat.say("/meeting prep", channel="cpac")).startswith(
        "Pre-meeting summary: CPAC 2016-01-05"
    )


def test_a_committee_with_no_meeting_ahead_is_not_swapped_for_another(store: Store) -> None:
    _two_committees(store)
    later = make_chat(store, at("2016-05-01 10:00"))  # after CPAC's last meeting (4 Apr 2016)
    reply = later.say("/meeting prep", channel=CHANNEL)
    assert "Corporate Parenting Advisory Committee has no upcoming meetings" in reply, reply
    assert "AB 2016-06-01" not in reply


def test_a_channel_stored_by_name_is_found_from_its_id_and_name(store: Store) -> None:
    # In Slack, `/meeting channel CPAC #cpac` arrives as `<#C0CPAC001|cpac>` and is stored as
    # "cpac"; a later /meeting prep typed there carries the id and the name.
    chat = _two_committees(store)
    assert "#cpac" in chat.say("/meeting channel CPAC #cpac")
    msg = MessageContext(
        workspace="local",
        caller=Caller(platform="console", user_id="operator"),
        channel_id="C0CPAC001",
        channel_name="cpac",
    )
    outcome = chat.core.handle(msg, "/meeting prep")
    assert outcome is not None
    assert _heading(render(outcome.reply)).startswith("Pre-meeting summary: CPAC 2016-01-05")
