"""The checks every Slack request over HTTP passes before Bolt sees it.

In order: the body is at most :data:`MAX_BODY_BYTES` (413, without reading a bigger one),
Slack's signature is valid (401, whatever the body holds), and the body is a well-formed Slack
payload (400): the parts the listeners read are objects where objects belong, and every
team, user and channel id is a string shaped like a Slack id (so a list, an object or text
with a newline or a mention never reaches the database or the log). Bolt would otherwise read
any body whole, parse it before verifying the signature, and answer a malformed one with a 500
and a traceback. Nothing here raises.
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
from bot.slack.context import is_slack_id, is_slack_ts

log = logging.getLogger(__name__)

# Slack's payloads are well under 1 MB (a message is at most 40,000 characters).
MAX_BODY_BYTES = 1024 * 1024
INTERACTIONS = (
    "block_actions",
    "block_suggestion",
    "view_submission",
    "view_closed",
    "message_action",
    "shortcut",
)
# Ids at a payload's top level (slash commands, Events API envelopes).
TOP_IDS = ("team_id", "user_id", "channel_id", "enterprise_id")
# The events csbot listens to (others are answered 404 unread), and the ids and timestamps
# their listeners read, in the event and in its ``message`` and ``previous_message``.
LISTENED_EVENTS = ("message", "app_mention", "app_home_opened")
EVENT_PARTS = ("message", "previous_message")
EVENT_IDS = ("user", "channel", "team")
TIMESTAMPS = ("ts", "thread_ts", "deleted_ts", "event_ts")
# The ids in an interaction's objects (any of them may also hold timestamps).
INTERACTION_IDS = {
    "user": ("id", "team_id"),
    "team": ("id",),
    "channel": ("id",),
    "container": ("channel_id",),
    "view": ("team_id",),
    "enterprise": ("id",),
    "message": ("user",),
}
INTERACTION_TIMESTAMPS = ("message_ts", "ts", "thread_ts")
# The names Bolt routes an interaction by (a list there makes its matchers raise).
ROUTED_BY = {
    "shortcut": "callback_id",
    "message_action": "callback_id",
    "block_suggestion": "action_id",
}


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
    """Bolt's request for a body Slack's way of encoding parses (its shape is checked by
    :func:`shape_problem`); None when the body does not parse into an object."""
    try:
        bolt = to_async_bolt_request(request, body)
    except Exception:  # any parse failure: bad UTF-8, bad JSON, a list where a dict belongs
        return None
    return bolt if isinstance(bolt.body, dict) else None


def is_ssl_check(bolt: AsyncBoltRequest | None) -> bool:
    """Slack's certificate check (``ssl_check=1``), which Bolt answers without a signature."""
    return bolt is not None and bolt.body.get("ssl_check") == "1"


def shape_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with the parts of a payload the listeners read, or None. The answer
    names a field, never its value (it is logged)."""
    problem = _fields_problem(body, TOP_IDS, ())
    if problem is not None:
        return problem
    if "command" in body:
        # A slash command names its workspace and its user (Slack always sends both).
        missing = next((k for k in ("team_id", "user_id") if not body.get(k)), None)
        if missing is not None:
            return f"a slash command without {missing}"
    kind = body.get("type")
    if kind == "event_callback":
        return _event_problem(body.get("event"))
    if kind not in INTERACTIONS:
        return None
    for key in INTERACTION_IDS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    for key, ids in INTERACTION_IDS.items():
        problem = _fields_problem(body.get(key) or {}, ids, INTERACTION_TIMESTAMPS)
        if problem is not None:
            return f"{key}.{problem}"
    problem = _fields_problem(body, (), INTERACTION_TIMESTAMPS)
    if problem is not None:
        return problem
    routed = ROUTED_BY.get(kind)
    if routed is not None and not isinstance(body.get(routed, ""), str):
        return f"{routed} is not a string"
    actions = body.get("actions")
    if actions is not None and not _all_dicts(actions):
        return "actions is not a list of objects"
    if actions and not all(isinstance(a.get("action_id"), str) for a in actions):
        return "an action has no action_id"
    view = body.get("view")
    return _view_problem(view) if isinstance(view, dict) else None


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, dict):
        return "event is not an object"
    if not isinstance(event.get("type", ""), str):
        return "event.type is not a string"
    for key in EVENT_PARTS:
        if event.get(key) is not None and not isinstance(event[key], dict):
            return f"event.{key} is not an object"
    if event.get("type") not in LISTENED_EVENTS:
        return None
    parts = {"event": event, **{f"event.{k}": event.get(k) or {} for k in EVENT_PARTS}}
    for name, part in parts.items():
        problem = _fields_problem(part, EVENT_IDS, TIMESTAMPS)
        if problem is not None:
            return f"{name}.{problem}"
    return None


def _fields_problem(
    part: dict[str, Any], ids: tuple[str, ...], timestamps: tuple[str, ...]
) -> str | None:
    """The first of ``ids`` that is not a Slack id, or of ``timestamps`` that is not a Slack
    timestamp (``1449050400.000100``), in ``part``; absent and empty fields are fine."""
    for key in ids:
        value = part.get(key)
        if value not in (None, "") and not is_slack_id(value):
            return f"{key} is not a Slack id"
    for key in timestamps:
        value = part.get(key)
        if value not in (None, "") and not is_slack_ts(value):
            return f"{key} is not a Slack timestamp"
    return None


def _view_problem(view: dict[str, Any]) -> str | None:
    if not isinstance(view.get("callback_id", ""), str):
        return "view.callback_id is not a string"
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
    problem = shape_problem(bolt.body)
    if problem is not None:
        raise Refusal(400, f"malformed Slack request: {problem}")
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
