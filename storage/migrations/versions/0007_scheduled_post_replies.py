"""replies to chat messages that the platform did not take at the time

When Slack cannot be reached at the moment an update is logged from a channel message, the
acknowledgement (the ✅ on the message and the "Logged on 2.3" reply in its thread) is queued
in ``scheduled_post`` as a post of kind ``update_reply`` and sent by the scheduler once Slack
answers again. The new columns say what it answers: the update (``update_id``; the queued
reply goes with it), the message to mark (``message_ts``), the thread to reply in
(``thread_ts``) and the note of the first answer (``note``). All are NULL for the other kinds.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scheduled_post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("update_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("message_ts", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("thread_ts", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_scheduled_post_update_id_action_update"),
            "action_update",
            ["update_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index("ix_scheduled_post_update_id", ["update_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scheduled_post", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_post_update_id")
        batch_op.drop_constraint(
            batch_op.f("fk_scheduled_post_update_id_action_update"), type_="foreignkey"
        )
        batch_op.drop_column("note")
        batch_op.drop_column("thread_ts")
        batch_op.drop_column("message_ts")
        batch_op.drop_column("update_id")
