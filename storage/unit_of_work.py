"""One place owns the session and the transaction: a unit of work per command or job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storage.audit import install_audit
from storage.database import make_engine, make_session_factory
from storage.migrate import ensure_current
from storage.models import Workspace
from storage.repositories import Repositories


class WorkspaceNotFound(LookupError):
    """The named workspace does not exist."""


@dataclass
class Store:
    """The database: an engine and its session factory, built once at start-up."""

    engine: Engine
    session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        install_audit()
        self.session_factory = make_session_factory(self.engine)

    @classmethod
    def from_url(cls, url: str, *, upgrade: bool = True) -> Store:
        """Open the database at ``url``; bring its schema up to date when ``upgrade``."""
        engine = make_engine(url)
        if upgrade:
            ensure_current(engine)
        return cls(engine)

    def unit_of_work(
        self, workspace_key: str, *, actor: str = "system", now: datetime | None = None
    ) -> UnitOfWork:
        """A unit of work scoped to one workspace."""
        return UnitOfWork(self, workspace_key, actor=actor, now=now)

    def workspace_keys(self) -> list[str]:
        """The keys of every workspace, oldest first."""
        with self.session_factory() as session:
            return list(session.scalars(select(Workspace.key).order_by(Workspace.id)))

    def ensure_workspace(self, key: str, *, platform: str = "local", name: str = "") -> None:
        """Create the workspace if it does not exist yet."""
        with self.session_factory() as session, session.begin():
            session.info["actor"] = "system"
            exists = session.scalar(select(Workspace.id).where(Workspace.key == key))
            if exists is None:
                session.add(Workspace(key=key, platform=platform, name=name or key))


class UnitOfWork:
    """A session and transaction for one workspace; commits only when told to."""

    session: Session
    workspace: Workspace
    repos: Repositories

    def __init__(
        self, store: Store, workspace_key: str, *, actor: str, now: datetime | None
    ) -> None:
        self._store = store
        self._workspace_key = workspace_key
        self._actor = actor
        self._now = now

    def __enter__(self) -> UnitOfWork:
        self.session = self._store.session_factory()
        self.session.info["actor"] = self._actor
        self.session.info["now"] = self._now
        workspace = self.session.scalar(
            select(Workspace).where(Workspace.key == self._workspace_key)
        )
        if workspace is None:
            self.session.close()
            raise WorkspaceNotFound(self._workspace_key)
        self.workspace = workspace
        self.session.info["workspace_id"] = workspace.id
        self.repos = Repositories(self.session, workspace.id)
        return self

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
    def actor(self) -> str:
        """Who the audit trail names for changes in this unit of work."""
        return str(self.session.info["actor"])

    @actor.setter
    def actor(self, value: str) -> None:
        self.session.info["actor"] = value

    def commit(self) -> None:
        """Make every change of this unit of work durable, at once."""
        self.session.commit()

    def rollback(self) -> None:
        """Throw away every change since the last commit."""
        self.session.rollback()
