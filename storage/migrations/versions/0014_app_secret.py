"""app_secret: secrets csbot makes for itself, shared by a deployment's processes

A Teams app run with a managed identity has no password, and the key sealing its pick buttons
was derived from its app id, which is no secret: anybody could forge a button's data. The key
now comes from a random secret kept here, made by the first process that needs it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 23:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_secret",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_secret")
