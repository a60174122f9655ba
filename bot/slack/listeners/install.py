"""The app uninstalled from a Slack workspace, or its tokens revoked (``app_uninstalled``,
``tokens_revoked``).

csbot forgets the workspace's stored installations and bot tokens at once (a token Slack
revoked is of no use, and keeping a credential nobody may use is a risk), and notes it in the
workspace's audit trail as done by Slack. Its data stays: installing the app again brings it
back as it was. Scheduled posts for the workspace then wait, without using up their attempts,
until the app is installed again or their moment passes (``commands.jobs.notifier``).

With one bot token from the environment (``SLACK_BOT_TOKEN``) there is no stored
installation: the uninstall is noted and logged, saying that the token no longer works.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack import context as ctx
from bot.slack.installation_store import DbInstallationStore, workspace_key
from bot.slack.runner import CoreFailure
from bot.slack.services import SlackServices
from storage.slack_store import note_installation

log = logging.getLogger(__name__)

# The audit trail's word for each event (its ``change`` column holds 16 characters).
UNINSTALLED = "uninstalled"
REVOKED = "tokens revoked"


class InstallEvents:
    """The listeners of one Bolt app; ``installations`` is None with a single bot token."""

    def __init__(self, services: SlackServices, installations: DbInstallationStore | None):
        self.s = services
        self.installations = installations

    async def on_uninstalled(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """The app was uninstalled from the workspace (or the org, for an org-wide install)."""
        await self._forget(body, context, UNINSTALLED)

    async def on_tokens_revoked(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """Tokens were revoked. csbot keeps bot tokens only, so a revoked bot token ends the
        installation; user tokens (csbot asks for none) change nothing."""
        if (event.get("tokens") or {}).get("bot"):
            await self._forget(body, context, REVOKED)

    async def _forget(self, body: dict[str, Any], context: AsyncBoltContext, why: str) -> None:
        enterprise = ctx.slack_id(context.enterprise_id) or None
        # An org-wide install is kept under the org alone (as Bolt finds it).
        team = None if context.is_enterprise_install else ctx.slack_id(context.team_id) or None
        key = workspace_key(enterprise, team)
        if not key:
            log.warning("Slack said %s for no workspace: nothing to forget", why)
            return
        if self.installations is not None:
            forgotten = await self.s.runner.call(
                self.installations.rows.forget,
                enterprise,
                team,
                why=why,
                workspace_key=key,
                what="forgetting an uninstalled workspace",
            )
            log.info(
                "Slack workspace %s: %s; %d stored installation(s) forgotten", key, why, forgotten
            )
            return
        # One token from the environment: nothing stored to forget. Slack may deliver the
        # event again; the ledger keeps the note to one.
        event_id = str(body.get("event_id") or "")
        if event_id and not await self.s.runner.call(
            self.s.ledger.claim, event_id, team_id=key, kind=why, what="event ledger"
        ):
            return
        try:
            await self.s.runner.call(note_installation, self.s.store, key, why, what="audit note")
        except CoreFailure:
            if event_id:  # so that Slack's retry notes it
                await self.s.runner.call(self.s.ledger.release, event_id, what="event release")
            raise
        log.warning(
            "Slack workspace %s: %s; SLACK_BOT_TOKEN no longer works there until the app is "
            "installed again and the new token is set",
            key,
            why,
        )


def register(
    app: AsyncApp, services: SlackServices, installations: DbInstallationStore | None
) -> None:
    """Listen to app_uninstalled and tokens_revoked."""
    events = InstallEvents(services, installations)
    app.event("app_uninstalled")(events.on_uninstalled)
    app.event("tokens_revoked")(events.on_tokens_revoked)
