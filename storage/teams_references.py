"""Teams conversation references: where the bot may post in Teams without being spoken to.

A reference is saved when the app is installed in a team, chat or personal scope and on the
first message in a conversation, and kept current (the service URL can move between
regions). Proactive posts look it up by channel (``Target.channel_id``) or, for a person's
reminders, by their AAD object id (``Target.user_id``). Rows are adapter plumbing, so they
are written without audit events; every query is scoped to the tenant's workspace.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.database import upsert_insert
from storage.models import TeamsConversation, utcnow
from storage.unit_of_work import Store

_FIELDS = (
    "conversation_type",
    "service_url",
    "bot_id",
    "user_aad_id",
    "user_id",
    "team_id",
    "name",
)


@dataclass(frozen=True)
class ConversationRef:
    """Everything needed to post into one Teams conversation."""

    conversation_id: str
    conversation_type: str
    service_url: str
    bot_id: str = ""
    user_aad_id: str | None = None
    user_id: str | None = None
    team_id: str | None = None
    name: str = ""


def _ref(row: TeamsConversation) -> ConversationRef:
    return ConversationRef(
        conversation_id=row.conversation_id,
        conversation_type=row.conversation_type,
        service_url=row.service_url,
        bot_id=row.bot_id,
        user_aad_id=row.user_aad_id,
        user_id=row.user_id,
        team_id=row.team_id,
        name=row.name,
    )


@dataclass
class ReferenceStore:
    """Reads and writes TeamsConversation rows, one short transaction each."""

    store: Store

    def _session(self) -> Session:
        session = self.store.session_factory()
        session.info["audit"] = False  # plumbing, not workspace data
        return session

    def _workspace_id(self, session: Session, tenant_id: str) -> int | None:
        return self.store.workspace_id(session, tenant_id)

    def remember(self, tenant_id: str, ref: ConversationRef) -> bool:
        """Save or refresh a reference; True when something was written."""
        with self._session() as session, session.begin():
            workspace_id = self._workspace_id(session, tenant_id)
            if workspace_id is None:
                return False
            row = session.scalar(
                select(TeamsConversation).where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.conversation_id == ref.conversation_id,
                )
            )
            values = {f: getattr(ref, f) for f in _FIELDS}
            if row is not None:
                # Keep what we knew when this activity does not say it (e.g. a channel's name).
                values = {k: v for k, v in values.items() if v not in (None, "")}
                if row.active and all(getattr(row, k) == v for k, v in values.items()):
                    return False
            now = utcnow()
            stmt = upsert_insert(session)(TeamsConversation).values(
                workspace_id=workspace_id,
                conversation_id=ref.conversation_id,
                active=True,
                created_at=now,
                updated_at=now,
                **{f: getattr(ref, f) for f in _FIELDS},
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["workspace_id", "conversation_id"],
                set_={**values, "active": True, "updated_at": now},
            )
            session.execute(stmt)
            return True

    def forget(self, tenant_id: str, conversation_id: str) -> None:
        """The app was removed from a conversation: stop posting there."""
        with self._session() as session, session.begin():
            workspace_id = self._workspace_id(session, tenant_id)
            if workspace_id is None:
                return
            session.execute(
                update(TeamsConversation)
                .where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.conversation_id == conversation_id,
                )
                .values(active=False, updated_at=utcnow())
            )

    def channel(self, tenant_id: str, conversation_id: str) -> ConversationRef | None:
        """The active reference of a channel or chat by its conversation id."""
        with self._session() as session:
            workspace_id = self._workspace_id(session, tenant_id)
            row = session.scalar(
                select(TeamsConversation).where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.conversation_id == conversation_id,
                    TeamsConversation.active.is_(True),
                )
            )
            return _ref(row) if row is not None else None

    def known(
        self, tenant_id: str, conversation_ids: Collection[str]
    ) -> dict[str, ConversationRef]:
        """The references saved for these conversations, by conversation id, whether or not
        the app is still installed there (their names, to show them by)."""
        if not conversation_ids:
            return {}
        with self._session() as session:
            workspace_id = self._workspace_id(session, tenant_id)
            rows = session.scalars(
                select(TeamsConversation).where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.conversation_id.in_(sorted(set(conversation_ids))),
                )
            )
            return {row.conversation_id: _ref(row) for row in rows}

    def any(self, tenant_id: str) -> ConversationRef | None:
        """The most recently refreshed active reference of a tenant (its service URL)."""
        with self._session() as session:
            workspace_id = self._workspace_id(session, tenant_id)
            row = session.scalar(
                select(TeamsConversation)
                .where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.active.is_(True),
                )
                .order_by(TeamsConversation.updated_at.desc())
                .limit(1)
            )
            return _ref(row) if row is not None else None

    def personal(self, tenant_id: str, user_aad_id: str) -> ConversationRef | None:
        """The active personal chat between the bot and a user (by AAD object id)."""
        with self._session() as session:
            workspace_id = self._workspace_id(session, tenant_id)
            row = session.scalar(
                select(TeamsConversation)
                .where(
                    TeamsConversation.workspace_id == workspace_id,
                    TeamsConversation.user_aad_id == user_aad_id,
                    TeamsConversation.conversation_type == "personal",
                    TeamsConversation.active.is_(True),
                )
                .order_by(TeamsConversation.updated_at.desc())
                .limit(1)
            )
            return _ref(row) if row is not None else None
