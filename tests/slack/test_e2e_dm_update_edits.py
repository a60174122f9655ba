"""An update typed as ``3.1: …`` in a direct message to csbot, edited or deleted afterwards, end
to end: the edit supersedes the update and deleting the message retracts it, as for a message
in a plan's channel; the answers are messages of the conversation (no thread, no reaction)."""

from __future__ import annotations

import json
from typing import Any

from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness, history

DM = "D0JACKIE1"
TS = "1449050400.000700"


def _dm(text: str, *, ts: str = TS) -> dict[str, Any]:
    return signing.message_event(text, user=JACKIE, channel=DM, ts=ts, channel_type="im")


def _edit(text: str, old: str, *, ts: str = TS) -> dict[str, Any]:
    return signing.edited_event(text, old, user=JACKIE, channel=DM, ts=ts, channel_type="im")


def _deleted(old: str, *, ts: str = TS) -> dict[str, Any]:
    return signing.deleted_event(old, user=JACKIE, channel=DM, ts=ts, channel_type="im")


def _said_in_dm(slack: Harness) -> list[str]:
    posted = slack.fake.of("chat.postMessage")
    assert all(p.args["channel"] == DM and not p.args.get("thread_ts") for p in posted)
    return [json.dumps(p.args, ensure_ascii=False) for p in posted]


def _logged_by_dm(slack: Harness, text: str) -> None:
    assert slack.event(_dm(text)).status_code == 200
    slack.drain()
    slack.fake.clear()


def test_editing_the_message_supersedes_its_update(slack: Harness) -> None:
    _logged_by_dm(slack, "3.1: recruited 3 social workers")
    edited = _edit(
        "3.1: recruited 4 social workers #on-track",
        "3.1: recruited 3 social workers",
    )
    assert slack.event(edited).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "3.1")
    assert [(u.text, u.state) for u in updates] == [
        ("recruited 3 social workers", "superseded"),
        ("recruited 4 social workers", "live"),
    ]
    assert status == "on_track"
    (said,) = _said_in_dm(slack)
    assert "Updated from your edited message: 3.1." in said
    assert slack.fake.of("chat.postEphemeral") == []
    assert slack.fake.of("reactions.add") == slack.fake.of("reactions.remove") == []


def test_deleting_the_message_retracts_its_update(slack: Harness) -> None:
    _logged_by_dm(slack, "3.1: recruited 3 social workers #off-track")
    assert slack.event(_deleted("3.1: recruited 3 social workers #off-track")).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "3.1")
    assert [(u.text, u.state) for u in updates] == [("recruited 3 social workers", "retracted")]
    assert status == "at_risk"  # as it was before the update
    (said,) = _said_in_dm(slack)
    assert "Retracted the update on 3.1" in said and "its message was deleted" in said


def test_an_edit_that_is_no_longer_an_update_retracts_it(slack: Harness) -> None:
    _logged_by_dm(slack, "3.1: recruited 3 social workers")
    slack.event(_edit("sorry, wrong person", "3.1: recruited 3 social workers"))
    slack.drain()
    _, updates = history(slack.store, "3.1")
    assert [u.state for u in updates] == ["retracted"]
    (said,) = _said_in_dm(slack)
    assert "no longer reads as an update" in said


def test_an_edit_naming_an_unknown_ref_is_explained_and_changes_nothing(slack: Harness) -> None:
    _logged_by_dm(slack, "3.1: recruited 3 social workers")
    slack.event(_edit("9.9: recruited 3 social workers", "3.1: recruited 3 social workers"))
    slack.drain()
    _, updates = history(slack.store, "3.1")
    assert [(u.text, u.state) for u in updates] == [("recruited 3 social workers", "live")]
    (said,) = _said_in_dm(slack)
    assert "There is no action 9.9" in said


def test_editing_or_deleting_a_command_typed_in_a_dm_does_nothing(slack: Harness) -> None:
    _logged_by_dm(slack, "actions mine")
    slack.event(_edit("actions overdue", "actions mine"))
    slack.event(_deleted("actions overdue"))
    slack.drain()
    assert slack.fake.of("chat.postMessage") == slack.fake.of("chat.postEphemeral") == []
    _, updates = history(slack.store, "3.1")
    assert updates == []


def test_a_slash_command_update_keeps_no_message(slack: Harness) -> None:
    # Only a message can be edited: an update by slash command stays as it was logged.
    slack.reply("/actions", "update 3.1 recruited 3 social workers")
    slack.event(_deleted("3.1: something else"))
    slack.drain()
    _, updates = history(slack.store, "3.1")
    assert [u.state for u in updates] == ["live"]
