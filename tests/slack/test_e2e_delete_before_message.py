"""A message's deletion can reach csbot before the message itself: its first delivery timed
out or failed, the author deleted it, and then Slack's retry of the message arrives. Such a
message is not logged (answered 200, so that Slack stops retrying; no ✅, no reply). Before,
the deletion found no update to retract and was forgotten: the retry then logged the deleted
message, changed its action's status and acknowledged it in the channel."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from tests.slack import signing
from tests.slack.conftest import CHANNEL, JACKIE, Harness, history
from tests.slack.fake_slack import BOT_USER

TS = "1796657711.123456"
UPDATE = "2.3: carers recruited #off-track"
DM = "D0JACKIE1"


def _deleted(old: str, *, channel: str = CHANNEL, channel_type: str = "channel") -> Any:
    return signing.deleted_event(
        old, user=JACKIE, channel=channel, ts=TS, channel_type=channel_type
    )


def _nothing_said(slack: Harness) -> None:
    slack.drain()
    for method in ("reactions.add", "chat.postMessage", "chat.postEphemeral"):
        assert slack.fake.of(method) == [], method


def _ledger_rows(slack: Harness) -> int:
    from sqlalchemy import func, select

    from storage.models import SlackEvent

    with slack.store.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(SlackEvent)) or 0)


def test_a_message_delivered_after_its_deletion_is_not_logged(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert slack.event(_deleted(UPDATE)).status_code == 200
    assert slack.message(UPDATE, ts=TS, retry=1).status_code == 200
    _nothing_said(slack)
    status, updates = history(slack.store, "2.3")
    assert (status, updates) == ("on_track", [])
    said = [r.getMessage() for r in caplog.records if "after its deletion" in r.getMessage()]
    assert len(said) == 1
    assert "carers" not in caplog.text
    # Slack's later retries are answered alike.
    assert slack.message(UPDATE, ts=TS, retry=2).status_code == 200
    _nothing_said(slack)
    assert history(slack.store, "2.3")[1] == []


def test_an_edit_delivered_after_the_deletion_of_a_message_never_logged_logs_nothing(
    slack: Harness,
) -> None:
    """The message was chat when posted, edited into an update, and deleted: the edit's
    delivery after the deletion is not logged either."""
    assert slack.message("morning all", ts=TS).status_code == 200
    assert slack.event(_deleted(UPDATE)).status_code == 200
    edit = signing.edited_event(UPDATE, "morning all", user=JACKIE, channel=CHANNEL, ts=TS)
    assert slack.event(edit, retry=1).status_code == 200
    _nothing_said(slack)
    assert history(slack.store, "2.3") == ("on_track", [])


def test_an_update_by_mention_delivered_after_its_deletion_is_not_logged(slack: Harness) -> None:
    text = f"<@{BOT_USER}> {UPDATE}"
    assert slack.event(_deleted(text)).status_code == 200
    mention = {
        "type": "app_mention",
        "channel": CHANNEL,
        "user": JACKIE,
        "text": text,
        "ts": TS,
        "event_ts": TS,
    }
    assert slack.event(mention, retry=1).status_code == 200
    _nothing_said(slack)  # not even "I didn't catch that"
    assert history(slack.store, "2.3") == ("on_track", [])


def test_an_update_typed_in_a_direct_message_delivered_after_its_deletion_is_not_logged(
    slack: Harness,
) -> None:
    """In the conversation with csbot, the author is told why nothing was logged."""
    assert slack.event(_deleted("3.1: procedures signed off #done", **_im())).status_code == 200
    typed = signing.message_event(
        "3.1: procedures signed off #done", user=JACKIE, channel=DM, ts=TS, channel_type="im"
    )
    assert slack.event(typed, retry=1).status_code == 200
    slack.drain()
    assert history(slack.store, "3.1") == ("at_risk", [])
    assert slack.fake.of("reactions.add") == []
    (said,) = slack.fake.of("chat.postMessage")
    assert said.args["channel"] == DM
    assert "was deleted, so it was not logged" in json.dumps(said.args, ensure_ascii=False)


def _im() -> dict[str, str]:
    return {"channel": DM, "channel_type": "im"}


def test_a_deleted_message_is_remembered_only_where_it_could_have_been_logged(
    slack: Harness,
) -> None:
    """A deletion is kept (in the event ledger, pruned after two days) only in a plan's
    channel or a direct message: deleting chat elsewhere stores nothing."""
    before = _ledger_rows(slack)
    elsewhere = signing.deleted_event(UPDATE, user=JACKIE, channel="CRANDOM01", ts=TS)
    assert slack.event(elsewhere).status_code == 200
    slack.drain()
    assert _ledger_rows(slack) == before
    assert slack.event(_deleted("see you at 10")).status_code == 200
    slack.drain()
    assert _ledger_rows(slack) == before + 1


def test_the_deletion_is_of_one_message(slack: Harness) -> None:
    """Another message of the channel (another ts) is logged as usual after a deletion."""
    assert slack.event(_deleted(UPDATE)).status_code == 200
    other = "1796657712.000001"
    assert slack.message(UPDATE, ts=other).status_code == 200
    slack.drain()
    (reaction,) = slack.fake.of("reactions.add")
    assert reaction.args["timestamp"] == other
    status, updates = history(slack.store, "2.3")
    assert status == "off_track"
    assert [(u.text, u.state, u.source_key) for u in updates] == [
        ("carers recruited", "live", f"slack:{CHANNEL}:{other}")
    ]
