"""OAuth installations and OAuth state in the project's database (many-workspace mode).

Bolt calls the async methods; they run the synchronous SQLAlchemy work in a thread. The
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
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import SlackBot, SlackInstallation, SlackOAuthState, utcnow
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


class DbInstallationStore(AsyncInstallationStore):
    """Bolt's installation store on the ``slack_installation`` and ``slack_bot`` tables."""

    def __init__(self, store: Store, client_id: str) -> None:
        self.store = store
        self.client_id = client_id
        self._logger = log

    @property
    def logger(self) -> logging.Logger:
        """The logger Bolt uses for this store."""
        return self._logger

    def _session(self) -> Session:
        session = self.store.session_factory()
        session.info["audit"] = False  # tokens never go into the audit trail
        return session

    # -- saving ------------------------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        """Keep an installation (and its bot), and create the team's csbot workspace."""
        await asyncio.to_thread(self.save, installation)

    def save(self, installation: Installation) -> None:
        """Synchronous :meth:`async_save`."""
        with self._session() as session, session.begin():
            session.add(
                SlackInstallation(
                    client_id=self.client_id,
                    enterprise_id=installation.enterprise_id,
                    team_id=installation.team_id,
                    user_id=installation.user_id,
                    is_enterprise_install=bool(installation.is_enterprise_install),
                    data=_jsonable(installation.to_dict_for_copying()),
                    installed_at=_installed_at(installation.installed_at),
                )
            )
            if installation.bot_token:
                self._add_bot(session, installation.to_bot())
        key = workspace_key(installation.enterprise_id, installation.team_id)
        if key:
            self.store.ensure_workspace(
                key,
                platform="slack",
                name=installation.team_name or installation.enterprise_name or key,
            )

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep a bot installation (token rotation saves refreshed bots this way)."""
        await asyncio.to_thread(self._save_bot, bot)

    def _save_bot(self, bot: Bot) -> None:
        with self._session() as session, session.begin():
            self._add_bot(session, bot)

    def _add_bot(self, session: Session, bot: Bot) -> None:
        session.add(
            SlackBot(
                client_id=self.client_id,
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                is_enterprise_install=bool(bot.is_enterprise_install),
                data=_jsonable(bot.to_dict_for_copying()),
                installed_at=_installed_at(bot.installed_at),
            )
        )

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
        with self._session() as session:
            row = session.scalar(
                select(SlackBot)
                .where(
                    SlackBot.client_id == self.client_id,
                    SlackBot.enterprise_id.is_(None)
                    if enterprise_id is None
                    else SlackBot.enterprise_id == enterprise_id,
                    SlackBot.team_id.is_(None) if team_id is None else SlackBot.team_id == team_id,
                )
                .order_by(SlackBot.installed_at.desc(), SlackBot.id.desc())
            )
            return Bot(**row.data) if row is not None else None

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
        with self._session() as session:
            stmt = select(SlackInstallation).where(
                SlackInstallation.client_id == self.client_id,
                SlackInstallation.enterprise_id.is_(None)
                if enterprise_id is None
                else SlackInstallation.enterprise_id == enterprise_id,
                SlackInstallation.team_id.is_(None)
                if team_id is None
                else SlackInstallation.team_id == team_id,
            )
            if user_id is not None:
                stmt = stmt.where(SlackInstallation.user_id == user_id)
            row = session.scalar(
                stmt.order_by(SlackInstallation.installed_at.desc(), SlackInstallation.id.desc())
            )
            if row is None:
                return None
            data = dict(row.data)
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
        with self._session() as session:
            row = session.scalar(
                select(SlackBot)
                .where(
                    SlackBot.client_id == self.client_id,
                    (SlackBot.team_id == key) | (SlackBot.enterprise_id == key),
                )
                .order_by(SlackBot.installed_at.desc(), SlackBot.id.desc())
            )
            return Bot(**row.data) if row is not None else None

    # -- deleting (app uninstalled, tokens revoked) ----------------------------------------------

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the team's bots."""
        await asyncio.to_thread(self._delete, SlackBot, enterprise_id, team_id, None)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget the team's installations (or one user's)."""
        await asyncio.to_thread(self._delete, SlackInstallation, enterprise_id, team_id, user_id)

    def _delete(
        self,
        model: type[SlackBot] | type[SlackInstallation],
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
    ) -> None:
        stmt = delete(model).where(
            model.client_id == self.client_id,
            model.enterprise_id.is_(None)
            if enterprise_id is None
            else model.enterprise_id == enterprise_id,
            model.team_id.is_(None) if team_id is None else model.team_id == team_id,
        )
        if user_id is not None and model is SlackInstallation:
            stmt = stmt.where(SlackInstallation.user_id == user_id)
        with self._session() as session, session.begin():
            session.execute(stmt)


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
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            session.add(SlackOAuthState(state=state, expires_at=utcnow() + self.lifetime))
        return state

    async def async_consume(self, state: str) -> bool:
        """True (once) for a state we issued that has not expired."""
        return await asyncio.to_thread(self.consume, state)

    def consume(self, state: str) -> bool:
        """Synchronous :meth:`async_consume`."""
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            row = session.scalar(select(SlackOAuthState).where(SlackOAuthState.state == state[:64]))
            if row is None:
                return False
            session.delete(row)
            return row.expires_at > utcnow()
