"""indicator_value_removal: KPI values removed in chat that a file had given

``/kpi pep remove Oct 2026`` deleted the value, and the next import of the same file (which
still gives it) brought it back as "1 new". The file's figure is now kept here when a value
is removed: an import that gives that figure again for the period leaves it removed and says
so; one that gives another figure imports it, and the row goes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_value_removal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(length=32), nullable=False),
        sa.Column("period_label", sa.String(length=64), nullable=False),
        sa.Column("imported_value", sa.Float(), nullable=False),
        sa.Column("removed_by", sa.String(length=200), nullable=False),
        sa.Column("removed_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_indicator_value_removal_workspace_id_workspace"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_removal_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value_removal")),
        sa.UniqueConstraint(
            "indicator_id",
            "period_key",
            name=op.f("uq_indicator_value_removal_indicator_id_period_key"),
        ),
    )
    op.create_index(
        op.f("ix_indicator_value_removal_workspace_id"),
        "indicator_value_removal",
        ["workspace_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_indicator_value_removal_workspace_id"), table_name="indicator_value_removal"
    )
    op.drop_table("indicator_value_removal")
