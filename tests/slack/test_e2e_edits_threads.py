"""Edited messages and thread replies in a plan's channel, end to end: errors go only to the
author, replies stay in the message's thread, and a message delivered again is answered once."""

from __future__ import annotations

import json
from typing import Any

from tests.slack import signing
from tests.slack.conftest import CHANNEL, FIONA, JACKIE, Harness, history

TS = "1449050400.000100"
PARENT = "1449050300.000050"


def _edit(
    text: str, old: str, *, ts: str = TS, user: str = JACKIE, thread: str | None = None
) -> dict[str, Any]:
    extra = {"thread_ts": thread} if thread else {}
    return signing.edited_event(text, old, user=user, channel=CHANNEL, ts=ts, **extra)


def _in_thread(text: str, *, user: str = JACKIE) -> dict[str, Any]:
    return signing.message_event(text, user=user, channel=CHANNEL, ts=TS, thread_ts=PARENT)


def _posted(harness: Harness) -> str:
    return json.dumps([c.args for c in harness.fake.of("chat.postMessage")], ensure_ascii=False)


# -- 2. errors caused by an edit go only to the editor -------------------------------------------


def test_an_edit_naming_an_unknown_ref_is_explained_only_to_the_editor(slack: Harness) -> None:
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    slack.fake.clear()
    slack.event(_edit("9.9: recruited 3 social workers", "2.3: recruited 3 social workers"))
    slack.drain()
    assert slack.fake.of("chat.postMessage") == []
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == JACKIE and notice.args["thread_ts"] == TS
    assert "There is no action 9.9" in notice.args["text"]
    _, updates = history(slack.store, "2.3")
    assert [(u.text, u.state) for u in updates] == [("recruited 3 social workers", "live")]


def test_an_edit_by_someone_who_may_not_change_the_action_is_private(slack: Harness) -> None:
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    slack.fake.clear()
    # 1.1 belongs to the CX: Jackie may not change it.
    slack.event(_edit("1.1: interviews booked", "2.3: recruited 3 social workers"))
    slack.drain()
    assert slack.fake.of("chat.postMessage") == []
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == JACKIE
    assert "Only the owners of 1.1" in notice.args["text"]


def test_an_edit_into_an_update_of_someone_elses_action_is_private(slack: Harness) -> None:
    ts = "1449050400.000500"
    slack.message("see you all at the panel", ts=ts, user=FIONA)
    slack.event(_edit("2.3: panel agreed #done", "see you all at the panel", ts=ts, user=FIONA))
    slack.drain()
    assert slack.fake.of("chat.postMessage") == []
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == FIONA and "Only the owners of 2.3" in notice.args["text"]
    assert history(slack.store, "2.3") == ("on_track", [])


def test_a_successful_edit_and_a_retraction_are_still_shown_in_the_thread(
    slack: Harness,
) -> None:
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.event(_edit("2.3: recruited 4 social workers", "2.3: recruited 3 social workers"))
    slack.drain()
    assert "Updated from your edited message" in _posted(slack)
    slack.event(_edit("never mind", "2.3: recruited 4 social workers"))
    slack.drain()
    assert "Retracted the update on 2.3" in _posted(slack)
    assert slack.fake.of("chat.postEphemeral") == []


# -- 3. a reply inside a thread is answered in that thread ---------------------------------------


def test_an_update_posted_in_a_thread_is_answered_in_that_thread(slack: Harness) -> None:
    slack.event(_in_thread("2.3: recruited 3 social workers"))
    slack.drain()
    (reaction,) = slack.fake.of("reactions.add")
    assert reaction.args["timestamp"] == TS  # the ✅ goes on the reply itself
    (reply,) = slack.fake.of("chat.postMessage")
    assert reply.args["thread_ts"] == PARENT


def test_an_error_for_an_update_in_a_thread_stays_in_that_thread(slack: Harness) -> None:
    slack.event(_in_thread("9.9: recruited 3 social workers"))
    slack.drain()
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["thread_ts"] == PARENT and notice.args["user"] == JACKIE


def test_an_edit_of_a_reply_in_a_thread_is_answered_in_that_thread(slack: Harness) -> None:
    slack.event(_in_thread("2.3: recruited 3 social workers"))
    slack.event(
        _edit("2.3: recruited 4 social workers", "2.3: recruited 3 social workers", thread=PARENT)
    )
    slack.event(_edit("9.9: oops", "2.3: recruited 4 social workers", thread=PARENT))
    slack.drain()
    replies = slack.fake.of("chat.postMessage")
    assert [r.args["thread_ts"] for r in replies] == [PARENT, PARENT]
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["thread_ts"] == PARENT


# -- 6. the same message under a new event id is answered once -----------------------------------


def test_a_message_delivered_again_under_a_new_event_id_is_answered_once(
    slack: Harness,
) -> None:
    text = "2.3: recruited 3 social workers #at-risk"
    assert slack.message(text, ts=TS, event_id="EvFIRST").status_code == 200
    slack.drain()
    assert slack.message(text, ts=TS, event_id="EvSECOND").status_code == 200
    assert slack.message(text, ts=TS, event_id="EvTHIRD", retry=1).status_code == 200
    slack.drain()
    assert len(history(slack.store, "2.3")[1]) == 1
    assert len(slack.fake.of("reactions.add")) == 1
    assert len(slack.fake.of("chat.postMessage")) == 1
    # Another message is still answered.
    slack.message("2.4: roles agreed", ts="1449050401.000100", event_id="EvOTHER")
    slack.drain()
    assert len(slack.fake.of("chat.postMessage")) == 2
