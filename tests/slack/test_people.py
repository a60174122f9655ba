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
        return {"user": {"id": user, "team_id": "T1", "real_name": "Fiona Smith", "profile": {}}}


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


def _user(**fields: Any) -> dict[str, Any]:
    return {
        "id": "U1",
        "team_id": "T1",
        "real_name": "Fiona Smith",
        "is_admin": True,
        "profile": {"real_name": "Fiona Smith", "display_name": "fi", "email": "f@x.example"},
        **fields,
    }


def test_a_member_of_the_team_has_a_real_name_and_may_be_an_administrator() -> None:
    caller = people.caller_from_user("U1", _user(), "T1")
    assert (caller.real_name, caller.is_platform_admin) == ("Fiona Smith", True)


def test_an_enterprise_grid_member_of_the_workspace_is_a_member() -> None:
    grid = {"enterprise_id": "E1", "teams": ["T1", "T2"]}
    caller = people.caller_from_user("U1", _user(team_id="T2", enterprise_user=grid), "T1")
    assert caller.real_name == "Fiona Smith" and caller.is_platform_admin


def test_outsiders_have_a_display_name_only_and_are_no_administrators() -> None:
    outsiders = [
        _user(team_id="TOTHER"),  # Slack Connect: another organisation
        _user(is_restricted=True),  # multi-channel guest
        _user(is_ultra_restricted=True),  # single-channel guest
        _user(is_stranger=True),
        _user(team_id=None),  # users.info does not say: not taken on trust
        _user(team_id="TOTHER", enterprise_user={"enterprise_id": "E9", "teams": ["TOTHER"]}),
    ]
    for user in outsiders:
        caller = people.caller_from_user("U1", user, "T1")
        assert caller.real_name == "" and not caller.is_platform_admin, user
        assert caller.display_name == "fi" and caller.email == "f@x.example"
