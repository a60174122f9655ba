"""The audit trail: every change, with who, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import IDS_NOT_REUSED, Base, utcnow


class AuditEvent(Base):
    """One recorded change of one row."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_ws_at", "workspace_id", "at"),
        Index("ix_audit_event_ws_entity", "workspace_id", "entity", "entity_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(300), default="")
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(default=None)
    change: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)
