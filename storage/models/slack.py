"""Slack app installations, OAuth state and the ledger of processed Events API deliveries.

These tables belong to the Slack adapter, not to a workspace's data: they are keyed by Slack's
ids (team, enterprise, event) and are never shown to users. Tokens are stored as Slack hands
them out; protect the database (and its backups) accordingly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import IDS_NOT_REUSED, Base, utcnow


class SlackInstallation(Base):
    """One completed OAuth installation (the newest one per team and user wins)."""

    __tablename__ = "slack_installation"
    __table_args__ = (
        Index(
            "ix_slack_installation_team", "client_id", "enterprise_id", "team_id", "installed_at"
        ),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    team_id: Mapped[str | None] = mapped_column(String(32), default=None)
    user_id: Mapped[str | None] = mapped_column(String(32), default=None)
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    # Installation.to_dict() as JSON: every field Slack returned, tokens included.
    data: Mapped[dict[str, Any]] = mapped_column()
    installed_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackBot(Base):
    """The bot token of an installed workspace (or org), as Bolt's authorize needs it."""

    __tablename__ = "slack_bot"
    __table_args__ = (
        Index("ix_slack_bot_team", "client_id", "enterprise_id", "team_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    team_id: Mapped[str | None] = mapped_column(String(32), default=None)
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bot.to_dict() as JSON (bot token, bot user id, scopes, refresh token...).
    data: Mapped[dict[str, Any]] = mapped_column()
    installed_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackOAuthState(Base):
    """A one-time OAuth ``state`` value issued at /slack/install, consumed at the redirect."""

    __tablename__ = "slack_oauth_state"
    __table_args__ = (UniqueConstraint("state"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()


class SlackEvent(Base):
    """An Events API delivery whose effects were carried out (Slack retries deliver it again)."""

    __tablename__ = "slack_event"
    __table_args__ = (
        UniqueConstraint("event_id"),
        Index("ix_slack_event_received", "received_at"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    team_id: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
