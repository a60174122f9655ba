"""why an update was retracted, and chat messages' updates found by index

An update retracted because its chat message was deleted must stay retracted when an edit of
that message arrives late (Slack does not promise the order of events): ``retracted_because``
says why each update was retracted ("deleted" or "edited"; NULL for those retracted before
this revision, which are treated as before). ``ix_action_update_message`` finds a message's
updates on every edit and delete without scanning the table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracted_because", sa.String(length=16), nullable=True))
        batch_op.create_index(
            "ix_action_update_message",
            ["workspace_id", "channel_id", "message_ts"],
            unique=False,
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), never a batch copy of the table:
    # SQLite, with foreign keys on, would set every update's superseded_by_id to NULL (and
    # every action's last update) when the old table is dropped.
    with op.batch_alter_table("action_update", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_action_update_message")
        batch_op.drop_column("retracted_because")
