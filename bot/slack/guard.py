"""The checks every Slack request over HTTP passes before Bolt sees it.

In order: the body is at most :data:`MAX_BODY_BYTES` (413, without reading a bigger one),
Slack's signature is valid (401, whatever the body holds), and the body is a well-formed Slack
payload (400). Bolt would otherwise read any body whole, parse it before verifying the
signature, and answer a malformed one with a 500 and a traceback. Nothing here raises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.adapter.starlette.async_handler import to_async_bolt_request
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from bot.http_body import read_capped

log = logging.getLogger(__name__)

# Slack's payloads are well under 1 MB (a message is at most 40,000 characters).
MAX_BODY_BYTES = 1024 * 1024
INTERACTIONS = ("block_actions", "view_submission", "view_closed", "message_action", "shortcut")


@dataclass(frozen=True)
class Refusal(Exception):
    """A request refused before Bolt saw it (``reason`` is logged and answered)."""

    status: int
    reason: str

    def response(self) -> Response:
        """The HTTP answer (a body over the limit also closes the connection)."""
        headers = {"Connection": "close"} if self.status == 413 else None
        return JSONResponse({"error": self.reason}, status_code=self.status, headers=headers)


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request's body; raises Refusal(413) as soon as it is known to pass ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.strip().isdigit() or not declared.isascii()):
        raise Refusal(400, "invalid Content-Length")
    try:
        body = await read_capped(request, limit)
    except ClientDisconnect as exc:
        raise Refusal(400, "the client went away") from exc
    if body is None:
        raise Refusal(413, f"Slack request body over {limit} bytes")
    return body


def signature_valid(secret: str, headers: Any, body: bytes) -> bool:
    """True when ``X-Slack-Signature`` signs ``body`` with ``secret`` and the timestamp is a
    whole number of seconds within Slack's five minutes of now (slack_sdk's verifier, after
    the checks it leaves out: it would raise on a timestamp that is not a number, and on a
    signature that is not ASCII)."""
    timestamp = str(headers.get("x-slack-request-timestamp") or "")
    signature = str(headers.get("x-slack-signature") or "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if not signature.isascii():
        return False
    return SignatureVerifier(secret).is_valid(body, timestamp, signature)


def to_bolt_request(request: Request, body: bytes) -> AsyncBoltRequest | None:
    """Bolt's request for a well-formed Slack payload; None when the body is not one."""
    try:
        bolt = to_async_bolt_request(request, body)
    except Exception:  # any parse failure: bad UTF-8, bad JSON, a list where a dict belongs
        return None
    if not isinstance(bolt.body, dict) or shape_problem(bolt.body):
        return None
    return bolt


def is_ssl_check(bolt: AsyncBoltRequest | None) -> bool:
    """Slack's certificate check (``ssl_check=1``), which Bolt answers without a signature."""
    return bolt is not None and bolt.body.get("ssl_check") == "1"


def shape_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with the parts of a payload the listeners read, or None."""
    kind = body.get("type")
    if kind == "event_callback":
        return _event_problem(body.get("event"))
    if kind not in INTERACTIONS:
        return None
    for key in ("user", "team", "channel", "container", "view", "message", "enterprise"):
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    actions = body.get("actions")
    if actions is not None and not _all_dicts(actions):
        return "actions is not a list of objects"
    view = body.get("view")
    return _view_problem(view) if isinstance(view, dict) else None


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, dict):
        return "event is not an object"
    for key in ("message", "previous_message"):
        if event.get(key) is not None and not isinstance(event[key], dict):
            return f"event.{key} is not an object"
    return None


def _view_problem(view: dict[str, Any]) -> str | None:
    state = view.get("state")
    if state is None:
        return None
    if not isinstance(state, dict):
        return "view.state is not an object"
    values = state.get("values")
    if values is None:
        return None
    if not isinstance(values, dict) or not all(
        isinstance(block, dict) and all(isinstance(v, dict) for v in block.values())
        for block in values.values()
    ):
        return "view.state.values is not an object of objects"
    return None


def _all_dicts(items: Any) -> bool:
    return isinstance(items, list) and all(isinstance(item, dict) for item in items)


async def checked_request(request: Request, signing_secret: str | None) -> AsyncBoltRequest:
    """Bolt's request for a POST that passed every check; raises Refusal otherwise.
    Without a signing secret (Socket Mode only) nothing is verified here, as in Bolt."""
    body = await read_body(request)
    bolt = to_bolt_request(request, body)
    verify = bool(signing_secret) and not is_ssl_check(bolt)
    if verify and not signature_valid(signing_secret or "", request.headers, body):
        raise Refusal(401, "invalid request")
    if bolt is None:
        raise Refusal(400, "malformed Slack request")
    return bolt


def describe(refusal: Refusal, request: Request) -> str:
    """One log line for a refused request (never the body, never a traceback)."""
    client = request.client.host if request.client else "?"
    return f"refused a Slack request from {client}: {refusal.status} {refusal.reason}"


__all__ = [
    "MAX_BODY_BYTES",
    "Refusal",
    "checked_request",
    "describe",
    "read_body",
    "shape_problem",
    "signature_valid",
]
