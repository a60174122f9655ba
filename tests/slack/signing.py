"""Requests signed exactly as Slack signs them, and the payloads Slack sends."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from bot.slack.form_seal import FormSeal
from tests.slack.fake_slack import TEAM

SECRET = "test-signing-secret-8f3a"
_event_ids = itertools.count(1)
_triggers = itertools.count(1)


def trigger_id() -> str:
    """A new trigger id: Slack gives every interaction its own, so two submissions of the same
    form are never the same request (only a replay is)."""
    return f"13345224609.738474920.{next(_triggers):031x}"


def signature(secret: str, timestamp: int, body: str) -> str:
    """``v0=hex(hmac_sha256(secret, "v0:{ts}:{body}"))``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    retry: int | None = None,
) -> dict[str, str]:
    """The headers Slack sends with ``body``."""
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(secret, ts, body),
    }
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_error"
    return headers


def slash_command(
    command: str,
    text: str,
    *,
    user: str,
    channel: str = "CGENERAL",
    channel_name: str = "general",
    response_url: str = "https://hooks.slack.invalid/commands/1",
    team: str = TEAM,
) -> str:
    """The form body of a slash command."""
    return urlencode(
        {
            "token": "deprecated",
            "team_id": team,
            "team_domain": "csbot-test",
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0CSBOT",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id(),
        }
    )


def event_callback(event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM) -> str:
    """The JSON body of an Events API delivery."""
    return json.dumps(
        {
            "token": "deprecated",
            "team_id": team,
            "api_app_id": "A0CSBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": 1449050400,
            "authorizations": [
                {
                    "team_id": team,
                    "user_id": "UBOT0001",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
    )


def message_event(
    text: str, *, user: str, channel: str, ts: str, channel_type: str = "channel", **extra: Any
) -> dict[str, Any]:
    """A ``message`` event as posted by a person."""
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": channel_type,
        **extra,
    }


def edited_event(
    text: str,
    old: str,
    *,
    user: str,
    channel: str,
    ts: str,
    channel_type: str = "channel",
    edited: str = "1449050460.000000",
    **extra: Any,
) -> dict[str, Any]:
    """A ``message_changed`` event: the message ``ts`` edited from ``old`` to ``text`` (``extra``
    goes in both versions of the message, e.g. its ``thread_ts``)."""
    return {
        "type": "message",
        "subtype": "message_changed",
        "channel": channel,
        "channel_type": channel_type,
        "hidden": True,
        "ts": "1449050460.000200",
        "event_ts": "1449050460.000200",
        "message": {
            "type": "message",
            "user": user,
            "text": text,
            "ts": ts,
            "edited": {"user": user, "ts": edited},
            **extra,
        },
        "previous_message": {"type": "message", "user": user, "text": old, "ts": ts, **extra},
    }


def deleted_event(
    old: str, *, user: str, channel: str, ts: str, channel_type: str = "channel"
) -> dict[str, Any]:
    """A ``message_deleted`` event: the message ``ts``, which read ``old``, deleted."""
    return {
        "type": "message",
        "subtype": "message_deleted",
        "channel": channel,
        "channel_type": channel_type,
        "hidden": True,
        "deleted_ts": ts,
        "ts": "1449050470.000300",
        "event_ts": "1449050470.000300",
        "previous_message": {"type": "message", "user": user, "text": old, "ts": ts},
    }


def interaction(payload: dict[str, Any]) -> str:
    """The form body of an interaction (``payload=<json>``)."""
    return urlencode({"payload": json.dumps(payload)})


def block_action(
    action_id: str,
    value: str,
    *,
    user: str,
    channel: str = "CGENERAL",
    ephemeral: bool = True,
    response_url: str = "https://hooks.slack.invalid/actions/1",
    view: dict[str, Any] | None = None,
    team: str = TEAM,
    thread_ts: str | None = None,
) -> str:
    """A button click in a message (or, with ``view``, on the Home tab / in a modal);
    ``thread_ts``: the message is a reply in that thread."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team, "domain": "csbot-test"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": "A0CSBOT",
        "trigger_id": trigger_id(),
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "type": "button",
                "value": value,
                "action_ts": "1449050400.1",
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": "V0001"}
        payload["view"] = {"id": "V0001", "type": view.get("type", "home"), **view}
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": "1449050400.000900",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        }
        payload["channel"] = {"id": channel, "name": "general"}
        payload["response_url"] = response_url
    return interaction(payload)


def sealed_metadata(
    callback_id: str, metadata: dict[str, Any], *, user: str, team: str = TEAM
) -> str:
    """``metadata`` signed as csbot signs the forms it opens (for ``SECRET``)."""
    view = {"callback_id": callback_id, "private_metadata": json.dumps(metadata)}
    return str(FormSeal.from_secret(SECRET).seal(view, team=team, user=user)["private_metadata"])


def form_metadata(private_metadata: str) -> dict[str, Any]:
    """What a form csbot opened carries in its (signed) private_metadata."""
    metadata: dict[str, Any] = json.loads(private_metadata.partition(".")[2])
    return metadata


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    *,
    user: str,
    metadata: dict[str, Any] | str | None = None,
    team: str = TEAM,
) -> str:
    """A modal's submission; ``values`` is ``{block_id: {action_id: {...}}}``.

    ``metadata`` as a dict is signed as csbot signs its forms' metadata; a string is sent
    as it is (a form's own ``private_metadata``, or a forgery)."""
    if not isinstance(metadata, str):
        metadata = sealed_metadata(callback_id, metadata or {}, user=user, team=team)
    payload = {
        "type": "view_submission",
        "team": {"id": team, "domain": "csbot-test"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": "A0CSBOT",
        "trigger_id": trigger_id(),
        "view": {
            "id": "V0002",
            "type": "modal",
            "team_id": team,
            "callback_id": callback_id,
            "private_metadata": metadata,
            "state": {"values": values},
            "hash": "156772938.1827394",
        },
    }
    return interaction(payload)


def text_value(value: str) -> dict[str, Any]:
    """A plain_text_input's submitted state."""
    return {"type": "plain_text_input", "value": value}


def select_value(value: str) -> dict[str, Any]:
    """A static_select's submitted state."""
    return {"type": "static_select", "selected_option": {"value": value}}


def date_value(value: str | None) -> dict[str, Any]:
    """A datepicker's submitted state."""
    return {"type": "datepicker", "selected_date": value}


def message_shortcut(
    callback_id: str, message: dict[str, Any], *, user: str, channel: str, team: str = TEAM
) -> str:
    """A message shortcut chosen from a message's menu."""
    return interaction(
        {
            "type": "message_action",
            "callback_id": callback_id,
            "team": {"id": team, "domain": "csbot-test"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "channel": {"id": channel, "name": "leeds"},
            "trigger_id": trigger_id(),
            "message_ts": message["ts"],
            "message": message,
            "response_url": "",
        }
    )
