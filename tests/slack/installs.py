"""A stored Slack installation of csbot, as the OAuth flow saves one, for the tests that need
installations (uninstalling, deleting a workspace, per-workspace tokens)."""

from __future__ import annotations

import time
from typing import Any

from slack_sdk.oauth.installation_store import Installation


def installation(team: str | None, *, org: str | None = None, **fields: Any) -> Installation:
    """A team's installation (``team``), or with ``team`` None an org-wide one of ``org``;
    its bot token is ``xoxb-`` and the team's (or org's) id unless ``fields`` say otherwise."""
    made: dict[str, Any] = {
        "app_id": "A0CSBOT",
        "enterprise_id": org,
        "team_id": team,
        "is_enterprise_install": team is None,
        "user_id": "UINSTALLER",
        "bot_token": f"xoxb-{team or org}",
        "bot_id": "B0CSBOT",
        "bot_user_id": "UBOT0001",
        "installed_at": time.time(),
    }
    return Installation(**(made | fields))
