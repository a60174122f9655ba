"""The checks every Slack request over HTTP passes before Bolt sees it.

In order: the body is at most :data:`MAX_BODY_BYTES` (413, without reading a bigger one),
Slack's signature is valid (401, whatever the body holds: it is checked over the raw bytes), and
the body is a well-formed Slack payload (400): UTF-8 JSON or form data as Slack sends them (see
:func:`body_problem`), the parts the listeners read are objects where objects belong, and every
team, user and channel id is a string shaped like a Slack id (so a list, an object or text
with a newline or a mention never reaches the database or the log). Bolt would otherwise read
any body whole, parse it before verifying the signature, and answer a malformed one with a 500
and a traceback. Nothing here raises.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from slack_bolt.adapter.starlette.async_handler import to_async_bolt_request
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from bot.http_body import read_capped
from bot.slack.context import is_slack_id, is_slack_ts

log = logging.getLogger(__name__)

# Slack's payloads are well under 1 MB (a message is at most 40,000 characters).
MAX_BODY_BYTES = 1024 * 1024
# How far a request's timestamp may be from now (Slack's five minutes, against replays).
SIGNATURE_MAX_AGE = 60 * 5
# The two ways Slack encodes a body: Events API deliveries are JSON, slash commands and
# interactions form data (an interaction's ``payload`` field holding its JSON).
JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
# Form data is printable ASCII (anything else is percent-encoded) with whole escapes only.
FORM_CHARACTERS = re.compile(rb"[\x21-\x7e]*")
BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
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
    whole number of seconds within Slack's five minutes of now. The HMAC is taken over the
    raw bytes (``v0:{timestamp}:{body}``) and compared in constant time, so a body that is not
    UTF-8, a timestamp that is not a number or a signature that is not ASCII is simply not
    valid (slack_sdk's verifier would raise on each)."""
    timestamp = str(headers.get("x-slack-request-timestamp") or "")
    signature = str(headers.get("x-slack-signature") or "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if not signature.isascii() or abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE:
        return False
    signed = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def body_problem(content_type: str | None, body: bytes) -> str | None:
    """What makes ``body`` something Slack never sends, or None: a Content-Type other than
    JSON or form data, bytes that are not UTF-8, JSON that is not an object, or form data
    that is not ``name=value`` pairs joined by ``&`` (printable ASCII, whole ``%XX`` escapes
    that decode to UTF-8). The answer names no part of the body (it is logged)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in (JSON_TYPE, FORM_TYPE):
        return "the Content-Type is neither JSON nor form data"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if media == JSON_TYPE:
        # Bolt reads a body as JSON only when it starts with a brace (or the type is exactly
        # this one): requiring the brace means both read it the same way.
        return None if text.startswith("{") else "the JSON body is not an object"
    if not text or text.startswith("{") or not FORM_CHARACTERS.fullmatch(body):
        return "the body is not form data"
    if BAD_ESCAPE.search(body):
        return "the form data has a broken %-escape"
    for pair in text.split("&"):
        name, equals, value = pair.partition("=")
        if pair and not (name and equals):
            return "the form data has a field that is not name=value"
        try:
            unquote_plus(name, errors="strict")
            unquote_plus(value, errors="strict")
        except UnicodeDecodeError:
            return "the form data is not UTF-8"
    return None


def to_bolt_request(request: Request, body: bytes) -> AsyncBoltRequest | None:
    """Bolt's request for a body Slack's way of encoding parses (its shape is checked by
    :func:`shape_problem`); None when the body does not parse into an object."""
    try:
        bolt = to_async_bolt_request(request, body)
    except Exception:  # any parse failure: bad UTF-8, bad JSON, a list where a dict belongs
        return None
    if bolt.body == {} and b"payload" in body and not bolt.raw_body.startswith("{"):
        # Bolt reads a form body with "payload" anywhere in it (a command's text: "new
        # payload of referrals") as an interaction's payload field, and finding none, as
        # empty: the command went unanswered. Its fields, as any other form's.
        fields = dict(parse_qsl(bolt.raw_body, keep_blank_values=True))
        if "payload" not in fields:
            bolt.body = fields
            bolt.context = build_async_context(AsyncBoltContext({}), fields)
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
    problem = body_problem(request.headers.get("content-type"), body)
    if problem is not None:
        raise Refusal(400, f"malformed Slack request: {problem}")
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
    "body_problem",
    "checked_request",
    "describe",
    "read_body",
    "shape_problem",
    "signature_valid",
]
