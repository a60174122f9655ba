"""Slack adapter rows: the ledger of Events API deliveries, OAuth installations and state.

Slack delivers an event again (with ``X-Slack-Retry-Num``) when we answered slowly or with an
error. Progress messages are idempotent in the core (their update's source key is the
message), so for them the ledger only stops a second reaction and thread reply: the event is
claimed after the core succeeded. Commands sent by @-mention or DM are claimed before the
core runs and released again when it fails, so a retry after a failure is carried out.

Installations and bots are kept as the JSON of slack_sdk's objects (``data``); building those
objects is the Slack adapter's business (``bot/slack/installation_store.py``). These rows are
plumbing and hold tokens, so they are written without audit events; an install, an
uninstall and a revoked token are noted on the workspace instead (:func:`note_in_audit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Delete, delete, exists, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.audit import write_rows
from storage.models import (
    PlanChannel,
    SlackBot,
    SlackEvent,
    SlackInstallation,
    SlackOAuthState,
    utcnow,
)
from storage.unit_of_work import Store

KEEP = timedelta(days=2)
PRUNE_EVERY = 500


class EventLedger:
    """Claims event ids in the database (unique), so one delivery wins across processes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._claims = 0

    def seen(self, event_id: str) -> bool:
        """True when the event was already acted on."""
        with self.store.session_factory() as session:
            found = session.scalar(select(SlackEvent.id).where(SlackEvent.event_id == event_id))
            return found is not None

    def seen_and_linked(self, event_id: str, team_id: str, channel_id: str) -> tuple[bool, bool]:
        """(was the event acted on already, is the channel linked to a plan) in one query:
        a message in a channel without a plan is never logged, so nothing about it (its
        permalink) needs asking Slack for."""
        with self.store.session_factory() as session:
            workspace_id = self.store.workspace_id(session, team_id)
            seen = exists().where(SlackEvent.event_id == event_id) if event_id else literal(False)
            linked = (
                exists().where(
                    PlanChannel.workspace_id == workspace_id,
                    PlanChannel.platform == "slack",
                    PlanChannel.channel_id == channel_id,
                )
                if workspace_id is not None
                else literal(False)
            )
            row = session.execute(select(seen, linked)).one()
            return bool(row[0]), bool(row[1])

    def claim(self, event_id: str, *, team_id: str = "", kind: str = "") -> bool:
        """Record the event as acted on; False when another delivery claimed it first."""
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            self.prune()
        with self.store.session_factory() as session:
            session.info["audit"] = False
            session.add(
                SlackEvent(event_id=event_id, team_id=team_id, kind=kind[:64], received_at=utcnow())
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def release(self, event_id: str) -> None:
        """Forget a claim (its work failed), so Slack's retry is carried out."""
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            session.execute(delete(SlackEvent).where(SlackEvent.event_id == event_id))

    def prune(self, now: datetime | None = None) -> int:
        """Drop claims older than two days (Slack stops retrying after a few minutes)."""
        cutoff = (now or utcnow()) - KEEP
        with self.store.session_factory() as session, session.begin():
            session.info["audit"] = False
            result = session.execute(delete(SlackEvent).where(SlackEvent.received_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)


# -- installations and bots ------------------------------------------------------------------


@dataclass(frozen=True)
class BotRecord:
    """A bot installation to keep: where it is installed, and slack_sdk's ``Bot`` as JSON."""

    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool
    data: dict[str, Any]
    installed_at: datetime


@dataclass(frozen=True)
class InstallationRecord:
    """An installation to keep: where and by whom, and slack_sdk's ``Installation`` as JSON."""

    enterprise_id: str | None
    team_id: str | None
    user_id: str | None
    is_enterprise_install: bool
    data: dict[str, Any]
    installed_at: datetime


@dataclass
class SlackInstallationRows:
    """Reads and writes the ``slack_installation`` and ``slack_bot`` rows of one Slack app."""

    store: Store
    client_id: str

    def _session(self) -> Session:
        session = self.store.session_factory()
        session.info["audit"] = False  # tokens never go into the audit trail
        return session

    def save_installation(self, installation: InstallationRecord, bot: BotRecord | None) -> None:
        """Keep an installation and, when given, its bot, in one transaction."""
        with self._session() as session, session.begin():
            session.add(
                SlackInstallation(
                    client_id=self.client_id,
                    enterprise_id=installation.enterprise_id,
                    team_id=installation.team_id,
                    user_id=installation.user_id,
                    is_enterprise_install=installation.is_enterprise_install,
                    data=installation.data,
                    installed_at=installation.installed_at,
                )
            )
            if bot is not None:
                self._add_bot(session, bot)

    def save_bot(self, bot: BotRecord) -> None:
        """Keep a bot installation."""
        with self._session() as session, session.begin():
            self._add_bot(session, bot)

    def _add_bot(self, session: Session, bot: BotRecord) -> None:
        session.add(
            SlackBot(
                client_id=self.client_id,
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                is_enterprise_install=bot.is_enterprise_install,
                data=bot.data,
                installed_at=bot.installed_at,
            )
        )

    def latest_bot(self, enterprise_id: str | None, team_id: str | None) -> dict[str, Any] | None:
        """The data of the newest bot in exactly this org and team (None: no id there)."""
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
            return dict(row.data) if row is not None else None

    def latest_bot_for_key(self, key: str) -> dict[str, Any] | None:
        """The data of the newest bot whose team id or org id is ``key``."""
        with self._session() as session:
            row = session.scalar(
                select(SlackBot)
                .where(
                    SlackBot.client_id == self.client_id,
                    (SlackBot.team_id == key) | (SlackBot.enterprise_id == key),
                )
                .order_by(SlackBot.installed_at.desc(), SlackBot.id.desc())
            )
            return dict(row.data) if row is not None else None

    def latest_installation(
        self, enterprise_id: str | None, team_id: str | None, user_id: str | None
    ) -> dict[str, Any] | None:
        """The data of the newest installation in this org and team (by ``user_id`` if given)."""
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
            return dict(row.data)

    def delete_bots(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the bots of this org and team."""
        self._delete(SlackBot, enterprise_id, team_id, None)

    def delete_installations(
        self, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget the installations of this org and team (or one user's there)."""
        self._delete(SlackInstallation, enterprise_id, team_id, user_id)

    def forget(
        self, enterprise_id: str | None, team_id: str | None, *, why: str, workspace_key: str
    ) -> int:
        """Forget every installation and bot of this org and team (the app was uninstalled
        there, or its bot token revoked), in one transaction, and note it in the audit trail
        of csbot's workspace ``workspace_key`` (when there is one) with ``why`` as the change
        and how many installations and bot tokens were forgotten, never the tokens. How many
        rows were forgotten; 0, and nothing noted, when none were stored (a repeated event)."""
        with self._session() as session, session.begin():
            bots, installations = (
                _rowcount(session.execute(self._delete_stmt(model, enterprise_id, team_id, None)))
                for model in (SlackBot, SlackInstallation)
            )
            workspace_id = self.store.workspace_id(session, workspace_key)
            if (bots or installations) and workspace_id is not None:
                forgotten = {"installations": installations, "bot_tokens": bots}
                note_in_audit(session, workspace_id, why, after={"forgotten": forgotten})
        return bots + installations

    def _delete(
        self,
        model: type[SlackBot] | type[SlackInstallation],
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
    ) -> None:
        with self._session() as session, session.begin():
            session.execute(self._delete_stmt(model, enterprise_id, team_id, user_id))

    def _delete_stmt(
        self,
        model: type[SlackBot] | type[SlackInstallation],
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
    ) -> Delete:
        stmt = delete(model).where(
            model.client_id == self.client_id,
            model.enterprise_id.is_(None)
            if enterprise_id is None
            else model.enterprise_id == enterprise_id,
            model.team_id.is_(None) if team_id is None else model.team_id == team_id,
        )
        if user_id is not None and model is SlackInstallation:
            stmt = stmt.where(SlackInstallation.user_id == user_id)
        return stmt


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def note_installation(
    store: Store,
    workspace_key: str,
    change: str,
    *,
    actor: str = "Slack",
    after: dict[str, Any] | None = None,
) -> bool:
    """Note in the audit trail of csbot's workspace ``workspace_key`` that the app was
    installed there, uninstalled or its token revoked (``change``), as done by ``actor``, with
    ``after`` (never a token). False when there is no such workspace."""
    with store.session_factory() as session, session.begin():
        workspace_id = store.workspace_id(session, workspace_key)
        if workspace_id is None:
            return False
        note_in_audit(session, workspace_id, change, actor=actor, after=after)
    return True


def note_in_audit(
    session: Session,
    workspace_id: int,
    change: str,
    *,
    actor: str = "Slack",
    after: dict[str, Any] | None = None,
) -> None:
    """An audit row on the workspace: the Slack app installed, uninstalled or its tokens
    revoked (``change``), by ``actor``; ``after`` says what csbot did (never a token)."""
    write_rows(
        session,
        [
            {
                "workspace_id": workspace_id,
                "at": utcnow(),
                "actor": actor,
                "entity": "workspace",
                "entity_id": workspace_id,
                "change": change,
                "before": None,
                "after": after,
            }
        ],
    )


# -- OAuth state -------------------------------------------------------------------------------


def issue_oauth_state(store: Store, state: str, lifetime: timedelta) -> None:
    """Keep a one-time OAuth ``state`` value, valid for ``lifetime`` from now. States that
    expired unused are dropped (every visit to the public install page issues one, and most
    are never brought back: kept, they piled up for good)."""
    now = utcnow()
    with store.session_factory() as session, session.begin():
        session.info["audit"] = False
        session.execute(delete(SlackOAuthState).where(SlackOAuthState.expires_at <= now))
        session.add(SlackOAuthState(state=state, expires_at=now + lifetime))


def consume_oauth_state(store: Store, state: str) -> bool:
    """Delete a state value; True when it existed and had not expired."""
    with store.session_factory() as session, session.begin():
        session.info["audit"] = False
        row = session.scalar(select(SlackOAuthState).where(SlackOAuthState.state == state[:64]))
        if row is None:
            return False
        session.delete(row)
        return row.expires_at > utcnow()
