"""Plans, sections, actions, their owners and their update history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import IDS_NOT_REUSED, Base, utcnow
from storage.models.tenancy import Person, Role

STATUSES = (
    "not_started",
    "on_track",
    "at_risk",
    "off_track",
    "achieved",
    "monitoring",
    "not_accepted",
    "closed",
)
OUTSTANDING_STATUSES = ("not_started", "on_track", "at_risk", "off_track")
_LIVE_UPDATE = "superseded_by_id IS NULL AND retracted_at IS NULL"


class Plan(Base):
    """An action plan, e.g. "Leeds Improvement Plan"."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("workspace_id", "slug"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    columns: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanChannel(Base):
    """A chat channel whose progress messages are logged against a plan."""

    __tablename__ = "plan_channel"
    __table_args__ = (UniqueConstraint("workspace_id", "platform", "channel_id"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(128))
    channel_name: Mapped[str] = mapped_column(String(200), default="")


class Section(Base):
    """A heading row of a plan ("2.0 Family and parenting support")."""

    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("plan_id", "ref"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    lead_text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


# An action's source_key when it was added in chat (``/actions add``): a plan file's row with
# its ref but another title is another action, which an import must not write over it.
ADDED_IN_CHAT = "chat"


class Action(Base):
    """One action of a plan, with its ref unique within the plan."""

    __tablename__ = "action"
    __table_args__ = (
        UniqueConstraint("plan_id", "ref"),
        CheckConstraint(
            "status IN ('" + "','".join(STATUSES) + "')",
            name="status_known",
        ),
        Index("ix_action_ws_status_due", "workspace_id", "status", "due_date"),
        Index("ix_action_ws_ref", "workspace_id", "ref"),
        Index("ix_action_meeting", "meeting_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="SET NULL"), default=None
    )
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    lead_text: Mapped[str] = mapped_column(Text, default="")
    due_text: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), default=None
    )
    # Where the action came from when not from a plan file: ADDED_IN_CHAT, or the minutes
    # ("minutes:<meeting id>:<ref>").
    source_key: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_update_at: Mapped[datetime | None] = mapped_column(default=None)
    # What the last import of this action's plan file said (title, lead, due, status...), so
    # a re-import changes only what changed in the file and keeps edits made in chat since.
    import_snapshot: Mapped[dict[str, Any] | None] = mapped_column(default=None)

    plan: Mapped[Plan] = relationship(lazy="joined", innerjoin=True)
    owners: Mapped[list[ActionOwner]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="ActionOwner.position",
    )


class ActionOwner(Base):
    """One owner of an action: a person or a role (exactly one of the two)."""

    __tablename__ = "action_owner"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (role_id IS NULL)", name="person_or_role"),
        Index("ix_action_owner_person", "person_id"),
        Index("ix_action_owner_role", "role_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), default=None
    )
    role_id: Mapped[int | None] = mapped_column(
        ForeignKey("role.id", ondelete="CASCADE"), default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person | None] = relationship(lazy="joined")
    role: Mapped[Role | None] = relationship(lazy="joined")


class Update(Base):
    """A progress update on an action. Never edited in place: superseded or retracted."""

    __tablename__ = "action_update"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source_key"),
        Index("ix_action_update_action_created", "action_id", "created_at"),
        # An edited or deleted chat message finds its updates without a scan.
        Index("ix_action_update_message", "workspace_id", "channel_id", "message_ts"),
        # Each action's newest live update (lists show it) in one index probe, whatever the
        # length of its history: only live updates, newest last, workspace for the filter.
        Index(
            "ix_action_update_live",
            "action_id",
            "created_at",
            "id",
            "workspace_id",
            postgresql_where=text(_LIVE_UPDATE),
            sqlite_where=text(_LIVE_UPDATE),
        ),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    author_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), default=None
    )
    author_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    status_before: Mapped[str | None] = mapped_column(String(16), default=None)
    status_after: Mapped[str | None] = mapped_column(String(16), default=None)
    source: Mapped[str] = mapped_column(String(16), default="command")
    source_key: Mapped[str | None] = mapped_column(String(200), default=None)
    channel_id: Mapped[str | None] = mapped_column(String(128), default=None)
    message_ts: Mapped[str | None] = mapped_column(String(64), default=None)
    permalink: Mapped[str | None] = mapped_column(Text, default=None)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_update.id", ondelete="SET NULL"), default=None
    )
    retracted_at: Mapped[datetime | None] = mapped_column(default=None)
    # Why it was retracted: "deleted" (its chat message was) or "edited" (the message no
    # longer reads as an update). A deleted message's late edit must not log it again.
    retracted_because: Mapped[str | None] = mapped_column(String(16), default=None)
    # The time of the message's edit (Slack's ``edited.ts``) that made this update, or that
    # retracted it: an older edit delivered later (Slack retries out of order) changes nothing.
    edited_ts: Mapped[str | None] = mapped_column(String(32), default=None)
