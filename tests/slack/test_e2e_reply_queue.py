"""A progress update's answer (✅ and "Logged" in the thread) that Slack did not take at the time
is queued and sent by the scheduler once Slack answers again: end to end, through signed
events, the real Slack notifier and the fake Slack Web API."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.slack.notifier import SlackNotifier
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.replies import UPDATE_REPLY, queue_update_reply
from commands.jobs.runner import RunReport, run_due
from storage.models import ScheduledPost
from tests.slack import signing
from tests.slack.conftest import CHANNEL, JACKIE, Harness, history
from tests.slack.fake_slack import TEAM

TS = "1449050400.000100"
THREAD = "1449040000.000001"
# A Wednesday night in December: outside the hours reminders and summaries are sent in.
NIGHT = datetime(2015, 12, 2, 23, 30, tzinfo=UTC)


def _replies(slack: Harness) -> list[ScheduledPost]:
    with slack.store.session_factory() as session:
        return list(
            session.scalars(select(ScheduledPost).where(ScheduledPost.kind == UPDATE_REPLY))
        )


def _run(slack: Harness, now: datetime = NIGHT) -> RunReport:
    notifier = SlackNotifier(api_url=slack.fake.api_url, bot_token="xoxb-test-token")
    return run_due(slack.store, NotifierRegistry({"slack": notifier}), now=now)


def _logged_in_thread(slack: Harness, thread: str = TS) -> list[str]:
    return [
        json.dumps(c.args["blocks"], ensure_ascii=False)
        for c in slack.fake.of("chat.postMessage")
        if c.args.get("thread_ts") == thread
    ]


def test_a_reply_slack_did_not_take_is_sent_by_the_scheduler_at_any_hour(slack: Harness) -> None:
    slack.fake.fail(
        "chat.postMessage", status=503, body={"ok": False, "error": "service_unavailable"}
    )
    assert slack.message("2.3: recruited 3 social workers #at-risk", ts=TS).status_code == 200
    slack.drain()
    # The update is kept whatever Slack said; its answer waits in the outbox.
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk" and [u.text for u in updates] == ["recruited 3 social workers"]
    (queued,) = _replies(slack)
    assert (queued.state, queued.channel_id, queued.message_ts, queued.thread_ts) == (
        "pending",
        CHANNEL,
        TS,
        TS,
    )
    assert queued.update_id is not None and queued.key == f"update_reply:{queued.update_id}"
    assert queued.expires_at is not None and queued.expires_at - queued.due_at == timedelta(days=1)

    slack.fake.clear()
    report = _run(slack)
    (reaction,) = slack.fake.of("reactions.add")
    assert (reaction.args["channel"], reaction.args["timestamp"]) == (CHANNEL, TS)
    assert reaction.args["name"] == "white_check_mark"
    (posted,) = _logged_in_thread(slack)
    assert "Logged on *2.3*" in posted and "On track → 🟠 At risk" in posted
    assert f"sent {queued.key} to slack:#{CHANNEL}" in report.lines
    (sent,) = _replies(slack)
    assert sent.state == "sent"

    # Sent once: a later run has nothing more to say.
    slack.fake.clear()
    _run(slack, NIGHT + timedelta(minutes=5))
    assert slack.fake.calls == []


def test_a_dropped_connection_queues_the_reaction_and_the_reply(slack: Harness) -> None:
    # The client tries again once after a dropped connection: both attempts are dropped.
    slack.fake.drops["reactions.add"] = 2
    in_thread = signing.message_event(
        "2.3: recruited 3 social workers",
        user=JACKIE,
        channel=CHANNEL,
        ts="1449050400.000200",
        thread_ts=THREAD,
    )
    assert slack.event(in_thread).status_code == 200
    slack.drain()
    assert slack.fake.of("chat.postMessage") == []
    (queued,) = _replies(slack)
    assert (queued.message_ts, queued.thread_ts) == ("1449050400.000200", THREAD)

    slack.fake.clear()
    _run(slack)
    (reaction,) = slack.fake.of("reactions.add")
    assert reaction.args["timestamp"] == "1449050400.000200"
    (posted,) = _logged_in_thread(slack, THREAD)
    assert "Logged on *2.3*" in posted


def test_a_failed_send_is_retried_later_and_a_second_reaction_is_no_failure(
    slack: Harness,
) -> None:
    slack.fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "internal_error"})
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    assert len(_replies(slack)) == 1

    # Slack is still failing at the first run: the reply waits for the next try.
    slack.fake.fail("chat.postMessage", status=500, body={"ok": False, "error": "internal_error"})
    first = _run(slack)
    assert first.retry == 1 and _replies(slack)[0].state == "pending"
    # The ✅ is on the message already (the first try put it there): Slack says so, and the
    # reply still goes.
    slack.fake.fail("reactions.add", status=200, body={"ok": False, "error": "already_reacted"})
    slack.fake.clear()
    _run(slack, NIGHT + timedelta(minutes=6))
    assert len(_logged_in_thread(slack)) == 1
    assert _replies(slack)[0].state == "sent"


def test_a_queued_reply_to_a_message_deleted_since_is_not_sent(slack: Harness) -> None:
    slack.fake.fail("reactions.add", status=503, body={"ok": False, "error": "service_unavailable"})
    slack.message("2.3: recruited 3 social workers #at-risk", ts=TS)
    slack.drain()
    slack.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": CHANNEL,
            "channel_type": "channel",
            "hidden": True,
            "deleted_ts": TS,
            "ts": "1449050470.000300",
            "event_ts": "1449050470.000300",
            "previous_message": {
                "type": "message",
                "user": JACKIE,
                "text": "2.3: recruited 3 social workers #at-risk",
                "ts": TS,
            },
        }
    )
    slack.drain()
    slack.fake.clear()
    report = _run(slack)
    assert slack.fake.of("reactions.add") == [] and _logged_in_thread(slack) == []
    (skipped,) = _replies(slack)
    assert skipped.state == "skipped" and "retracted" in skipped.last_error
    assert any(line.startswith(f"skipped {skipped.key}: ") for line in report.lines)


def test_an_answer_slack_refuses_for_good_is_not_queued(slack: Harness) -> None:
    slack.fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    assert _replies(slack) == []


def test_a_reply_is_queued_once_and_only_for_the_workspaces_own_update(slack: Harness) -> None:
    slack.fake.fail("chat.postMessage", status=503, body={"ok": False, "error": "fatal_error"})
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    (queued,) = _replies(slack)
    update_id = queued.update_id or 0
    again = {
        "platform": "slack",
        "channel_id": CHANNEL,
        "message_ts": TS,
        "thread_ts": TS,
        "update_id": update_id,
        "now": NIGHT,
    }
    assert queue_update_reply(slack.store, TEAM, **again) is False  # type: ignore[arg-type]
    slack.store.ensure_workspace("T0OTHER01", platform="slack", name="Other")
    assert queue_update_reply(slack.store, "T0OTHER01", **again) is False  # type: ignore[arg-type]
    assert queue_update_reply(slack.store, "T0NOBODY1", **again) is False  # type: ignore[arg-type]
    assert len(_replies(slack)) == 1
