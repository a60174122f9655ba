"""Slack may deliver a message's edits out of order (a retry of an earlier edit after a later
one). An edit older than the one that made (or retracted) the message's update changes
nothing: before, the older edit's text became the live update and set the status back."""

from __future__ import annotations

from typing import Any

from tests.slack import signing
from tests.slack.conftest import CHANNEL, JACKIE, Harness, history

TS = "1449050400.000100"
POSTED = "2.3: first read #at-risk"


def _edit(text: str, old: str, edited: str) -> dict[str, Any]:
    return signing.edited_event(text, old, user=JACKIE, channel=CHANNEL, ts=TS, edited=edited)


def _live(slack: Harness) -> list[tuple[str, str | None]]:
    _, updates = history(slack.store, "2.3")
    return [(u.text, u.status_after) for u in updates if u.state == "live"]


def test_an_older_edit_delivered_after_a_newer_one_changes_nothing(slack: Harness) -> None:
    assert slack.message(POSTED, ts=TS).status_code == 200
    newer = "2.3: SECOND (latest) #off-track"
    older = "2.3: FIRST #on-track"
    assert slack.event(_edit(newer, POSTED, "1449050460.000300")).status_code == 200
    assert slack.event(_edit(older, POSTED, "1449050460.000200")).status_code == 200
    slack.drain()
    assert _live(slack) == [("SECOND (latest)", "off_track")]
    assert history(slack.store, "2.3")[0] == "off_track"


def test_an_older_edit_does_not_bring_back_an_update_a_newer_edit_retracted(
    slack: Harness,
) -> None:
    assert slack.message(POSTED, ts=TS).status_code == 200
    chat = "sorry, wrong channel"
    assert slack.event(_edit(chat, POSTED, "1449050460.000300")).status_code == 200
    assert _live(slack) == []
    assert slack.event(_edit("2.3: FIRST #on-track", POSTED, "1449050460.000200"))
    slack.drain()
    assert _live(slack) == []


def test_edits_in_order_are_each_taken(slack: Harness) -> None:
    assert slack.message(POSTED, ts=TS).status_code == 200
    slack.event(_edit("2.3: FIRST #on-track", POSTED, "1449050460.000200"))
    slack.event(_edit("2.3: SECOND #off-track", "2.3: FIRST #on-track", "1449050460.000300"))
    slack.drain()
    assert _live(slack) == [("SECOND", "off_track")]


def test_a_chat_message_edited_into_an_update_keeps_it_against_an_older_edit(
    slack: Harness,
) -> None:
    """The update an edit made of a message that was chat before keeps that edit's time too."""
    chat = "hello all"
    assert slack.message(chat, ts=TS).status_code == 200
    newest = "2.3: newest #off-track"
    slack.event(_edit(newest, chat, "1449050460.000300"))
    slack.event(_edit("2.3: older #at-risk", chat, "1449050460.000200"))
    slack.event(_edit("hello all again", chat, "1449050460.000100"))
    slack.drain()
    assert _live(slack) == [("newest", "off_track")]
