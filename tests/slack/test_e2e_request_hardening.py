"""Requests Slack would never send: too big, unsigned, malformed. Refused with 413, 401 or 400,
without reading a huge body and without a traceback in the log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness

LIMIT = 1024 * 1024
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MALFORMED = [
    ("{not json", JSON),
    ("payload=%7Bnot", FORM),
    ("[1, 2, 3]", JSON),
    ("42", JSON),
    ('{"type": "event_callback", "authorizations": "x"}', JSON),
    ("payload=%5B1%5D", FORM),
]


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    traced = [r.getMessage() for r in caplog.records if r.exc_info]
    assert traced == []


def _unsigned(harness: Harness, body: str | bytes, content_type: str, **headers: str) -> Any:
    return harness.client.post(
        "/slack/events", content=body, headers={"Content-Type": content_type, **headers}
    )


def test_a_body_over_the_limit_is_refused_by_its_length(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    big = "x" * (LIMIT + 1)
    assert _unsigned(slack, big, FORM).status_code == 413
    signed = slack.post(big, content_type=FORM)
    assert signed.status_code == 413
    assert slack.fake.calls == []
    _no_tracebacks(caplog)


def test_a_body_just_under_the_limit_still_reaches_bolt(slack: Harness) -> None:
    body = signing.slash_command("/actions", "help", user=JACKIE)
    padded = body + "&padding=" + "x" * (LIMIT - len(body) - 20)
    assert slack.post(padded, content_type=FORM).status_code == 200


def test_a_streamed_body_is_not_read_past_the_limit(slack: Harness) -> None:
    """No Content-Length (chunked): reading stops once the body passes the limit."""
    chunk = b"x" * 65536
    received: list[int] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        received.append(len(chunk))
        if len(received) > 1000:  # 64 MB: the server read everything
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/slack/events",
        "raw_path": b"/slack/events",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", FORM.encode()), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 3000),
        "state": {},
        "app": slack.app,
    }

    async def call() -> None:
        await slack.app(scope, receive, send)

    slack.client.portal.call(call)
    assert sent[0]["status"] == 413
    assert sum(received) <= LIMIT + 2 * len(chunk)


def test_a_bad_content_length_is_refused(slack: Harness) -> None:
    body = signing.slash_command("/actions", "help", user=JACKIE)
    headers = {**signing.signed_headers(body), "Content-Length": "lots"}
    response = slack.client.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_unsigned_malformed_bodies_get_401(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    assert _unsigned(slack, body, content_type).status_code == 401
    _no_tracebacks(caplog)


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_signed_malformed_bodies_get_400(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    response = slack.post(body, content_type=content_type)
    assert response.status_code == 400
    assert "Slack request" in response.text
    _no_tracebacks(caplog)


def test_a_body_that_is_not_utf8(slack: Harness, caplog: pytest.LogCaptureFixture) -> None:
    assert _unsigned(slack, b"text=\xff\xfe", FORM).status_code == 401
    _no_tracebacks(caplog)


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "\u00b2", "-"])
def test_a_timestamp_that_is_not_a_number_gets_401(
    slack: Harness, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    body = signing.slash_command("/actions", "help", user=JACKIE)
    headers = signing.signed_headers(body)
    headers["X-Slack-Request-Timestamp"] = timestamp
    response = slack.client.post("/slack/events", content=body.encode(), headers=_latin1(headers))
    assert response.status_code == 401
    _no_tracebacks(caplog)


def test_a_signature_with_odd_characters_gets_401(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = signing.slash_command("/actions", "help", user=JACKIE)
    headers = signing.signed_headers(body)
    headers["X-Slack-Signature"] = "v0=\u00e9\u00e9"
    response = slack.client.post("/slack/events", content=body, headers=_latin1(headers))
    assert response.status_code == 401
    _no_tracebacks(caplog)


def _latin1(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.encode(), v.encode("latin-1", "replace")) for k, v in headers.items()]


@pytest.mark.parametrize(
    "view",
    [
        {"state": {"values": "nope"}},
        {"state": {"values": {"title": "nope"}}},
        {"state": {"values": {"title": {"title": "nope"}}}},
        {"state": "nope"},
    ],
    ids=["values", "block", "element", "state"],
)
def test_a_signed_form_with_malformed_values_gets_400(
    slack: Harness, caplog: pytest.LogCaptureFixture, view: dict[str, Any]
) -> None:
    payload = _submission(view)
    response = slack.post(signing.interaction(payload), content_type=FORM)
    assert response.status_code == 400
    assert [c for c in slack.fake.calls if c.method != "users.info"] == []
    _no_tracebacks(caplog)


def test_signed_interactions_with_wrong_shapes_get_400(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    for broken in (
        {"type": "block_actions", "user": "UJACKIE01", "actions": []},
        {"type": "block_actions", "user": {"id": JACKIE}, "actions": "x"},
        {"type": "block_actions", "user": {"id": JACKIE}, "actions": ["x"]},
        {"type": "block_actions", "user": {"id": JACKIE}, "container": "x", "actions": []},
        {"type": "event_callback", "team_id": "T1", "event": "x"},
    ):
        response = slack.post(json.dumps(broken), content_type=JSON)
        assert response.status_code == 400, broken
    _no_tracebacks(caplog)


def _submission(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": "T0CSBOT01", "domain": "csbot-test"},
        "user": {"id": JACKIE, "username": "jackie", "team_id": "T0CSBOT01"},
        "api_app_id": "A0CSBOT",
        "trigger_id": "1.2.3",
        "view": {"id": "V0002", "type": "modal", "callback_id": "add_action", **view},
    }


@pytest.fixture(autouse=True)
def _log_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
