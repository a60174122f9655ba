"""indicator_value.imported_value: what the last file imported gave a period a value corrected in chat

A value corrected in chat (``/kpi pep set 64% for Nov 2026``) was put back by the next import
of a file still giving the old figure, and its source still named the person who corrected it.
The file's value is now kept beside the chat's: a file imported again with the same value
keeps the correction; one whose value changed since gives its own. Older rows have none: a
correction made before keeps its value until a file gives that period another value, and the
import report says so.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator_value") as batch:
        batch.add_column(sa.Column("imported_value", sa.Float(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, never a batch copy of the table (see 0011).
    with op.batch_alter_table("indicator_value", recreate="never") as batch:
        batch.drop_column("imported_value")
