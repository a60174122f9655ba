"""users.info look-ups: cached when they succeed, and briefly when they fail."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack import people
from bot.slack.people import UserDirectory


class CountingClient:
    """Answers users.info, or fails, and counts the calls."""

    def __init__(self, *, fail: bool) -> None:
        self.fail = fail
        self.calls = 0

    async def users_info(self, *, user: str) -> dict[str, Any]:
        self.calls += 1
        if self.fail:
            raise SlackApiError("ratelimited", {"ok": False, "error": "ratelimited"})
        return {"user": {"id": user, "real_name": "Fiona Smith", "profile": {}}}


def _ask(directory: UserDirectory, client: CountingClient, times: int) -> list[Any]:
    async def go() -> list[Any]:
        return [await directory.caller(client, "T1", "U1") for _ in range(times)]  # type: ignore[arg-type]

    return asyncio.run(go())


def test_a_successful_look_up_is_asked_once() -> None:
    client = CountingClient(fail=False)
    callers = _ask(UserDirectory(), client, 5)
    assert client.calls == 1
    assert {c.real_name for c in callers} == {"Fiona Smith"}


def test_a_failed_look_up_is_not_retried_on_every_request(monkeypatch: Any) -> None:
    client = CountingClient(fail=True)
    directory = UserDirectory()
    callers = _ask(directory, client, 5)
    assert client.calls == 1 and {c.user_id for c in callers} == {"U1"}
    assert all(c.real_name in (None, "") for c in callers)
    # Once the short failure window has passed, Slack is asked again.
    monkeypatch.setattr(people, "FAILED_LOOKUP_TTL", -1.0)
    directory._cache.clear()
    _ask(directory, client, 2)
    assert client.calls == 3
