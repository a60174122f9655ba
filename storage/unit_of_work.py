"""One place owns the session and the transaction: a unit of work per command or job."""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.audit import install_audit
from storage.database import make_engine, make_session_factory
from storage.migrate import ensure_current
from storage.models import SlackEvent, Workspace, utcnow
from storage.repositories import Repositories
from storage.write_guard import (
    ATOMIC_WRITE_OPTION,
    READ_ONLY_OPTION,
    NeedsTransaction,
    OneWrite,
    refuse_writes,
)

__all__ = [
    "ATOMIC_WRITE_OPTION",
    "READ_ONLY_OPTION",
    "NeedsTransaction",
    "Store",
    "UnitOfWork",
    "WorkspaceNotFound",
]


# The class of the PostgreSQL advisory locks units of work take turns by, one a workspace (a
# hash of its schema and id the second key, since databases holding csbot's tables in several
# schemas share advisory locks): "cswt" in ASCII. The two-key form keeps them apart from the
# migration's and the copy's one-key locks.
TURN_LOCK_CLASS = 0x63737774
# How long a unit of work waits for its turn (and, on PostgreSQL, for any row lock after it)
# before it gives up; SQLite waits its busy timeout (storage.database), 10 seconds.
TURN_TIMEOUT_S = 30.0

# How long a process trusts a workspace id it found. Only ``csbot db delete-workspace``, in
# another process, deletes a workspace: a running server sees it gone within this time.
WORKSPACE_ID_TTL_S = 60.0


class WorkspaceNotFound(LookupError):
    """The named workspace does not exist."""


@dataclass
class Store:
    """The database: an engine and its session factory, built once at start-up."""

    engine: Engine
    # The time zone of workspaces created from now on (CSBOT_TIMEZONE).
    default_timezone: str = "Europe/London"
    session_factory: sessionmaker[Session] = field(init=False)
    # Workspace ids by key, with the time (time.monotonic) each was found. A key never
    # changes, but a workspace may be deleted (and its key made again) by another process, so
    # a found id is read again after WORKSPACE_ID_TTL_S; a key not found is not remembered (it
    # may be created later).
    _workspace_ids: dict[str, tuple[int, float]] = field(
        init=False, default_factory=dict, repr=False
    )
    _workspace_ids_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        install_audit()
        self.session_factory = make_session_factory(self.engine)
        # Only where read-only units run without a transaction: elsewhere no statement needs it.
        if self.reads_without_transaction and not event.contains(
            self.engine, "before_cursor_execute", refuse_writes
        ):
            event.listen(self.engine, "before_cursor_execute", refuse_writes)

    @property
    def reads_without_transaction(self) -> bool:
        """True when a read-only unit of work runs its statements in autocommit mode: on
        PostgreSQL, which under READ COMMITTED gives each statement its own snapshot inside a
        transaction too, so a read sees the same data and saves the BEGIN and COMMIT round
        trips. (SQLite has no round trips to save.)"""
        return self.engine.dialect.name == "postgresql"

    @classmethod
    def from_url(
        cls, url: str, *, upgrade: bool = True, default_timezone: str = "Europe/London"
    ) -> Store:
        """Open the database at ``url``; bring its schema up to date when ``upgrade``.
        ``default_timezone`` is the zone of workspaces created from now on."""
        engine = make_engine(url)
        if upgrade:
            ensure_current(engine)
        return cls(engine, default_timezone=default_timezone)

    def unit_of_work(
        self,
        workspace_key: str,
        *,
        actor: str = "system",
        now: datetime | None = None,
        read_only: bool = False,
        one_write: bool = False,
    ) -> UnitOfWork:
        """A unit of work scoped to one workspace.

        ``read_only``: the work is expected only to read. Where that saves round trips (see
        :attr:`reads_without_transaction`) its statements run without a transaction, and any
        statement but a SELECT raises :class:`NeedsTransaction` before it is sent.

        ``one_write``: the work is expected to read, then send at most one statement that is
        whole on its own (see ``storage.write_guard``). It runs without a transaction where
        read-only work does, and any other write raises :class:`NeedsTransaction` before it
        is sent; that saves the BEGIN and COMMIT round trips of logging an update.
        """
        return UnitOfWork(
            self, workspace_key, actor=actor, now=now, read_only=read_only, one_write=one_write
        )

    def workspace_id(self, session: Session, key: str) -> int | None:
        """The id of the workspace ``key`` (None when there is none), cached once found for
        :data:`WORKSPACE_ID_TTL_S`."""
        found = self._cached_id(key)
        if found is None:
            found = session.scalar(select(Workspace.id).where(Workspace.key == key))
            with self._workspace_ids_lock:
                if found is not None:
                    self._workspace_ids[key] = (found, time.monotonic())
                else:
                    self._workspace_ids.pop(key, None)
        return found

    def _cached_id(self, key: str) -> int | None:
        cached = self._workspace_ids.get(key)
        if cached is None or time.monotonic() - cached[1] > WORKSPACE_ID_TTL_S:
            return None
        return cached[0]

    def forget_workspace_id(self, key: str) -> None:
        """Drop the cached id of the workspace ``key`` (it was deleted)."""
        with self._workspace_ids_lock:
            self._workspace_ids.pop(key, None)

    def workspace_keys(self) -> list[str]:
        """The keys of every workspace, oldest first."""
        with self.session_factory() as session:
            return list(session.scalars(select(Workspace.key).order_by(Workspace.id)))

    def workspace_known(self, key: str) -> bool:
        """True when this process has seen the workspace ``key`` within
        :data:`WORKSPACE_ID_TTL_S` (no query)."""
        return self._cached_id(key) is not None

    def ensure_workspace(self, key: str, *, platform: str = "local", name: str = "") -> None:
        """Create the workspace if it does not exist yet (no query once it is known). Another
        process creating the same workspace at the same moment is no failure: it is there,
        which is all that was wanted."""
        if self.workspace_known(key):
            return
        try:
            with self.session_factory() as session, session.begin():
                session.info["actor"] = "system"
                if self.workspace_id(session, key) is None:
                    session.add(
                        Workspace(
                            key=key,
                            platform=platform,
                            name=name or key,
                            timezone=self.default_timezone,
                        )
                    )
        except IntegrityError:
            with self.session_factory() as session:
                if self.workspace_id(session, key) is None:
                    raise


class UnitOfWork:
    """A session and transaction for one workspace; commits only when told to."""

    session: Session
    workspace_id: int
    repos: Repositories

    def __init__(
        self,
        store: Store,
        workspace_key: str,
        *,
        actor: str,
        now: datetime | None,
        read_only: bool = False,
        one_write: bool = False,
    ) -> None:
        self._store = store
        self._workspace_key = workspace_key
        self._actor = actor
        self._now = now
        without_transaction = store.reads_without_transaction
        self._mode: bool | OneWrite = False
        if without_transaction and one_write:
            self._mode = OneWrite()
        elif without_transaction and read_only:
            self._mode = True
        self._workspace: Workspace | None = None
        self._timezone: str | None = None

    def __enter__(self) -> UnitOfWork:
        self.session = self._store.session_factory()
        self.session.info["actor"] = self._actor
        self.session.info["now"] = self._now
        try:
            if self._mode:
                # The pool puts the connection back in its usual mode when it is returned.
                self.session.connection(
                    execution_options={
                        "isolation_level": "AUTOCOMMIT",
                        READ_ONLY_OPTION: self._mode,
                    }
                )
            workspace_id = self._store.workspace_id(self.session, self._workspace_key)
        except BaseException:
            self.session.close()
            raise
        if workspace_id is None:
            self.session.close()
            raise WorkspaceNotFound(self._workspace_key)
        self.workspace_id = workspace_id
        self.session.info["workspace_id"] = workspace_id
        self.repos = Repositories(self.session, workspace_id)
        return self

    @property
    def is_postgresql(self) -> bool:
        """True on PostgreSQL (its writes can lock rows and check them in one statement)."""
        return self._store.engine.dialect.name == "postgresql"

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    @property
    def workspace(self) -> Workspace:
        """The workspace row, loaded on first use."""
        if self._workspace is None:
            workspace = self.session.get(Workspace, self.workspace_id)
            if workspace is None:  # deleted by another process while its id was still cached
                raise WorkspaceNotFound(self._workspace_key)
            self._workspace = workspace
        return self._workspace

    @workspace.setter
    def workspace(self, value: Workspace) -> None:
        """Keep a workspace row another query of this unit of work loaded anyway."""
        if value.id != self.workspace_id:
            raise ValueError("that is not the workspace of this unit of work")
        self._workspace = value

    @property
    def timezone(self) -> str:
        """The workspace's time zone ("" when none is set): as a look-up that read it already
        noted it, else from the workspace row."""
        if self._timezone is None:
            self._timezone = self.workspace.timezone or ""
        return self._timezone

    @timezone.setter
    def timezone(self, value: str | None) -> None:
        """Note the workspace's time zone, read by another query of this unit of work."""
        self._timezone = value or ""

    @property
    def actor(self) -> str:
        """Who the audit trail names for changes in this unit of work."""
        return str(self.session.info["actor"])

    @actor.setter
    def actor(self, value: str) -> None:
        self.session.info["actor"] = value

    def take_turn(self) -> None:
        """Wait until no other unit of work that took its turn in this workspace is running,
        and hold the turn until this one ends (commit or rollback): call it before reading
        anything that what is written depends on, so that it reads what the other wrote.

        PostgreSQL: a transaction-level advisory lock of the workspace, waited for up to
        :data:`TURN_TIMEOUT_S` (which then holds for the transaction's other lock waits too).
        SQLite: the database's write lock, taken now (``BEGIN IMMEDIATE``) and waited for up to
        the busy timeout; a transaction that wrote already holds it. A wait that gives up
        raises the driver's lock error (SQLSTATE 55P03; SQLITE_BUSY)."""
        if self.is_postgresql:
            timeout_ms = str(int(TURN_TIMEOUT_S * 1000))
            self.session.execute(
                text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": timeout_ms}
            )
            self.session.execute(
                text(
                    "SELECT pg_advisory_xact_lock(:cls, hashtext(current_schema() || '/' || :key))"
                ),
                {"cls": TURN_LOCK_CLASS, "key": str(self.workspace_id)},
            )
            return
        connection = self.session.connection()
        # pysqlite begins a transaction only before a write: none yet means no write lock.
        if not getattr(connection.connection.driver_connection, "in_transaction", False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    def claim_request(self, key: str, *, kind: str = "request") -> bool:
        """Record that the request ``key`` names is being carried out, in this unit of work's
        transaction (so it stands or falls with the work); False when it already was, by this
        process or another (a concurrent claim waits for the first one's commit). Call it
        before anything else is added. Kept in the ``slack_event`` ledger (pruned after two
        days, well past the five minutes a signed Slack request is valid for); not audited:
        it is plumbing, and the work it guards is audited itself."""
        self.session.add(
            SlackEvent(
                event_id=key[:64],
                team_id=self._workspace_key[:32],
                kind=kind[:64],
                received_at=utcnow(),
            )
        )
        self.session.info["audit"] = False
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            return False
        finally:
            self.session.info.pop("audit", None)
        return True

    def has_claim(self, key: str) -> bool:
        """Whether ``key`` was claimed (see :meth:`claim_request`) and not pruned yet."""
        found = self.session.scalar(select(SlackEvent.id).where(SlackEvent.event_id == key[:64]))
        return found is not None

    def claimed(self, keys: Collection[str]) -> set[str]:
        """Which of ``keys`` were claimed (see :meth:`claim_request`) and not pruned yet: one
        query for them all."""
        if not keys:
            return set()
        wanted = {key[:64]: key for key in keys}
        found = self.session.scalars(
            select(SlackEvent.event_id).where(SlackEvent.event_id.in_(wanted))
        )
        return {wanted[key] for key in found}

    def commit(self) -> None:
        """Make every change of this unit of work durable, at once."""
        self.session.commit()

    def rollback(self) -> None:
        """Throw away every change since the last commit."""
        self.session.rollback()
