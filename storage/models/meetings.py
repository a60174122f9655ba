"""Committees, their meetings and agenda items, and what a meeting is linked to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import IDS_NOT_REUSED, Base, utcnow
from storage.models.tenancy import Person, Role


class Committee(Base):
    """A committee, e.g. the Corporate Parenting Advisory Committee (CPAC)."""

    __tablename__ = "committee"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    initials: Mapped[str] = mapped_column(String(32), default="")
    channel_id: Mapped[str | None] = mapped_column(String(128), default=None)
    summary_days_before: Mapped[list[str]] = mapped_column(default=lambda: ["7", "1"])
    # The platform of channel_id ("slack", "teams"); None means the workspace's own platform.
    channel_platform: Mapped[str | None] = mapped_column(String(16), default=None)


class Meeting(Base):
    """One meeting of a committee."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("committee_id", "meeting_date"),
        Index("ix_meeting_ws_starts", "workspace_id", "starts_at"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id", ondelete="CASCADE"))
    meeting_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column()
    location: Mapped[str] = mapped_column(Text, default="")
    channel_id: Mapped[str | None] = mapped_column(String(128), default=None)
    minutes_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    committee: Mapped[Committee] = relationship(lazy="joined", innerjoin=True)


class AgendaItem(Base):
    """An item on a meeting's agenda, with its lead officers and report deadlines."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "title_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(String(300))
    lead_text: Mapped[str] = mapped_column(Text, default="")
    # The lead cell as the last agenda import read it (None: never imported, or imported
    # before csbot kept it): a file sets the lead only when its cell differs from this, so a
    # lead changed in chat since (a hand-over) survives a re-import of the same agenda.
    imported_lead_text: Mapped[str | None] = mapped_column(Text, default=None)
    report_due: Mapped[date | None] = mapped_column(Date, default=None)
    publication_date: Mapped[date | None] = mapped_column(Date, default=None)
    report_received_at: Mapped[datetime | None] = mapped_column(default=None)

    owners: Mapped[list[AgendaItemOwner]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="AgendaItemOwner.position"
    )


class AgendaItemOwner(Base):
    """A lead officer of an agenda item: a person or a role."""

    __tablename__ = "agenda_item_owner"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (role_id IS NULL)", name="person_or_role"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), default=None, index=True
    )
    role_id: Mapped[int | None] = mapped_column(
        ForeignKey("role.id", ondelete="CASCADE"), default=None, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person | None] = relationship(lazy="joined")
    role: Mapped[Role | None] = relationship(lazy="joined")


class MeetingLink(Base):
    """A plan or indicator a meeting follows (shown in its pre-meeting summary)."""

    __tablename__ = "meeting_link"
    __table_args__ = (
        CheckConstraint("(plan_id IS NULL) <> (indicator_id IS NULL)", name="plan_or_indicator"),
        UniqueConstraint("committee_id", "plan_id", "indicator_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), default=None
    )
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), default=None
    )
    note: Mapped[str] = mapped_column(Text, default="")
