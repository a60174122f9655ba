"""audit events by entity: an action's recorded changes are found without scanning

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 14:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_event_ws_entity", ["workspace_id", "entity", "entity_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_ws_entity")
