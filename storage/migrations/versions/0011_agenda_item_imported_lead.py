"""agenda_item.imported_lead_text: the lead cell as the last agenda import read it

An agenda (forward plan) file re-imported, or next month's version with the same lead cells,
sets an item's lead only when its lead cell differs from what the last import read, so a lead
changed in chat since (``/actions handover``) is not put back. Older rows have none: their
next import records it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(sa.Column("imported_lead_text", sa.Text(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), never a batch copy of the table:
    # SQLite, with foreign keys on, would delete every item's lead officers with the old table.
    with op.batch_alter_table("agenda_item", recreate="never") as batch:
        batch.drop_column("imported_lead_text")
