"""Workspaces (tenants), people, roles and the chat users linked to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import IDS_NOT_REUSED, Base, utcnow


class Workspace(Base):
    """A tenant: a Slack team, a Teams tenant, or ``local`` for the console."""

    __tablename__ = "workspace"
    __table_args__ = IDS_NOT_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16), default="local")
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    """Somebody who can own actions and indicators, e.g. "Fiona Smith"."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # In one order on every database (heap order differs between them, and over time).
    roles: Mapped[list[Role]] = relationship(
        secondary="person_role", lazy="selectin", order_by="Role.key"
    )


class PersonAlias(Base):
    """A name a person was also known by: one merged into them, or theirs before a rename.

    Imports and typed names find the person by it, so that re-importing a file that still
    writes the old name ("A. Smith") does not make that person again."""

    __tablename__ = "person_alias"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RemovedPerson(Base):
    """The name of a person an administrator removed (``remove Bob Jones``), and any name they
    were also known by: a file re-imported that still names them as a lead keeps its lead text
    as written and does not add them again, and its report says why (``unremove`` lifts it)."""

    __tablename__ = "removed_person"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    removed_by: Mapped[str] = mapped_column(String(200), default="")
    removed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Role(Base):
    """A post or group that can own items, e.g. "HOS", "AD", "DCS", "IRO"."""

    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("workspace_id", "key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))


class PersonRole(Base):
    """A person holds a role."""

    __tablename__ = "person_role"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("role.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChatUser(Base):
    """A user of a chat platform, linked (or not yet) to a person."""

    __tablename__ = "chat_user"
    __table_args__ = (
        UniqueConstraint("workspace_id", "platform", "external_id"),
        Index("ix_chat_user_person", "person_id"),
        Index("ix_chat_user_mention", "workspace_id", "platform", "mention_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    # The id the platform's mentions name the account by, when it is not ``external_id``:
    # Teams mentions give the ``29:`` Bot Framework id of an account keyed by its AAD object id.
    mention_id: Mapped[str | None] = mapped_column(String(128), default=None)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), default=None
    )
    reminders_paused_until: Mapped[datetime | None] = mapped_column(default=None)
    reminders_stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
