"""The neutral context an adapter hands to the core with every message or command."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Caller(BaseModel):
    """Who typed the message, as the chat platform reports them."""

    model_config = ConfigDict(frozen=True)

    platform: str
    user_id: str
    display_name: str = ""
    real_name: str = ""
    email: str | None = None
    is_platform_admin: bool = False
    # A guest of the workspace or a user from another organisation: the platform's name for
    # them is their own choice, so it links them to nobody (``real_name`` is left empty).
    is_guest: bool = False
    # The id the platform's mentions name the caller by, when it is not ``user_id`` (Teams:
    # the ``29:`` Bot Framework id of a user known by their AAD object id).
    mention_id: str | None = None


class Mention(BaseModel):
    """A person a message mentions, where the platform gives their id apart from the text
    (Teams): ``name`` as the command text reads the mention, ``user_id`` as the platform
    names them."""

    model_config = ConfigDict(frozen=True)

    name: str
    user_id: str


class MessageContext(BaseModel):
    """Where a message was typed and by whom; built by adapters, read by the core."""

    model_config = ConfigDict(frozen=True)

    workspace: str
    caller: Caller
    channel_id: str | None = None
    channel_name: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    permalink: str | None = None
    is_direct: bool = False
    as_person: str | None = None
    now: datetime | None = None
    source: str = "command"
    mentions: tuple[Mention, ...] = ()
    # An edited message's edit time as the platform gives it (Slack's ``edited.ts``): edits
    # are ordered by it. None where the platform gives none.
    edited_at: str | None = None
