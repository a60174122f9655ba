"""Indicators (KPIs), their owners and their values per period."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
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

UNITS = ("%", "count", "days", "weeks", "rate per 10,000", "score")
POLARITIES = ("higher", "lower")


class Indicator(Base):
    """A performance indicator, e.g. ``pep`` — up-to-date Personal Education Plans."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("workspace_id", "slug"),
        CheckConstraint("polarity IN ('higher','lower')", name="polarity_known"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    unit: Mapped[str] = mapped_column(String(32), default="%")
    polarity: Mapped[str] = mapped_column(String(8), default="higher")
    target: Mapped[float | None] = mapped_column(Float, default=None)
    amber_tolerance: Mapped[float | None] = mapped_column(Float, default=None)
    frequency: Mapped[str] = mapped_column(String(32), default="monthly")
    owner_text: Mapped[str] = mapped_column(Text, default="")
    # The owner cell as the last import read it (None: never imported with one, or imported
    # before csbot kept it): a file sets the owners only when its cell differs from this, so
    # owners changed in chat since (a hand-over) survive a re-import of the same figures.
    imported_owner_text: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owners: Mapped[list[IndicatorOwner]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="IndicatorOwner.position"
    )


class IndicatorOwner(Base):
    """One owner of an indicator: a person or a role."""

    __tablename__ = "indicator_owner"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (role_id IS NULL)", name="person_or_role"),
        Index("ix_indicator_owner_person", "person_id"),
        Index("ix_indicator_owner_role", "role_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), default=None
    )
    role_id: Mapped[int | None] = mapped_column(
        ForeignKey("role.id", ondelete="CASCADE"), default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person | None] = relationship(lazy="joined")
    role: Mapped[Role | None] = relationship(lazy="joined")


class IndicatorValue(Base):
    """The value of an indicator for one period, with its comparators."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_key"),
        Index("ix_indicator_value_ind_end", "indicator_id", "period_end"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspace.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(32))
    period_label: Mapped[str] = mapped_column(String(64))
    period_kind: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    england: Mapped[float | None] = mapped_column(Float, default=None)
    region: Mapped[float | None] = mapped_column(Float, default=None)
    statistical_neighbours: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The value the last file imported gave this period, kept once a value is corrected in chat
    # (and by imports since): a file imported again with that value unchanged keeps the chat's
    # correction, and one whose value changed since gives its own. None: no file gave one.
    imported_value: Mapped[float | None] = mapped_column(Float, default=None)


class IndicatorValueRemoval(Base):
    """A value removed in chat (``/kpi pep remove Oct 2026``) that a file had given, with the
    file's figure: a file imported again that still gives that figure for the period does not
    bring it back (its report says so); one that gives another figure does, and this goes."""

    __tablename__ = "indicator_value_removal"
    __table_args__ = (UniqueConstraint("indicator_id", "period_key"), IDS_NOT_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspace.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(32))
    period_label: Mapped[str] = mapped_column(String(64))
    imported_value: Mapped[float] = mapped_column(Float)
    removed_by: Mapped[str] = mapped_column(String(200), default="")
    removed_at: Mapped[datetime] = mapped_column(default=utcnow)
