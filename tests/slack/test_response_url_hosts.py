"""A signed request's response_url is posted to only on Slack's hooks host (or, with
SLACK_API_URL pointing at a local fake, on the fake's host): otherwise csbot's answer would go
wherever the payload said, and the answer goes through the Web API instead."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.reply import is_slacks_hook

SLACK = AsyncWebClient(token="xoxb-test")
FAKE = AsyncWebClient(token="xoxb-test", base_url="http://127.0.0.1:8123/api/")


@pytest.mark.parametrize(
    ("url", "client", "allowed"),
    [
        ("https://hooks.slack.com/commands/T1/2/abc", SLACK, True),
        ("https://hooks.slack.com/actions/T1/2/abc", FAKE, True),
        ("http://hooks.slack.com/commands/T1/2/abc", SLACK, False),
        ("https://hooks.slack.com.evil.example/commands/1", SLACK, False),
        ("https://evil.example/hooks.slack.com/commands/1", SLACK, False),
        ("https://slack.com/api/chat.postMessage", SLACK, False),
        ("http://127.0.0.1:8123/response/r1", SLACK, False),
        ("http://127.0.0.1:8123/response/r1", FAKE, True),
        ("http://169.254.169.254/latest/meta-data", FAKE, False),
        ("not a url", SLACK, False),
    ],
)
def test_only_slacks_hooks_are_posted_to(url: str, client: AsyncWebClient, allowed: bool) -> None:
    assert is_slacks_hook(url, client) is allowed
