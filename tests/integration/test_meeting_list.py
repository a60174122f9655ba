"""``/meeting list [<committee>]``: upcoming meetings and the last one held."""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world


def test_list_shows_upcoming_and_the_last_held(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-02 10:00"))
    chat.say("/meeting add Scrutiny Panel 2016-02-01 10:00 #scrutiny")
    reply = chat.say("/meeting list CPAC")
    assert reply.splitlines() == [
        "Meetings of Corporate Parenting Advisory Committee (CPAC)",
        "Upcoming:",
        "  CPAC 2016-01-05 — Tue 5 Jan 2016, 18:30 · #C-CPAC · 3 agenda items",
        "  CPAC 2016-04-04 — Mon 4 Apr 2016, 18:30 · #C-CPAC",
        "Last held: CPAC 2015-10-05 — Mon 5 Oct 2015, 18:30 · #C-CPAC",
        "See one with /meeting agenda <meeting>, e.g. /meeting agenda CPAC 2016-01-05.",
    ]
    everyone = chat.say("/meeting list")
    assert everyone.startswith("Meetings of every committee")
    assert "  SP 2016-02-01 — Mon 1 Feb 2016, 10:00 · #scrutiny" in everyone
    assert "Last held: CPAC 2015-10-05" in everyone
    assert "list [<committee...>]" in chat.say("/meeting help")


def test_list_with_no_meetings_says_how_to_add_one(store: Store) -> None:
    reply = make_chat(store, at("2015-12-02 10:00")).say("/meeting list")
    assert reply.startswith("There are no meetings yet.")
    assert "/meeting add" in reply


def test_with_no_meeting_ahead_the_example_is_the_last_held(store: Store) -> None:
    """It was the committee's first meeting on record (CPAC 2015-10-05 of three held)."""
    build_world(store)
    reply = make_chat(store, at("2016-06-01 10:00")).say("/meeting list CPAC")
    assert reply.splitlines()[-2:] == [
        "Last held: CPAC 2016-04-04 — Mon 4 Apr 2016, 18:30 · #C-CPAC",
        "See one with /meeting agenda <meeting>, e.g. /meeting agenda CPAC 2016-04-04.",
    ]
