"""OAuth installations and OAuth state in the project's database (many-workspace mode).

Bolt calls the async methods; they run the synchronous database work (``storage.slack_store``)
in a thread, and build slack_sdk's ``Installation`` and ``Bot`` from the stored JSON. The
notifier (which runs in the scheduler's thread) uses :meth:`DbInstallationStore.bot_token`.
Installing the app in a workspace also creates csbot's workspace for that Slack team.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from storage.slack_store import (
    BotRecord,
    InstallationRecord,
    SlackInstallationRows,
    consume_oauth_state,
    issue_oauth_state,
    note_installation,
)
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

STATE_LIFETIME = timedelta(minutes=10)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}


def _installed_at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def workspace_key(enterprise_id: str | None, team_id: str | None) -> str:
    """csbot's workspace key for a Slack team (an org-wide install uses the org's id)."""
    return team_id or enterprise_id or ""


def _bot_record(bot: Bot) -> BotRecord:
    return BotRecord(
        enterprise_id=bot.enterprise_id,
        team_id=bot.team_id,
        is_enterprise_install=bool(bot.is_enterprise_install),
        data=_jsonable(bot.to_dict_for_copying()),
        installed_at=_installed_at(bot.installed_at),
    )


class DbInstallationStore(AsyncInstallationStore):
    """Bolt's installation store on the ``slack_installation`` and ``slack_bot`` tables."""

    def __init__(self, store: Store, client_id: str) -> None:
        self.store = store
        self.client_id = client_id
        self.rows = SlackInstallationRows(store, client_id)
        self._logger = log

    @property
    def logger(self) -> logging.Logger:
        """The logger Bolt uses for this store."""
        return self._logger

    # -- saving ------------------------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        """Keep an installation (and its bot), and create the team's csbot workspace."""
        await asyncio.to_thread(self.save, installation)

    def save(self, installation: Installation) -> None:
        """Synchronous :meth:`async_save`."""
        self.rows.save_installation(
            InstallationRecord(
                enterprise_id=installation.enterprise_id,
                team_id=installation.team_id,
                user_id=installation.user_id,
                is_enterprise_install=bool(installation.is_enterprise_install),
                data=_jsonable(installation.to_dict_for_copying()),
                installed_at=_installed_at(installation.installed_at),
            ),
            _bot_record(installation.to_bot()) if installation.bot_token else None,
        )
        key = workspace_key(installation.enterprise_id, installation.team_id)
        if key:
            self.store.ensure_workspace(
                key,
                platform="slack",
                name=installation.team_name or installation.enterprise_name or key,
            )
            installer = f"slack:{installation.user_id}" if installation.user_id else "Slack"
            scopes = installation.bot_scopes or []
            note_installation(
                self.store,
                key,
                "installed",
                actor=installer,
                after={"bot_scopes": sorted(scopes if isinstance(scopes, list) else [scopes])},
            )

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep a bot installation (token rotation saves refreshed bots this way)."""
        await asyncio.to_thread(self._save_bot, bot)

    def _save_bot(self, bot: Bot) -> None:
        self.rows.save_bot(_bot_record(bot))

    # -- finding -----------------------------------------------------------------------------

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The newest bot installed in the team (or org)."""
        return await asyncio.to_thread(
            self.find_bot, enterprise_id, team_id, bool(is_enterprise_install)
        )

    def find_bot(
        self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool = False
    ) -> Bot | None:
        """Synchronous :meth:`async_find_bot`."""
        if is_enterprise_install:
            team_id = None
        data = self.rows.latest_bot(enterprise_id, team_id)
        return Bot(**data) if data is not None else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The newest installation in the team (or by this user there)."""
        return await asyncio.to_thread(
            self._find_installation, enterprise_id, team_id, user_id, bool(is_enterprise_install)
        )

    def _find_installation(
        self,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        is_enterprise_install: bool,
    ) -> Installation | None:
        if is_enterprise_install:
            team_id = None
        data = self.rows.latest_installation(enterprise_id, team_id, user_id)
        if data is None:
            return None
        installation = Installation(**data)
        if user_id is not None:
            # A user's own installation may predate the newest bot token: use the newest bot.
            bot = self.find_bot(enterprise_id, team_id, is_enterprise_install)
            if bot is not None and bot.bot_token != installation.bot_token:
                installation.bot_token = bot.bot_token
                installation.bot_id = bot.bot_id
                installation.bot_user_id = bot.bot_user_id
                installation.bot_scopes = bot.bot_scopes
                installation.bot_refresh_token = bot.bot_refresh_token
                installation.bot_token_expires_at = bot.bot_token_expires_at
        return installation

    def bot_token(self, workspace: str) -> str | None:
        """The bot token for a csbot workspace key (a Slack team id, or an org id)."""
        bot = self.find_bot(None, workspace) or self._bot_of_any_enterprise(workspace)
        return bot.bot_token if bot is not None else None

    def _bot_of_any_enterprise(self, key: str) -> Bot | None:
        data = self.rows.latest_bot_for_key(key)
        return Bot(**data) if data is not None else None

    # -- deleting (app uninstalled, tokens revoked) ----------------------------------------------

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the team's bots."""
        await asyncio.to_thread(self.rows.delete_bots, enterprise_id, team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget the team's installations (or one user's)."""
        await asyncio.to_thread(self.rows.delete_installations, enterprise_id, team_id, user_id)


class DbOAuthStateStore(AsyncOAuthStateStore):
    """One-time OAuth ``state`` values in the ``slack_oauth_state`` table (ten minutes each)."""

    def __init__(self, store: Store, lifetime: timedelta = STATE_LIFETIME) -> None:
        self.store = store
        self.lifetime = lifetime
        self._logger = log

    @property
    def logger(self) -> logging.Logger:
        """The logger Bolt uses for this store."""
        return self._logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state value, valid for ten minutes."""
        return await asyncio.to_thread(self.issue)

    def issue(self) -> str:
        """Synchronous :meth:`async_issue`."""
        state = secrets.token_urlsafe(32)
        issue_oauth_state(self.store, state, self.lifetime)
        return state

    async def async_consume(self, state: str) -> bool:
        """True (once) for a state we issued that has not expired."""
        return await asyncio.to_thread(self.consume, state)

    def consume(self, state: str) -> bool:
        """Synchronous :meth:`async_consume`."""
        return consume_oauth_state(self.store, state)
