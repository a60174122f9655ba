"""Slack requests whose body is not UTF-8, not form data or of another Content-Type.

Before, the signature was checked by slack_sdk's verifier, which decodes the body as UTF-8
first: any such body with a timestamp, even under a forged signature, raised out of the ASGI
app (HTTP 500 and a traceback in ``csbot serve``'s log for anyone who could reach it). And a
signed body that was not form data (``\\x00\\x01 %zz``), or a slash command sent as
text/plain, was handed to Bolt as an unhandled request (404) instead of being refused as
malformed. Now the signature is checked over the raw bytes (a forgery gets 401), and a signed
body Slack would never send gets 400 "malformed Slack request", logged in one line without
the body.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import serving

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
NOT_UTF8 = {
    "json-ff": (b'{"a":"\xff"}', JSON),
    "form-e9": (b"command=%2Factions&text=caf\xe9&team_id=T0CSBOT01&user_id=UJACKIE01", FORM),
    "form-escaped-e9": (b"command=%2Factions&text=caf%E9&team_id=T0CSBOT01", FORM),
}
NOT_FORM = {
    "control-bytes": (b"\x00\x01 %zz", FORM),
    "broken-escape": (b"team_id=T0CSBOT01&text=%zz", FORM),
    "no-equals": (b"team_id=T0CSBOT01&junk", FORM),
    "empty": (b"", FORM),
    "json-as-form": (b'{"type":"url_verification","challenge":"x"}', FORM),
    "json-list": (b"[1]", JSON),
}


def _headers(body: bytes, content_type: str, secret: str = signing.SECRET) -> dict[str, str]:
    """Slack's headers for ``body``, signed over its bytes as they are."""
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest(),
    }


def _post(slack: Harness, body: bytes, content_type: str, secret: str = signing.SECRET) -> Any:
    headers = _headers(body, content_type, secret)
    return slack.client.post("/slack/events", content=body, headers=headers)


def _refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "refused a Slack request" in r.getMessage()]


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


@pytest.fixture(autouse=True)
def _log_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.mark.parametrize(("body", "content_type"), NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_a_forged_signature_over_a_body_that_is_not_utf8_gets_401(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    headers = _headers(body, content_type)
    headers["X-Slack-Signature"] = "v0=deadbeef"
    response = slack.client.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 401
    assert _post(slack, body, content_type, secret="not-the-secret").status_code == 401
    assert [c for c in slack.fake.calls if c.method != "users.info"] == []
    _no_tracebacks(caplog)


@pytest.mark.parametrize(("body", "content_type"), NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_a_signed_body_that_is_not_utf8_is_malformed(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    response = _post(slack, body, content_type)
    assert response.status_code == 400
    assert "malformed Slack request" in response.json()["error"]
    assert "UTF-8" in response.json()["error"]
    (line,) = _refusals(caplog)
    assert "400 malformed Slack request" in line
    assert "caf" not in line and "\ufffd" not in line and "\n" not in line
    assert slack.fake.calls == []
    _no_tracebacks(caplog)


@pytest.mark.parametrize(("body", "content_type"), NOT_FORM.values(), ids=NOT_FORM.keys())
def test_a_signed_body_slack_would_never_send_is_malformed(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    response = _post(slack, body, content_type)
    assert response.status_code == 400
    assert "malformed Slack request" in response.json()["error"]
    (line,) = _refusals(caplog)
    assert "%zz" not in line and "challenge" not in line
    assert slack.fake.calls == []
    _no_tracebacks(caplog)


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data", ""])
def test_a_slash_command_of_another_content_type_is_malformed(
    slack: Harness, caplog: pytest.LogCaptureFixture, content_type: str
) -> None:
    body = signing.slash_command("/actions", "help", user=JACKIE).encode()
    response = _post(slack, body, content_type)
    assert response.status_code == 400
    assert "Content-Type" in response.json()["error"]
    # Unsigned, it is refused for its signature first, as any other request.
    unsigned = {"Content-Type": content_type}
    assert slack.client.post("/slack/events", content=body, headers=unsigned).status_code == 401
    assert slack.fake.calls == []
    _no_tracebacks(caplog)


def test_requests_as_slack_sends_them_still_pass(slack: Harness) -> None:
    """Media types are read as Slack and Bolt read them: parameters and case aside."""
    command = signing.slash_command(
        "/actions", "help", user=JACKIE, response_url=slack.fake.response_url("cmd")
    )
    for content_type in (FORM, "application/x-www-form-urlencoded; charset=utf-8"):
        answer = _post(slack, command.encode(), content_type)
        assert answer.status_code == 200 and "/actions" in answer.json()["text"]
    challenge = b'{"token": "x", "challenge": "c-\xc3\xa9", "type": "url_verification"}'
    for content_type in (JSON, "application/json; charset=utf-8", "Application/JSON"):
        answer = _post(slack, challenge, content_type)
        assert answer.status_code == 200 and answer.json()["challenge"] == "c-\u00e9"


# -- csbot serve as a real process: its log ---------------------------------------------------


@pytest.fixture
def served(tmp_path: Path, fake: FakeSlack) -> Iterator[tuple[str, Path]]:
    """``csbot serve`` on a free port, and the file its log goes to."""
    with serving(tmp_path, fake) as (base, log):
        yield base, log


def test_csbot_serve_logs_no_traceback_for_a_body_that_is_not_utf8(
    served: tuple[str, Path],
) -> None:
    base, log = served
    body, content_type = NOT_UTF8["json-ff"]
    forged = {**_headers(body, content_type), "X-Slack-Signature": "v0=deadbeef"}
    url = f"{base}/slack/events"
    assert httpx.post(url, content=body, headers=forged).status_code == 401
    form, content_type = NOT_UTF8["form-e9"]
    assert httpx.post(url, content=form, headers=_headers(form, content_type)).status_code == 400
    garbage, content_type = NOT_FORM["control-bytes"]
    signed = _headers(garbage, content_type)
    assert httpx.post(url, content=garbage, headers=signed).status_code == 400
    written = log.read_text(errors="replace")
    assert "Traceback" not in written and "Exception in ASGI" not in written, written
    assert written.count("refused a Slack request") == 3, written
    assert "caf" not in written and "%zz" not in written
