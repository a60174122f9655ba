"""action_update.edited_ts: the time of the message's edit an update came from (or went by)

Slack can deliver a message's edits out of order (a retry of an earlier one after a later
one): the older edit then replaced the newer update, and the action's status with it. Each
update an edit makes (or retracts) now keeps the edit's time, and an older edit changes
nothing. Older rows have none: their next edit is taken as before.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_update") as batch:
        batch.add_column(sa.Column("edited_ts", sa.String(32), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, never a batch copy of the table (see 0011).
    with op.batch_alter_table("action_update", recreate="never") as batch:
        batch.drop_column("edited_ts")
