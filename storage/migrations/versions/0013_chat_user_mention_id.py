"""chat_user.mention_id: the id a platform's mentions give an account keyed by another

csbot keys a Teams account by its AAD object id, but a Teams mention (``entities[].mentioned``)
names the account by its ``29:`` Bot Framework id, so an administrator's ``link @Pat to Pat
Jones`` found no account. The Teams adapter now reports both ids of whoever writes, and the
account keeps the ``29:`` one here; a mention of somebody csbot has met finds their account.
Older rows have none: an account's next message records it. Slack accounts keep none (a Slack
mention names the account by its id).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_user") as batch:
        batch.add_column(sa.Column("mention_id", sa.String(128), nullable=True))
    op.create_index("ix_chat_user_mention", "chat_user", ["workspace_id", "platform", "mention_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_user_mention", table_name="chat_user")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), never a batch copy of the table:
    # SQLite, with foreign keys on, would unlink every person's chat accounts' rows pointing
    # at the old table.
    with op.batch_alter_table("chat_user", recreate="never") as batch:
        batch.drop_column("mention_id")
