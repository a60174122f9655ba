"""indicator.imported_owner_text: the owner cell as the last KPI import read it

A KPI file re-imported every month sets an indicator's owners only when its owner cell differs
from what the last import read, so owners changed in chat since (``/actions handover``) are
not put back by the next month's figures. Older rows have none: their next import records it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(sa.Column("imported_owner_text", sa.Text(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), never a batch copy of the table:
    # SQLite, with foreign keys on, would delete every indicator's values and owners with the
    # old table.
    with op.batch_alter_table("indicator", recreate="never") as batch:
        batch.drop_column("imported_owner_text")
