"""Teams activities as the Bot Connector delivers them (message, invoke, installs, edits).

Shapes follow what Teams sends: a channel message's conversation id carries
``;messageid=<thread root>``, channel data names the tenant, team and channel, and the bot's
@mention is an ``<at>`` tag plus a mention entity.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from tests.teams.signing import APP_ID

TENANT = "8d2a6f43-1b7c-4e55-9f0a-3c6d2e1b4a97"
OTHER_TENANT = "0b9e4d21-7a3f-4c68-8e15-6f2a9d3c7b40"
BOT_ID = f"28:{APP_ID}"
BOT_NAME = "csbot"
TEAM_ID = "19:team-leeds@thread.tacv2"
CHANNEL_ID = "19:chan-leeds-improvement@thread.tacv2"
CPAC_CHANNEL_ID = "19:chan-cpac@thread.tacv2"
_ids = itertools.count(1_700_000_000_001)


@dataclass(frozen=True)
class User:
    """A Teams user: their Teams id, AAD object id and name; ``user_role`` ("user", "guest")
    and ``tenant`` (their home tenant) when the activity carries them."""

    id: str
    aad: str
    name: str
    user_role: str | None = None
    tenant: str | None = None


JACKIE = User("29:jackie", "aad-0001-jackie", "Jackie W.")  # linked by e-mail
FIONA = User("29:fiona", "aad-0002-fiona", "Fiona Smith")
NEWBIE = User("29:pat", "aad-0003-pat", "Pat Newcomer")


def next_id() -> str:
    """A fresh activity id."""
    return str(next(_ids))


def _sender(user: User) -> dict[str, Any]:
    sender: dict[str, Any] = {"id": user.id, "name": user.name, "aadObjectId": user.aad}
    if user.user_role is not None:
        sender["userRole"] = user.user_role
    if user.tenant is not None:
        sender["tenantId"] = user.tenant
    return sender


def _base(
    kind: str,
    service_url: str,
    user: User,
    *,
    conversation: dict[str, Any],
    channel_data: dict[str, Any],
    activity_id: str | None = None,
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": activity_id or next_id(),
        "timestamp": "2015-12-02T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": _sender(user),
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": conversation,
        "channelData": channel_data,
        "locale": "en-GB",
    }


def personal(user: User, tenant: str = TENANT) -> dict[str, Any]:
    """Where a personal chat between ``user`` and the bot happens."""
    return {
        "conversation": {
            "id": f"a:personal-{user.aad}",
            "conversationType": "personal",
            "tenantId": tenant,
        },
        "channel_data": {"tenant": {"id": tenant}},
    }


def channel(
    *,
    thread: str | None = None,
    channel_id: str = CHANNEL_ID,
    name: str = "leeds-improvement",
    tenant: str = TENANT,
) -> dict[str, Any]:
    """Where a channel message happens (``thread``: the root message of its reply chain)."""
    conversation_id = f"{channel_id};messageid={thread}" if thread else channel_id
    return {
        "conversation": {
            "id": conversation_id,
            "conversationType": "channel",
            "tenantId": tenant,
            "isGroup": True,
        },
        "channel_data": {
            "tenant": {"id": tenant},
            "team": {"id": TEAM_ID, "name": "Leeds Children's Services"},
            "channel": {"id": channel_id, "name": name},
        },
    }


def group_chat(tenant: str = TENANT) -> dict[str, Any]:
    """Where a group chat message happens."""
    return {
        "conversation": {
            "id": "19:group-chat-1@thread.v2",
            "conversationType": "groupChat",
            "tenantId": tenant,
            "isGroup": True,
        },
        "channel_data": {"tenant": {"id": tenant}},
    }


def message(
    service_url: str,
    text: str,
    *,
    user: User = JACKIE,
    where: dict[str, Any] | None = None,
    mention: bool = False,
    activity_id: str | None = None,
) -> dict[str, Any]:
    """A message; ``mention`` puts ``<at>csbot</at>`` in front, as Teams does."""
    place = where or personal(user)
    activity = _base(
        "message",
        service_url,
        user,
        conversation=place["conversation"],
        channel_data=place["channel_data"],
        activity_id=activity_id,
    )
    activity["textFormat"] = "plain"
    activity["text"] = f"<at>{BOT_NAME}</at> {text}" if mention else text
    if mention:
        activity["entities"] = [
            {
                "type": "mention",
                "text": f"<at>{BOT_NAME}</at>",
                "mentioned": {"id": BOT_ID, "name": BOT_NAME},
            }
        ]
    return activity


def channel_message(
    service_url: str, text: str, *, user: User = JACKIE, thread: str | None = None, **kw: Any
) -> dict[str, Any]:
    """A new post (or, with ``thread``, a reply) in the Leeds channel @mentioning the bot."""
    activity_id = kw.pop("activity_id", None) or next_id()
    mention = kw.pop("mention", True)
    place = channel(thread=thread or activity_id, **kw)
    return message(
        service_url, text, user=user, where=place, mention=mention, activity_id=activity_id
    )


def card_action(
    service_url: str,
    verb: str,
    data: dict[str, Any],
    *,
    user: User = JACKIE,
    where: dict[str, Any] | None = None,
    reply_to: str = "bot-1",
) -> dict[str, Any]:
    """An ``invoke`` ``adaptiveCard/action``: a press of an Action.Execute button."""
    place = where or personal(user)
    activity = _base(
        "invoke",
        service_url,
        user,
        conversation=place["conversation"],
        channel_data=place["channel_data"],
    )
    activity["name"] = "adaptiveCard/action"
    activity["replyToId"] = reply_to
    activity["value"] = {
        "action": {"type": "Action.Execute", "verb": verb, "data": data},
        "trigger": "manual",
    }
    return activity


def installed(
    service_url: str, *, user: User = JACKIE, where: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A ``conversationUpdate`` saying the bot was added (install in that scope)."""
    place = where or personal(user)
    activity = _base(
        "conversationUpdate",
        service_url,
        user,
        conversation=place["conversation"],
        channel_data={**place["channel_data"], "eventType": "teamMemberAdded"},
    )
    activity["membersAdded"] = [{"id": BOT_ID}]
    return activity


def uninstalled(service_url: str, *, where: dict[str, Any], user: User = JACKIE) -> dict[str, Any]:
    """An ``installationUpdate`` with action ``remove``."""
    activity = _base(
        "installationUpdate",
        service_url,
        user,
        conversation=where["conversation"],
        channel_data=where["channel_data"],
    )
    activity["action"] = "remove"
    return activity


def edited(service_url: str, original: dict[str, Any], text: str) -> dict[str, Any]:
    """A ``messageUpdate`` for a message (same id), with its new text."""
    activity = dict(original)
    activity["type"] = "messageUpdate"
    activity["text"] = f"<at>{BOT_NAME}</at> {text}" if original.get("entities") else text
    activity["channelData"] = {**original["channelData"], "eventType": "editMessage"}
    return activity


def deleted(service_url: str, original: dict[str, Any]) -> dict[str, Any]:
    """A ``messageDelete`` for a message (same id)."""
    activity = {k: v for k, v in original.items() if k not in ("text", "entities")}
    activity["type"] = "messageDelete"
    activity["channelData"] = {**original["channelData"], "eventType": "softDeleteMessage"}
    return activity
