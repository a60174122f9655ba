"""Teams conversation references: where the bot may post in Teams without being spoken to.

A reference is saved when the app is installed in a team, chat or personal scope and on the
first message in a conversation, and kept current (the service URL can move between
regions). Proactive posts look it up by channel (``Target.channel_id``) or, for a person's
reminders, by their AAD object id (``Target.user_id``). A reference saved, and a change of
where it is (removed, installed again, renamed), is in the audit trail as done by the Teams
user whose activity said so; a refresh of its service URL alone is plumbing, not audited.
Every query is scoped to the tenant's workspace.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.audit import changed_row, created_row, write_rows
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


# What says where csbot is and with whom: a change of one of these is audited.
_PLACE = frozenset({"active", "conversation_type", "user_aad_id", "user_id", "team_id", "name"})


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


def _audited(
    session: Session, row: TeamsConversation, moved: dict[str, tuple[Any, Any]] | None = None
) -> dict[str, Any] | None:
    """The audit row of a reference saved (``moved`` None) or of the change ``moved`` of where
    it is (``_PLACE``: not its service URL, which Teams moves between regions); None when
    there is none."""
    if moved is None:
        return created_row(session, row)
    return changed_row(session, row, {k: v for k, v in moved.items() if k in _PLACE})


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

    def _session(self, actor: str | None = None) -> Session:
        """A session of its own; ``actor`` for one that writes: its changes of where csbot
        is are audited (see :func:`_audited`), in rows that name ``actor``."""
        session = self.store.session_factory()
        if actor is None:
            session.info["audit"] = False  # plumbing, not workspace data
        else:
            session.info["actor"] = actor
        return session

    def _workspace_id(self, session: Session, tenant_id: str) -> int | None:
        return self.store.workspace_id(session, tenant_id)

    def remember(self, tenant_id: str, ref: ConversationRef, *, actor: str = "system") -> bool:
        """Save or refresh a reference; True when something was written. A new reference, or
        one whose place changed (installed again, renamed...), is in the audit trail as done
        by ``actor``; a new service URL alone is not."""
        with self._session(actor) as session, session.begin():
            workspace_id = self._workspace_id(session, tenant_id)
            if workspace_id is None:
                return False
            row = self._row(session, workspace_id, ref.conversation_id)
            now = utcnow()
            if row is None:
                new_id = session.scalar(
                    upsert_insert(session)(TeamsConversation)
                    .values(
                        workspace_id=workspace_id,
                        conversation_id=ref.conversation_id,
                        active=True,
                        created_at=now,
                        updated_at=now,
                        **{f: getattr(ref, f) for f in _FIELDS},
                    )
                    .on_conflict_do_nothing(index_elements=["workspace_id", "conversation_id"])
                    .returning(TeamsConversation.id)
                )
                if new_id is not None:
                    saved = TeamsConversation(
                        id=new_id,
                        workspace_id=workspace_id,
                        conversation_id=ref.conversation_id,
                        active=True,
                        created_at=now,
                        updated_at=now,
                        **{f: getattr(ref, f) for f in _FIELDS},
                    )
                    write_rows(session, [r for r in [_audited(session, saved)] if r])
                    return True
                # Saved by another request meanwhile: refreshed below, like any other.
                row = self._row(session, workspace_id, ref.conversation_id)
                if row is None:
                    return False
            # Keep what we knew when this activity does not say it (e.g. a channel's name).
            values = {f: getattr(ref, f) for f in _FIELDS if getattr(ref, f) not in (None, "")}
            if row.active and all(getattr(row, k) == v for k, v in values.items()):
                return False
            moved = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
            if not row.active:
                moved["active"] = (False, True)
            session.execute(
                update(TeamsConversation)
                .where(TeamsConversation.id == row.id)
                .values(**values, active=True, updated_at=now)
            )
            write_rows(session, [r for r in [_audited(session, row, moved)] if r])
            return True

    def forget(self, tenant_id: str, conversation_id: str, *, actor: str = "system") -> None:
        """The app was removed from a conversation: stop posting there (in the audit trail,
        as done by ``actor``)."""
        with self._session(actor) as session, session.begin():
            workspace_id = self._workspace_id(session, tenant_id)
            if workspace_id is None:
                return
            row = self._row(session, workspace_id, conversation_id)
            if row is None or not row.active:
                return
            done = session.execute(
                update(TeamsConversation)
                .where(TeamsConversation.id == row.id, TeamsConversation.active.is_(True))
                .values(active=False, updated_at=utcnow())
            )
            if getattr(done, "rowcount", 0) == 1:  # not forgotten by another request meanwhile
                changed = _audited(session, row, {"active": (True, False)})
                write_rows(session, [changed] if changed else [])

    def _row(
        self, session: Session, workspace_id: int, conversation_id: str
    ) -> TeamsConversation | None:
        return session.scalar(
            select(TeamsConversation).where(
                TeamsConversation.workspace_id == workspace_id,
                TeamsConversation.conversation_id == conversation_id,
            )
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
