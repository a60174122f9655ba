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
