"""Every workspace in the database with what it holds, and erasing one workspace whole (a
council leaving a hosted csbot: ``csbot db workspaces``, ``csbot db delete-workspace``).

Erasing deletes the workspace's row; the database deletes everything that belongs to it (every
table's foreign key to ``workspace`` cascades), its audit trail included. The Slack rows that
name it only by team (stored installations and bot tokens, the event ledger) are deleted in
the same transaction. Before committing, every table is checked for a row still pointing at
the workspace: if one is left (a database whose foreign keys do not cascade), nothing is
deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, Table, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    AuditEvent,
    Base,
    ScheduledPost,
    SlackBot,
    SlackEvent,
    SlackInstallation,
    Workspace,
)
from storage.unit_of_work import Store

# The audit rows of scheduled posts sent (commands.jobs.outbox.sent_audit_row): not a change.
_POSTS_SENT = ScheduledPost.__tablename__

# What the summaries count, in the order they name them: (table, singular, plural).
COUNTED = (
    ("person", "person", "people"),
    ("plan", "plan", "plans"),
    ("action", "action", "actions"),
    ("action_update", "update", "updates"),
    ("indicator", "indicator", "indicators"),
    ("indicator_value", "KPI value", "KPI values"),
    ("meeting", "meeting", "meetings"),
    ("audit_event", "audit event", "audit events"),
)


class EraseRefused(Exception):
    """The workspace was not erased; the message says why."""


@dataclass(frozen=True)
class WorkspaceHoldings:
    """One workspace and how many rows of each counted kind it holds."""

    key: str
    name: str
    platform: str
    created_at: datetime
    last_change: datetime | None
    rows: dict[str, int] = field(default_factory=dict)

    def counted(self) -> str:
        """``3 people, 2 plans, 40 actions…`` (kinds it holds none of left out)."""
        parts = [
            f"{self.rows[table]:,} {one if self.rows[table] == 1 else many}"
            for table, one, many in COUNTED
            if self.rows.get(table)
        ]
        return ", ".join(parts) or "nothing yet"


def _scoped_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if "workspace_id" in t.c]


def _counts(session: Session, workspace_ids: list[int]) -> dict[int, dict[str, int]]:
    tables = {t.name: t for t in _scoped_tables()}
    found: dict[int, dict[str, int]] = {wid: {} for wid in workspace_ids}
    for name, _, _ in COUNTED:
        table = tables[name]
        rows = session.execute(
            select(table.c.workspace_id, func.count())
            .where(table.c.workspace_id.in_(workspace_ids))
            .group_by(table.c.workspace_id)
        )
        for workspace_id, count in rows:
            found[workspace_id][name] = int(count)
    return found


def _holdings(session: Session, workspaces: list[Workspace]) -> list[WorkspaceHoldings]:
    ids = [w.id for w in workspaces]
    counts = _counts(session, ids) if ids else {}
    last: dict[int, datetime] = {
        workspace_id: at
        for workspace_id, at in session.execute(
            select(AuditEvent.workspace_id, func.max(AuditEvent.at))
            # What the scheduler posted by itself (a digest, a reminder) changed nothing there.
            .where(AuditEvent.workspace_id.in_(ids), AuditEvent.entity != _POSTS_SENT)
            .group_by(AuditEvent.workspace_id)
        )
    }
    return [
        WorkspaceHoldings(
            key=w.key,
            name=w.name,
            platform=w.platform,
            created_at=w.created_at,
            last_change=last.get(w.id),
            rows=counts.get(w.id, {}),
        )
        for w in workspaces
    ]


def list_workspaces(store: Store) -> list[WorkspaceHoldings]:
    """Every workspace, oldest first, with what it holds and when it last changed."""
    with store.session_factory() as session:
        workspaces = list(session.scalars(select(Workspace).order_by(Workspace.id)))
        return _holdings(session, workspaces)


def workspace_holdings(store: Store, key: str) -> WorkspaceHoldings | None:
    """What the workspace ``key`` holds; None when there is no such workspace."""
    with store.session_factory() as session:
        workspace = session.scalar(select(Workspace).where(Workspace.key == key))
        return _holdings(session, [workspace])[0] if workspace is not None else None


def rows_left(session: Session, workspace_id: int) -> list[str]:
    """The tables holding a row of the workspace ``workspace_id``."""
    return [
        table.name
        for table in _scoped_tables()
        if session.scalar(
            select(func.count()).select_from(table).where(table.c.workspace_id == workspace_id)
        )
    ]


def erase_workspace(store: Store, key: str) -> WorkspaceHoldings:
    """Delete the workspace ``key`` and everything in it, in one transaction; what it held.
    Refused (nothing deleted) when there is no such workspace, or a row would be left."""
    with store.session_factory() as session, session.begin():
        session.info["audit"] = False  # its audit trail goes with it
        workspace = session.scalar(select(Workspace).where(Workspace.key == key))
        if workspace is None:
            raise EraseRefused(f"There is no workspace “{key}”")
        (held,) = _holdings(session, [workspace])
        workspace_id = workspace.id
        for model in (SlackBot, SlackInstallation):
            # A team's own rows, or an org's org-wide install: never the per-team installs of
            # an org's workspaces, which are theirs.
            org_wide = and_(model.enterprise_id == key, model.team_id.is_(None))
            session.execute(delete(model).where(or_(model.team_id == key, org_wide)))
        # The ledger keeps as much of the key as its column holds (a Teams tenant's id, 36
        # characters, is cut to 32).
        column = SlackEvent.__table__.c.team_id.type
        ledger_key = key[: column.length] if isinstance(column, String) else key
        session.execute(delete(SlackEvent).where(SlackEvent.team_id == ledger_key))
        session.execute(delete(Workspace).where(Workspace.id == workspace_id))
        left = rows_left(session, workspace_id)
        if left:  # raised inside the transaction: it is rolled back
            raise EraseRefused(
                f"Rows of {', '.join(left)} would be left behind (the database's foreign keys "
                "do not delete them with their workspace; run `csbot db upgrade`)"
            )
    store.forget_workspace_id(key)
    return held
