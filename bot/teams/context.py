"""From a Teams activity to the neutral MessageContext and the text the grammar reads.

- workspace = the Teams tenant id;
- caller = the AAD object id (``user_id``), display name and, when the connector told us, the
  e-mail address, so a Teams user links to a person exactly as a Slack user does. The Teams
  name is the caller's real name only for members of the tenant: a guest (or a user of
  another tenant) chooses their own, so theirs is a display name only and they link by
  e-mail (or ``link <name>``), never by name;
- channel_id = the conversation id without its ``;messageid=`` thread suffix (a channel's id
  in a team, the chat's id in personal and group chats); thread_id = the reply chain's root
  message id; message_id = the activity id.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from commands.context import Caller, Mention, MessageContext

PLATFORM = "teams"
_THREAD_RE = re.compile(r"^(?P<base>[^;]+);messageid=(?P<thread>[^;]+)$")
_TAG_RE = re.compile(r"<[^<>]+>")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Where:
    """Where an activity happened, as the core and the reference store need it."""

    tenant_id: str
    conversation_id: str
    conversation_type: str
    thread_id: str | None
    channel_name: str | None
    team_id: str | None
    team_name: str | None


def split_conversation_id(conversation_id: str) -> tuple[str, str | None]:
    """``19:x@thread.tacv2;messageid=123`` -> (``19:x@thread.tacv2``, ``123``)."""
    m = _THREAD_RE.match(conversation_id)
    if m is None:
        return conversation_id, None
    return m["base"], m["thread"]


def tenant_of(activity: Any) -> str | None:
    """The tenant an activity comes from (conversation first, then channel data)."""
    tenant = getattr(activity.conversation, "tenant_id", None)
    if not tenant and activity.channel_data is not None and activity.channel_data.tenant:
        tenant = activity.channel_data.tenant.id
    return tenant or None


def tenants_named(activity: Any) -> frozenset[str]:
    """Every tenant id an activity names (conversation and channel data): a single-tenant
    bot serves an activity only when each of them is its home tenant."""
    named = {getattr(activity.conversation, "tenant_id", None)}
    if activity.channel_data is not None and activity.channel_data.tenant:
        named.add(activity.channel_data.tenant.id)
    return frozenset(t for t in named if t)


def where_of(activity: Any) -> Where | None:
    """Tenant, conversation, thread, channel and team of an activity; None without a tenant."""
    tenant = tenant_of(activity)
    if tenant is None:
        return None
    conversation_id, thread_id = split_conversation_id(activity.conversation.id)
    kind = activity.conversation.conversation_type or "personal"
    data = activity.channel_data
    channel = data.channel if data is not None else None
    team = data.team if data is not None else None
    if kind == "channel" and channel is not None and channel.id:
        conversation_id = channel.id
    return Where(
        tenant_id=tenant,
        conversation_id=conversation_id,
        conversation_type=kind,
        thread_id=thread_id,
        channel_name=(channel.name if channel is not None else None) or None,
        team_id=team.id if team is not None else None,
        team_name=(team.name if team is not None else None) or None,
    )


def is_bot_mentioned(activity: Any) -> bool:
    """True when the message @mentions this bot."""
    bot_id = activity.recipient.id
    return any(_mentioned_id(e) == bot_id for e in activity.entities or [])


def command_text(activity: Any) -> str:
    """The text a user typed, as the grammar reads it.

    The bot's own @mention is removed; other mentions become the plain name (people) or
    ``#<channel id>`` (channels, for ``/meeting channel CPAC @cpac``). Markup and HTML
    entities that Teams adds are undone.
    """
    text = activity.text or ""
    bot_id = activity.recipient.id
    for entity in activity.entities or []:
        mention_text = getattr(entity, "text", None)
        mentioned = getattr(entity, "mentioned", None)
        if not mention_text or mentioned is None:
            continue
        if mentioned.id == bot_id:
            replacement = " "
        elif mentioned.id.startswith("19:"):
            replacement = f"#{mentioned.id}"
        else:
            replacement = mentioned.name or ""
        text = text.replace(mention_text, replacement)
    if _TAG_RE.search(text):
        text = _TAG_RE.sub(" ", text.replace("<br>", "\n").replace("<br/>", "\n"))
    text = html.unescape(text)
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def mentioned_people(activity: Any) -> tuple[Mention, ...]:
    """The people a message mentions (not the bot, not channels): each by the name
    :func:`command_text` puts in its place and their ``29:`` Teams id."""
    bot_id = activity.recipient.id
    people: list[Mention] = []
    for entity in activity.entities or []:
        mentioned = getattr(entity, "mentioned", None)
        user_id = getattr(mentioned, "id", None) or ""
        name = " ".join((getattr(mentioned, "name", None) or "").split())
        is_person = bool(user_id) and user_id != bot_id and not user_id.startswith("19:")
        if is_person and name and getattr(entity, "text", None):
            people.append(Mention(name=name, user_id=user_id))
    return tuple(people)


def mentioned_channels(activity: Any) -> dict[str, str]:
    """The channels a message mentions: channel id -> the name its mention shows."""
    named: dict[str, str] = {}
    for entity in activity.entities or []:
        mentioned = getattr(entity, "mentioned", None)
        channel_id = getattr(mentioned, "id", None) or ""
        name = _mention_name(entity, mentioned)
        if channel_id.startswith("19:") and name:
            named[channel_id] = name
    return named


def _mention_name(entity: Any, mentioned: Any) -> str:
    """The name a mention shows: what the ``<at>`` tag reads, else the mentioned's name."""
    shown = html.unescape(_TAG_RE.sub("", getattr(entity, "text", None) or ""))
    return " ".join((shown or getattr(mentioned, "name", None) or "").split())


def is_guest(activity: Any) -> bool:
    """True when the sender is not a member of the conversation's tenant: Teams says they are
    a guest (or anonymous), or their home tenant is another one."""
    sender = activity.from_
    if (getattr(sender, "user_role", None) or "").lower() in ("guest", "anonymous"):
        return True
    home = getattr(sender, "tenant_id", None)
    tenant = tenant_of(activity)
    return bool(home and tenant and home != tenant)


def caller_of(activity: Any, email: str | None = None) -> Caller:
    """The sender as the core sees them: AAD object id, name, e-mail and the ``29:`` id that
    mentions of them carry. A guest's name is only a display name (no real name), so the core
    never links them to a person by it."""
    sender = activity.from_
    name = sender.name or ""
    user_id = sender.aad_object_id or sender.id
    return Caller(
        platform=PLATFORM,
        user_id=user_id,
        display_name=name,
        real_name="" if is_guest(activity) else name,
        is_guest=is_guest(activity),
        email=email or sender.email or None,
        mention_id=sender.id if sender.id and sender.id != user_id else None,
    )


def permalink(where: Where, message_id: str | None) -> str | None:
    """A deep link that opens a channel message in Teams (None outside channels)."""
    if where.conversation_type != "channel" or not message_id:
        return None
    params = {"tenantId": where.tenant_id}
    if where.thread_id and where.thread_id != message_id:
        params["parentMessageId"] = where.thread_id
    return (
        "https://teams.microsoft.com/l/message/"
        f"{quote(where.conversation_id, safe='')}/{quote(message_id, safe='')}?{urlencode(params)}"
    )


def message_context(
    activity: Any,
    where: Where,
    *,
    email: str | None = None,
    message_id: str | None = None,
    source: str = "chat",
    now: datetime | None = None,
) -> MessageContext:
    """The neutral context of one Teams activity."""
    message_id = message_id or activity.id
    return MessageContext(
        workspace=where.tenant_id,
        caller=caller_of(activity, email),
        channel_id=where.conversation_id,
        channel_name=where.channel_name or where.team_name,
        thread_id=where.thread_id,
        message_id=message_id,
        permalink=permalink(where, message_id),
        is_direct=where.conversation_type == "personal",
        now=now,
        source=source,
        mentions=mentioned_people(activity),
    )


def _mentioned_id(entity: Any) -> str | None:
    mentioned = getattr(entity, "mentioned", None)
    return getattr(mentioned, "id", None)
