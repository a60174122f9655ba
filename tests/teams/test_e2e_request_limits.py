"""What /api/messages refuses before any work: huge or absurd bodies, other Bot Framework
channels, and button data that cannot name a row; and activity ids are scoped to their
conversation when deduplicated."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from bot.http_body import read_capped
from bot.teams.endpoint import MAX_BODY_BYTES
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.conftest import Harness
from tests.teams.signing import bearer


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole() -> None:
    sent = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        sent += 1
        return {"type": "http.request", "body": b" " * 1_000_000, "more_body": sent < 50}

    scope = {"type": "http", "method": "POST", "path": "/api/messages", "headers": []}
    assert asyncio.run(read_capped(Request(scope, receive), MAX_BODY_BYTES)) is None
    assert sent == 2, f"{sent} MB were read"  # 50 MB if it were all read

    declared = {**scope, "headers": [(b"content-length", str(MAX_BODY_BYTES + 1).encode())]}
    assert asyncio.run(read_capped(Request(declared, receive), MAX_BODY_BYTES)) is None
    assert sent == 2  # refused on its declared length, without reading a byte


def test_a_body_over_the_limit_gets_413(teams: Harness) -> None:
    response = teams.client.post(
        "/api/messages",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={**bearer(teams.fake.url), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert teams.fake.posted == []


def test_absurdly_nested_json_is_a_bad_request_not_a_crash(teams: Harness) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = teams.client.post(
        "/api/messages", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "body is not JSON"}


def test_an_activity_from_another_bot_framework_channel_is_forbidden(teams: Harness) -> None:
    activity = act.message(teams.fake.url, "actions mine")
    # Even signed with a key endorsed for that channel.
    activity["channelId"] = "skype"
    response = teams.post(activity, key=signing.UNENDORSED)
    assert response.status_code == 403
    assert teams.fake.posted == []


def test_button_ids_too_big_for_a_row_are_refused(teams: Harness) -> None:
    for value in (10**30, "9" * 40, 2**63, "²"):
        body = teams.press("done", {"action_id": value})
        assert body["statusCode"] == 400, value
    assert teams.fake.posted == []


def test_the_same_activity_id_in_two_conversations_is_two_messages(teams: Harness) -> None:
    first = teams.deliver(act.message(teams.fake.url, "whoami", activity_id="1700000009999"))
    assert "Jackie Wilson" in first.text
    second = teams.deliver(
        act.message(
            teams.fake.url,
            "whoami",
            user=act.FIONA,
            where=act.personal(act.FIONA),
            activity_id="1700000009999",
        )
    )
    assert "Fiona Smith" in second.text
