"""Slack payloads -> the neutral MessageContext the core reads.

The workspace is the Slack team (an org-wide install without a team uses the org's id), the
caller comes from users.info, the message id is the message's ``ts`` and the thread id its
``thread_ts``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from commands.context import Caller, MessageContext

REQUEST_KEY_PREFIX = "req:"


def team_of(body: dict[str, Any]) -> str:
    """The Slack team a request belongs to."""
    team = body.get("team")
    candidates = [
        body.get("team_id"),
        team.get("id") if isinstance(team, dict) else None,
        (body.get("user") or {}).get("team_id") if isinstance(body.get("user"), dict) else None,
        (body.get("view") or {}).get("team_id") if isinstance(body.get("view"), dict) else None,
        body.get("enterprise_id"),
        (body.get("enterprise") or {}).get("id")
        if isinstance(body.get("enterprise"), dict)
        else None,
    ]
    return next((str(c) for c in candidates if c), "")


def user_of(body: dict[str, Any]) -> str:
    """The user who sent a command or clicked (commands: ``user_id``; interactions: ``user``)."""
    user = body.get("user")
    if isinstance(user, dict):
        return str(user.get("id", ""))
    return str(body.get("user_id") or "")


def is_direct(channel_id: str | None, channel_name: str | None = None) -> bool:
    """True for a direct-message conversation with the bot."""
    return bool(channel_id and channel_id.startswith("D")) or channel_name == "directmessage"


def for_command(body: dict[str, Any], caller: Caller) -> MessageContext:
    """The context of a slash command."""
    channel = body.get("channel_id") or None
    name = body.get("channel_name") or None
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
    channel = event.get("channel") or None
    thread = event.get("thread_ts") or (event.get("message") or {}).get("thread_ts")
    return MessageContext(
        workspace=team_id,
        caller=caller,
        channel_id=channel,
        thread_id=thread if thread and thread != ts else None,
        message_id=ts,
        permalink=permalink,
        is_direct=is_direct(channel) or event.get("channel_type") == "im",
        source="chat",
    )


def for_interaction(
    body: dict[str, Any], caller: Caller, channel_id: str | None = None
) -> MessageContext:
    """The context of a button click, shortcut or form submission."""
    channel = body.get("channel")
    if channel_id is None and isinstance(channel, dict):
        channel_id = channel.get("id")
    container = body.get("container") or {}
    if channel_id is None and isinstance(container, dict):
        channel_id = container.get("channel_id")
    return MessageContext(
        workspace=team_of(body),
        caller=caller,
        channel_id=channel_id or None,
        channel_name=channel.get("name") if isinstance(channel, dict) else None,
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
