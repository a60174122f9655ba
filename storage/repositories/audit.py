"""Reading a workspace's audit trail (``audit_event``), for the audit export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from storage.models import AuditEvent
from storage.repositories.base import Repository

# Rows fetched from the database at a time while an export streams through the trail.
BATCH = 2000


@dataclass(frozen=True)
class AuditFilter:
    """Which audit rows to read: from ``since`` (inclusive) to ``until`` (exclusive), of one
    kind of row (``entity``, a table's name) and one row of it (``entity_id``), by one of the
    ``actors`` (as the trail records them). None: any."""

    since: datetime | None = None
    until: datetime | None = None
    entity: str | None = None
    entity_id: int | None = None
    actors: frozenset[str] | None = None


class AuditRepository(Repository):
    """The workspace's audit rows, oldest first."""

    def _where(self, wanted: AuditFilter) -> list[ColumnElement[bool]]:
        where = [AuditEvent.workspace_id == self.workspace_id]
        if wanted.since is not None:
            where.append(AuditEvent.at >= wanted.since)
        if wanted.until is not None:
            where.append(AuditEvent.at < wanted.until)
        if wanted.entity is not None:
            where.append(AuditEvent.entity == wanted.entity)
        if wanted.entity_id is not None:
            where.append(AuditEvent.entity_id == wanted.entity_id)
        if wanted.actors is not None:
            where.append(AuditEvent.actor.in_(sorted(wanted.actors)))
        return where

    def actors(self) -> list[str]:
        """Every actor the workspace's trail records, once each."""
        stmt = select(AuditEvent.actor).where(AuditEvent.workspace_id == self.workspace_id)
        return list(self.session.scalars(stmt.distinct()))

    def created_with(self, entity: str, entity_id: int) -> dict[str, object] | None:
        """The fields a row was created with, as its audit trail recorded them (None when
        it has no record of its creation)."""
        return self.session.scalar(
            select(AuditEvent.after)
            .where(
                AuditEvent.workspace_id == self.workspace_id,
                AuditEvent.entity == entity,
                AuditEvent.entity_id == entity_id,
                AuditEvent.change == "create",
            )
            .order_by(AuditEvent.id)
            .limit(1)
        )

    def count(self, wanted: AuditFilter) -> int:
        """How many audit rows ``wanted`` selects."""
        return int(
            self.session.scalar(select(func.count(AuditEvent.id)).where(*self._where(wanted))) or 0
        )

    def events(self, wanted: AuditFilter) -> Iterator[AuditEvent]:
        """The audit rows ``wanted`` selects, oldest first, read a batch at a time."""
        stmt = (
            select(AuditEvent)
            .where(*self._where(wanted))
            .order_by(AuditEvent.at, AuditEvent.id)
            .execution_options(yield_per=BATCH)
        )
        yield from self.session.scalars(stmt)
