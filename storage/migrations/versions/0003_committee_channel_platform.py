"""committee channels set from the console on a Slack or Teams workspace: the workspace's own

A committee's channel named with ``csbot say --workspace T…`` on a Slack (or Teams) workspace
was stored with the platform "console", so its summaries were printed on the scheduler's
stdout and never reached the channel. The channel is the workspace's: the platform is
cleared (None means the workspace's own), and summaries still waiting to be sent go to the
workspace's platform. Data only; the schema is unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 17:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_NOT_CONSOLE = "SELECT id FROM workspace WHERE platform NOT IN ('local', 'console')"


def upgrade() -> None:
    op.execute(
        "UPDATE committee SET channel_platform = NULL "
        f"WHERE channel_platform = 'console' AND workspace_id IN ({_NOT_CONSOLE})"
    )
    op.execute(
        "UPDATE scheduled_post SET platform = (SELECT w.platform FROM workspace w "
        "WHERE w.id = scheduled_post.workspace_id) "
        "WHERE kind = 'summary' AND state = 'pending' AND platform = 'console' "
        f"AND workspace_id IN ({_NOT_CONSOLE})"
    )


def downgrade() -> None:
    """Nothing to undo: the rows corrected were wrong."""
