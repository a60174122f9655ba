"""Microsoft Teams conversation references: where the bot can post without being spoken to.

Teams only lets a bot post proactively (summaries, reminders) into a conversation it knows:
the conversation id and the regional service URL that delivered the bot's last activity
there. The Teams adapter saves one row per conversation when the app is installed and on the
first message in it, and keeps the service URL current. These rows are adapter plumbing, not
workspace data users see; the workspace is the Teams tenant the conversation belongs to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import IDS_NOT_REUSED, Base, utcnow

CONVERSATION_TYPES = ("personal", "groupChat", "channel")


class TeamsConversation(Base):
    """A Teams conversation the bot may post into: a channel, a group chat or a personal chat."""

    __tablename__ = "teams_conversation"
    __table_args__ = (
        UniqueConstraint("workspace_id", "conversation_id"),
        Index("ix_teams_conversation_user", "workspace_id", "user_aad_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    # The conversation id without any ";messageid=" thread suffix (a channel's id for channels).
    conversation_id: Mapped[str] = mapped_column(String(256))
    conversation_type: Mapped[str] = mapped_column(String(16))
    service_url: Mapped[str] = mapped_column(String(512))
    bot_id: Mapped[str] = mapped_column(String(128), default="")
    # For personal chats: the user the chat is with (AAD object id and Teams "29:" id).
    user_aad_id: Mapped[str | None] = mapped_column(String(64), default=None)
    user_id: Mapped[str | None] = mapped_column(String(128), default=None)
    team_id: Mapped[str | None] = mapped_column(String(256), default=None)
    name: Mapped[str] = mapped_column(String(200), default="")
    # False once the app is uninstalled there; a later install or message turns it back on.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
