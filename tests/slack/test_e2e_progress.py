"""Progress messages in a plan's channel, edits, deletions, mentions and DMs, end to end."""

from __future__ import annotations

import json
from typing import Any

from tests.slack import signing
from tests.slack.conftest import (
    CHANNEL,
    JACKIE,
    NEWBIE,
    Harness,
    database_down,
    history,
)
from tests.slack.fake_slack import BOT_ID, BOT_USER

TS = "1449050400.000100"
LINK = "https://csbot-test.slack.com/archives/CLEEDS01/p1449050400000100"


def _edit(text: str, old: str, *, ts: str = TS, user: str = JACKIE) -> dict[str, Any]:
    return signing.edited_event(text, old, user=user, channel=CHANNEL, ts=ts)


def _delete(old: str, *, ts: str = TS, user: str = JACKIE) -> dict[str, Any]:
    return signing.deleted_event(old, user=user, channel=CHANNEL, ts=ts)


def test_a_progress_message_is_logged_with_a_reaction_and_a_thread_reply(slack: Harness) -> None:
    response = slack.message("2.3: recruited 3 social workers &amp; a manager #at-risk", ts=TS)
    assert response.status_code == 200
    slack.drain()
    (reaction,) = slack.fake.of("reactions.add")
    assert (reaction.args["channel"], reaction.args["timestamp"]) == (CHANNEL, TS)
    assert reaction.args["name"] == "white_check_mark"
    (reply,) = slack.fake.of("chat.postMessage")
    assert reply.args["channel"] == CHANNEL and reply.args["thread_ts"] == TS
    posted = json.dumps(reply.args["blocks"], ensure_ascii=False)
    assert "Logged on *2.3*" in posted and "On track → 🟠 At risk" in posted
    assert "/actions show leeds-improvement-plan:2.3" in posted  # the History button
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk"
    (update,) = updates
    assert update.text == "recruited 3 social workers & a manager"
    assert (update.source, update.permalink) == ("chat", LINK)
    assert update.source_key == f"slack:{CHANNEL}:{TS}"


def test_the_same_event_delivered_twice_is_logged_once(slack: Harness) -> None:
    text = "2.3: recruited 3 social workers #at-risk"
    assert slack.message(text, ts=TS, event_id="EvTWICE").status_code == 200
    assert slack.message(text, ts=TS, event_id="EvTWICE", retry=1).status_code == 200
    slack.drain()
    assert len(history(slack.store, "2.3")[1]) == 1
    assert len(slack.fake.of("reactions.add")) == 1
    assert len(slack.fake.of("chat.postMessage")) == 1


def test_a_database_failure_answers_500_and_slacks_retry_logs_it_once(slack: Harness) -> None:
    text = "2.3: recruited 3 social workers #at-risk"
    with database_down(slack.store, statement="INSERT INTO action_update") as failed:
        first = slack.message(text, ts=TS, event_id="EvRETRY")
    assert failed and first.status_code == 500
    slack.drain()
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == JACKIE
    assert (
        "Not saved yet" in json.dumps(notice.args["blocks"]) and "error id" in notice.args["text"]
    )
    assert history(slack.store, "2.3") == ("on_track", [])
    assert slack.fake.of("reactions.add") == []

    retry = slack.message(text, ts=TS, event_id="EvRETRY", retry=1)
    assert retry.status_code == 200
    again = slack.message(text, ts=TS, event_id="EvRETRY", retry=2)
    assert again.status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk" and len(updates) == 1
    assert len(slack.fake.of("reactions.add")) == 1
    assert len(slack.fake.of("chat.postMessage")) == 1


def test_an_edit_supersedes_and_a_delete_retracts(slack: Harness) -> None:
    slack.message("2.3: recruited 3 social workers #at-risk", ts=TS)
    slack.event(
        _edit(
            "2.3: recruited 4 social workers #off-track", "2.3: recruited 3 social workers #at-risk"
        )
    )
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "off_track"
    assert [(u.text, u.state) for u in updates] == [
        ("recruited 3 social workers", "superseded"),
        ("recruited 4 social workers", "live"),
    ]
    replies = slack.fake.of("chat.postMessage")
    assert "Updated from your edited message" in json.dumps(replies[-1].args["blocks"])

    # A link unfurl re-sends the message unchanged: nothing happens.
    calls = len(slack.fake.calls)
    same = "2.3: recruited 4 social workers #off-track"
    assert slack.event(_edit(same, same)).status_code == 200
    assert len(slack.fake.calls) == calls

    slack.event(_delete(same))
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "on_track"
    assert [u.state for u in updates] == ["superseded", "retracted"]
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert "Retracted the update on 2.3" in notice.args["text"]


def test_an_edit_delivered_after_the_delete_does_not_bring_the_update_back(
    slack: Harness,
) -> None:
    first = "2.3: recruited 3 social workers #at-risk"
    slack.message(first, ts=TS)
    slack.event(_delete(first))
    slack.drain()
    slack.fake.clear()
    # Slack retried an edit made before the deletion; it arrives last.
    late = _edit("2.3: recruited 4 social workers #off-track", first)
    assert slack.event(late).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "on_track"
    assert [u.state for u in updates] == ["retracted"]
    assert slack.fake.of("chat.postMessage") == [] and slack.fake.of("reactions.add") == []


def test_a_message_edited_out_of_an_update_and_back_is_logged_again(slack: Harness) -> None:
    first = "2.3: recruited 3 social workers #at-risk"
    slack.message(first, ts=TS)
    slack.event(_edit("never mind", first))
    slack.event(_edit("2.3: recruited 5 social workers #off-track", "never mind"))
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "off_track"
    assert [u.state for u in updates] == ["retracted", "live"]


def test_bots_and_ordinary_chat_are_ignored(slack: Harness) -> None:
    bot = signing.message_event("2.3: done #done", user=BOT_USER, channel=CHANNEL, ts=TS)
    assert slack.event(bot).status_code == 200
    other_bot = {**bot, "user": "UOTHERBOT", "bot_id": "BOTHER", "ts": "1449050401.000100"}
    assert slack.event(other_bot).status_code == 200
    integration = {**bot, "subtype": "bot_message", "bot_id": BOT_ID, "ts": "1449050402.000100"}
    del integration["user"]
    assert slack.event(integration).status_code == 200
    assert (
        slack.message("see you at 10:30 in the usual room", ts="1449050403.000100").status_code
        == 200
    )
    slack.drain()
    assert history(slack.store, "2.3") == ("on_track", [])
    assert [c for c in slack.fake.calls if c.method != "auth.test"] == []


def test_an_unknown_ref_is_explained_privately(slack: Harness) -> None:
    slack.message("9.9: finished the audit", ts=TS)
    slack.drain()
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == JACKIE and notice.args["thread_ts"] == TS
    assert "There is no action 9.9" in notice.args["text"]
    assert slack.fake.of("reactions.add") == [] and slack.fake.of("chat.postMessage") == []


def test_rate_limited_calls_are_retried_after_retry_after(slack: Harness) -> None:
    slack.fake.fail("reactions.add", status=429, headers={"Retry-After": "0"})
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    slack.fake.wait_for("chat.postMessage")
    assert len(slack.fake.of("reactions.add")) == 2  # 429, then the retry


def test_a_mention_is_a_command_answered_in_the_thread(slack: Harness) -> None:
    text = f"<@{BOT_USER}> actions mine"
    # The channel message carrying the mention is left to the app_mention listener.
    assert slack.message(text, ts=TS).status_code == 200
    mention = {
        "type": "app_mention",
        "user": JACKIE,
        "text": text,
        "ts": TS,
        "channel": CHANNEL,
        "event_ts": TS,
    }
    assert slack.event(mention, event_id="EvMENTION").status_code == 200
    assert slack.event(mention, event_id="EvMENTION", retry=1).status_code == 200
    slack.drain()
    (reply,) = slack.fake.of("chat.postMessage")
    assert reply.args["thread_ts"] == TS
    assert "Outstanding actions for Jackie Wilson" in json.dumps(reply.args["blocks"])


def test_a_mention_that_writes_is_done_once_even_after_a_failure(slack: Harness) -> None:
    text = f"<@{BOT_USER}> actions update 2.3 panel agreed #done"
    mention = {
        "type": "app_mention",
        "user": JACKIE,
        "text": text,
        "ts": TS,
        "channel": CHANNEL,
        "event_ts": TS,
    }
    with database_down(slack.store, statement="INSERT INTO action_update"):
        assert slack.event(mention, event_id="EvWRITE").status_code == 500
    assert slack.event(mention, event_id="EvWRITE", retry=1).status_code == 200
    assert slack.event(mention, event_id="EvWRITE", retry=2).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "achieved" and [u.text for u in updates] == ["panel agreed"]


def test_an_update_logged_by_a_mention_is_superseded_by_its_edit_not_retracted(
    slack: Harness,
) -> None:
    """``@csbot 2.3: …`` in the plan's channel is logged by the mention; its edit still starts
    with the mention, which is read past as it was when the message was posted."""
    first = f"<@{BOT_USER}> 2.3: two managers started"
    mention = {
        "type": "app_mention",
        "user": JACKIE,
        "text": first,
        "ts": TS,
        "channel": CHANNEL,
        "event_ts": TS,
    }
    assert slack.message(first, ts=TS).status_code == 200
    assert slack.event(mention).status_code == 200
    slack.drain()
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["two managers started"]
    slack.fake.clear()

    second = f"<@{BOT_USER}> 2.3: three managers started #at-risk"
    assert slack.event(_edit(second, first)).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk"
    assert [(u.text, u.state) for u in updates] == [
        ("two managers started", "superseded"),
        ("three managers started", "live"),
    ]
    (reply,) = slack.fake.of("chat.postMessage")
    assert "Updated from your edited message" in reply.args["text"]
    assert slack.fake.of("reactions.remove") == []

    assert slack.event(_delete(second)).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "on_track" and updates[-1].state == "retracted"


def test_a_command_delivered_again_under_a_new_event_id_is_done_once(slack: Harness) -> None:
    mention = {
        "type": "app_mention",
        "user": JACKIE,
        "text": f"<@{BOT_USER}> actions update 2.3 panel agreed",
        "ts": TS,
        "channel": CHANNEL,
        "event_ts": TS,
    }
    dm = signing.message_event(
        "actions update leeds-improvement-plan:2.3 panel minuted",
        user=JACKIE,
        channel="D0JACKIE1",
        ts=TS,
        channel_type="im",
    )
    for event in (mention, dm):
        assert slack.event(event, event_id=f"Ev{event['type']}1").status_code == 200
        assert slack.event(event, event_id=f"Ev{event['type']}2", retry=1).status_code == 200
    slack.drain()
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["panel agreed", "panel minuted"]
    assert len(slack.fake.of("chat.postMessage")) == 2


def test_a_direct_message_is_a_command(slack: Harness) -> None:
    dm = signing.message_event(
        "kpi help", user=NEWBIE, channel="D0NEWBIE1", ts=TS, channel_type="im"
    )
    assert slack.event(dm).status_code == 200
    hello = signing.message_event(
        "hello there", user=NEWBIE, channel="D0NEWBIE1", ts="1449050401.1", channel_type="im"
    )
    assert slack.event(hello).status_code == 200
    slack.drain()
    first, second = slack.fake.of("chat.postMessage")
    assert first.args["channel"] == "D0NEWBIE1" and "thread_ts" not in first.args
    assert "/kpi — performance indicators" in json.dumps(first.args["blocks"], ensure_ascii=False)
    assert "Type `help`" in second.args["text"]
