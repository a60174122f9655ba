"""Slack payloads -> the neutral MessageContext the core reads.

The workspace is the Slack team (an org-wide install without a team uses the org's id), the
caller comes from users.info, the message id is the message's ``ts`` and the thread id its
``thread_ts``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from commands.context import Caller, MessageContext

REQUEST_KEY_PREFIX = "req:"
# Slack's ids: a letter for the kind (T team, E enterprise, U/W user, B bot, C/G/D channel)
# and upper-case letters and digits, 9 to 11 characters today; generous about the length.
SLACK_ID = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,31}")


def is_slack_id(value: object) -> bool:
    """True when ``value`` is a string shaped like a Slack id (``U024BE7LH``)."""
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


# Slack's message timestamps: seconds, a dot and microseconds ("1449050400.000100").
SLACK_TS = re.compile(r"\d{1,16}(\.\d{1,9})?")


def is_slack_ts(value: object) -> bool:
    """True when ``value`` is a string shaped like a Slack message timestamp."""
    return isinstance(value, str) and SLACK_TS.fullmatch(value) is not None


def slack_id(value: object) -> str:
    """``value`` when it is a Slack id, else "" (never the text of a list or an object)."""
    return value if isinstance(value, str) and is_slack_id(value) else ""


# A Slack timestamp ("1700000000.000100"), as an edit's time is given.
_TS = re.compile(r"[0-9]{1,12}\.[0-9]{1,9}")


def _field(parent: object, key: str) -> object:
    return parent.get(key) if isinstance(parent, dict) else None


def team_of(body: dict[str, Any]) -> str:
    """The Slack team a request belongs to ("" when it names none)."""
    candidates = [
        body.get("team_id"),
        _field(body.get("team"), "id"),
        # Before the user's: an org-wide install sends no team with a form's submission, and
        # a Grid user's team_id is their home workspace, not the one the form was opened in.
        _field(body.get("view"), "team_id"),
        _field(body.get("user"), "team_id"),
        body.get("enterprise_id"),
        _field(body.get("enterprise"), "id"),
    ]
    return next((slack_id(c) for c in candidates if slack_id(c)), "")


def user_of(body: dict[str, Any]) -> str:
    """The user who sent a command or clicked (commands: ``user_id``; interactions: ``user``),
    "" when it names none."""
    user = body.get("user")
    if isinstance(user, dict):
        return slack_id(user.get("id"))
    return slack_id(body.get("user_id"))


def is_direct(channel_id: object, channel_name: object = None) -> bool:
    """True for a direct-message conversation with the bot."""
    direct = isinstance(channel_id, str) and channel_id.startswith("D")
    return direct or channel_name == "directmessage"


def for_command(body: dict[str, Any], caller: Caller) -> MessageContext:
    """The context of a slash command."""
    channel = slack_id(body.get("channel_id")) or None
    name = str(body.get("channel_name") or "") or None
    return MessageContext(
        workspace=team_of(body),
        caller=caller,
        channel_id=channel,
        channel_name=name,
        is_direct=is_direct(channel, name),
        source="command",
    )


def for_message(
    team_id: str,
    event: dict[str, Any],
    caller: Caller,
    *,
    ts: str,
    permalink: str | None = None,
) -> MessageContext:
    """The context of a channel message (new, edited or deleted: ``ts`` names the message)."""
    channel = slack_id(event.get("channel")) or None
    found = event.get("thread_ts") or _field(event.get("message"), "thread_ts")
    thread = found if isinstance(found, str) else None
    edited = _field(_field(event.get("message"), "edited"), "ts")
    return MessageContext(
        workspace=team_id,
        caller=caller,
        channel_id=channel,
        thread_id=thread if thread and thread != ts else None,
        message_id=ts,
        permalink=permalink,
        is_direct=is_direct(channel) or event.get("channel_type") == "im",
        source="chat",
        edited_at=edited if isinstance(edited, str) and _TS.fullmatch(edited) else None,
    )


def for_interaction(
    body: dict[str, Any], caller: Caller, channel_id: str | None = None
) -> MessageContext:
    """The context of a button click, shortcut or form submission."""
    channel = body.get("channel")
    name = _field(channel, "name")
    if channel_id is None:
        channel_id = slack_id(_field(channel, "id")) or None
    if channel_id is None:
        channel_id = slack_id(_field(body.get("container"), "channel_id")) or None
    return MessageContext(
        workspace=team_of(body),
        caller=caller,
        channel_id=channel_id or None,
        channel_name=name if isinstance(name, str) else None,
        is_direct=is_direct(channel_id),
        source="form",
    )


def request_key(headers: Mapping[str, Any]) -> str | None:
    """The ledger key of one signed request: a digest of its ``X-Slack-Signature``, which
    signs the body and the timestamp together, so a replay of the same request has the same
    key and any other request another. None without a signature (Socket Mode)."""
    value = headers.get("x-slack-signature")
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if not value:
        return None
    digest = hashlib.sha256(str(value).encode()).hexdigest()
    return REQUEST_KEY_PREFIX + digest[: 64 - len(REQUEST_KEY_PREFIX)]
