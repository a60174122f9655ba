"""When response_url fails after a button or a slow command was carried out, the user is still
told (an ephemeral message, else a direct message), and the log has one warning line."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import pytest
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.slack import runner as slack_runner
from bot.slack.pages import SHARE, PageRequest
from bot.slack.services import SlackServices
from storage.unit_of_work import Store
from tests.slack.blockkit import validate_message
from tests.slack.conftest import JACKIE, TEAM, Harness, history

DEAD = "http://127.0.0.1:1/dead"  # nothing listens there: the connection is refused


def _action_id(store: Store, ref: str) -> int:
    with store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def _one_warning(caplog: pytest.LogCaptureFixture) -> str:
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [w for w in warnings if DEAD in w], "the hook's address is not logged"
    (warning,) = [r for r in caplog.records if "response_url" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    return warning.getMessage()


def test_mark_done_with_response_url_unreachable_is_told_ephemerally(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.click("mark_done", str(_action_id(slack.store, "2.4")), response_url=DEAD)
    slack.drain()
    assert history(slack.store, "2.4")[0] == "achieved"
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    assert told.args["channel"] == "CGENERAL" and told.args["user"] == JACKIE
    assert "Achieved" in json.dumps(told.args["blocks"])
    validate_message(told.args)
    logged = _one_warning(caplog)
    assert "ClientConnectorError" in logged and "chat.postEphemeral" in logged


def test_a_response_url_that_refuses_the_post_falls_back_too(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.fake.fail("response_url", status=404, body={"error": "expired_url"})
    slack.click("cmd", "/actions show leeds-improvement-plan:2.3")
    slack.drain()
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    assert "2.3" in json.dumps(told.args["blocks"])
    assert "HTTP 404" in _one_warning(caplog)


def test_where_no_ephemeral_can_be_posted_the_clicker_gets_a_direct_message(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.fake.fail(
        "chat.postEphemeral", status=200, body={"ok": False, "error": "channel_not_found"}
    )
    slack.click("mark_done", str(_action_id(slack.store, "2.4")), response_url=DEAD)
    slack.drain()
    assert history(slack.store, "2.4")[0] == "achieved"
    dm = [c for c in slack.fake.wait_for("chat.postMessage") if c.args["channel"] == JACKIE]
    assert len(dm) == 1 and "Achieved" in json.dumps(dm[0].args["blocks"])
    assert "direct message" in _one_warning(caplog)


def test_a_share_with_response_url_unreachable_is_posted_in_the_channel(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.click(SHARE, PageRequest("/actions mine", 0).encode(), response_url=DEAD)
    slack.drain()
    (posted,) = slack.fake.wait_for("chat.postMessage")
    assert posted.args["channel"] == "CGENERAL"
    assert "Shared by" in json.dumps(posted.args["blocks"])
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text


def test_a_share_the_channel_refuses_tells_the_sharer_it_was_not_shared(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
    slack.click(SHARE, PageRequest("/actions mine", 0).encode(), response_url=DEAD)
    slack.drain()
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    validate_message(told.args)
    said = json.dumps(told.args, ensure_ascii=False)
    assert "could not be posted in the channel, so only you can see it" in said
    assert "Traceback" not in caplog.text
    assert any(
        "answered with chat.postEphemeral" in r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING
    )


def test_a_slow_command_whose_response_url_fails_is_answered_ephemerally(
    slack: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(slack_runner, "ACK_DEADLINE", 0.3)
    monkeypatch.setattr(slack_runner, "CORE_RESERVE", 0.0)
    real = SlackServices.handle

    def slow(self: SlackServices, msg, text, *args):  # type: ignore[no-untyped-def]
        time.sleep(0.6)
        return real(self, msg, text, *args)

    monkeypatch.setattr(SlackServices, "handle", slow)
    response = slack.command("/actions", "mine", response_url=DEAD)
    assert response.status_code == 200
    slack.drain()
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    assert told.args["user"] == JACKIE
    assert "Outstanding actions for Jackie Wilson" in json.dumps(told.args["blocks"])
    _one_warning(caplog)


def test_background_work_that_cannot_reach_slack_logs_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)

    async def unreachable() -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    async def run() -> None:
        background = slack_runner.Background()
        background.spawn(unreachable(), "mark done")
        await background.drain()

    asyncio.run(run())
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == (
        "background work failed: mark done: ConnectionRefusedError (Slack unreachable)"
    )


def test_a_response_url_off_slacks_hosts_is_never_posted_to(
    slack: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    posted: list[str] = []
    real = AsyncRespond.__call__

    async def spy(self: AsyncRespond, *args: Any, **kwargs: Any) -> Any:
        posted.append(str(self.response_url))
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(AsyncRespond, "__call__", spy)
    elsewhere = "https://collector.example/hooks.slack.com/commands/1"
    slack.click("mark_done", str(_action_id(slack.store, "2.4")), response_url=elsewhere)
    slack.drain()
    assert history(slack.store, "2.4")[0] == "achieved"
    assert posted == []
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    assert told.args["user"] == JACKIE
    assert "not on Slack's hooks host" in _one_warning(caplog)


def test_a_click_in_a_thread_is_answered_in_that_thread_when_response_url_fails(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    thread = "1449050300.000100"
    action = str(_action_id(slack.store, "2.4"))
    slack.click("mark_done", action, response_url=DEAD, thread_ts=thread)
    slack.drain()
    (told,) = slack.fake.wait_for("chat.postEphemeral")
    assert told.args.get("thread_ts") == thread
