"""A bot token Slack refuses shows up at start-up, in the log, naming the setting, rather than
as the first user's failed command; Slack being unreachable is not blamed on the token."""

from __future__ import annotations

import asyncio
import logging

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.app import build_slack, check_bot_token
from commands.core import Core
from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack


def _client(url: str) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test-token", base_url=url)


def test_a_working_token_is_accepted(fake: FakeSlack) -> None:
    assert asyncio.run(check_bot_token(_client(fake.api_url))) is True
    assert [c.method for c in fake.of("auth.test")] == ["auth.test"]


def test_a_refused_token_is_logged_as_an_error_naming_the_setting(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("auth.test", status=200, body={"ok": False, "error": "invalid_auth"})
    with caplog.at_level(logging.INFO, logger="bot.slack.app"):
        assert asyncio.run(check_bot_token(_client(fake.api_url))) is False
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "SLACK_BOT_TOKEN" in errors[0].getMessage()
    assert "invalid_auth" in errors[0].getMessage()
    assert "xoxb-test-token" not in caplog.text  # the token itself is never logged


def test_slack_unreachable_is_a_warning_not_a_refusal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.slack.app"):
        assert asyncio.run(check_bot_token(_client("http://127.0.0.1:9/api/"))) is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "could not check SLACK_BOT_TOKEN" in caplog.text


def test_start_checks_the_token_without_waiting_for_slack(
    settings: Settings, store: Store, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("auth.test", status=200, body={"ok": False, "error": "token_revoked"})
    adapter = build_slack(settings, store, Core(store))

    async def start_then_drain() -> None:
        await adapter.start()
        await adapter.services.drain()

    with caplog.at_level(logging.ERROR, logger="bot.slack.app"):
        asyncio.run(start_then_drain())
    assert "Slack refused SLACK_BOT_TOKEN (token_revoked)" in caplog.text


def test_a_bot_token_left_set_beside_oauth_is_not_checked(
    store: Store,
    fake: FakeSlack,
    slack_env: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # With SLACK_CLIENT_ID each workspace's installation token answers, and a warning says
    # SLACK_BOT_TOKEN is not used: asking Slack about it would only log about a token that
    # does nothing ("could not check", or "Slack refused SLACK_BOT_TOKEN").
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-left-over")  # Bolt's client reads it too
    settings = Settings(
        database_url="sqlite://",
        slack_signing_secret=signing.SECRET,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        slack_bot_token="xoxb-left-over",
        slack_api_url=fake.api_url,
    )
    fake.fail("auth.test", status=200, body={"ok": False, "error": "token_revoked"})
    adapter = build_slack(settings, store, Core(store))

    async def start_then_stop() -> None:
        await adapter.start()
        await adapter.services.drain()
        await adapter.stop()

    with caplog.at_level(logging.INFO, logger="bot.slack.app"):
        asyncio.run(start_then_stop())
    assert fake.of("auth.test") == []
    assert "SLACK_BOT_TOKEN is not used" in caplog.text
    assert "Slack refused SLACK_BOT_TOKEN" not in caplog.text
