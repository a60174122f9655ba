"""removed people: the names of people an administrator removed

``remove Bob Jones`` deletes the person; their name (and any name they were also known by) is
kept here so that a file re-imported that still names them as a lead keeps its lead text as
written instead of adding them again, and its report says so. ``unremove Bob Jones`` drops it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "removed_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("removed_by", sa.String(length=200), nullable=False),
        sa.Column("removed_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_removed_person_workspace_id_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_person")),
        sa.UniqueConstraint(
            "workspace_id", "name_key", name=op.f("uq_removed_person_workspace_id_name_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("removed_person")
