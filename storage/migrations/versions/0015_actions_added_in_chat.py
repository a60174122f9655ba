"""action.source_key 'chat' for the actions added in chat before csbot marked them

An action added in chat (``/actions add``, or the add form) takes its plan's next ref; a plan
file imported later whose row has that ref but another title is refused, rather than giving
the chat's action the row's title, owners and timescale. csbot now marks such actions when they
are added; this marks those added earlier, found by the audit trail: created by a chat user
(``slack:…``, ``teams:…``, ``console:…``), from no file (no import snapshot) and no minutes (no
source key). Nothing else changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_ACTION = sa.table(
    "action",
    sa.column("id", sa.Integer),
    sa.column("workspace_id", sa.Integer),
    sa.column("source_key", sa.String),
    sa.column("import_snapshot", sa.JSON),
)
_AUDIT = sa.table(
    "audit_event",
    sa.column("workspace_id", sa.Integer),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("change", sa.String),
    sa.column("actor", sa.String),
)
_CHAT_ACTORS = ("slack:", "teams:", "console:")
_BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    created_in_chat = (
        sa.select(_ACTION.c.id, _ACTION.c.import_snapshot)
        .join(
            _AUDIT,
            sa.and_(
                _AUDIT.c.workspace_id == _ACTION.c.workspace_id,
                _AUDIT.c.entity == "action",
                _AUDIT.c.entity_id == _ACTION.c.id,
                _AUDIT.c.change == "create",
            ),
        )
        .where(
            _ACTION.c.source_key.is_(None),
            sa.or_(*(_AUDIT.c.actor.startswith(p) for p in _CHAT_ACTORS)),
        )
    )
    # The snapshot is compared once decoded: a JSON null is stored as SQL NULL or as JSON
    # 'null' depending on how the row was written, and PostgreSQL's json has no equality.
    ids = sorted({row.id for row in conn.execute(created_in_chat) if row.import_snapshot is None})
    for start in range(0, len(ids), _BATCH):
        conn.execute(
            sa.update(_ACTION)
            .where(_ACTION.c.id.in_(ids[start : start + _BATCH]))
            .values(source_key="chat")
        )


def downgrade() -> None:
    op.get_bind().execute(
        sa.update(_ACTION).where(_ACTION.c.source_key == "chat").values(source_key=None)
    )
