"""Alembic migrations, driven from code (``csbot db upgrade``; SQLite upgrades itself).

Alembic is imported only when a migration has to run: checking that a database is current is
one query against ``alembic_version`` (every `csbot` start does it, and importing Alembic and
reading its scripts was a tenth of a server's start-up).

Several processes may start on one new database at once (two servers, a cron job and a
server): the migration takes a lock first (see ``migrations/env.py``: a PostgreSQL advisory
lock, an immediate transaction on SQLite), and Alembic reads the revision again once it holds
it, so the second process waits for the first and then finds nothing left to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration in MIGRATIONS_DIR (a test checks it against Alembic's own head).
HEAD_REVISION = "0019"
# The key of the PostgreSQL advisory lock a migration holds ("csbot" in ASCII, as a number).
MIGRATION_LOCK_KEY = 0x6373626F74


class DatabaseTooNew(RuntimeError):
    """The database is at a revision this version of csbot does not know (a newer csbot
    upgraded it): it is neither used nor "upgraded"."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"This database was upgraded by a newer csbot (revision {revision}; this version "
            f"knows up to {HEAD_REVISION}). Upgrade csbot, or restore a backup."
        )


def known_revisions() -> set[str]:
    """The revisions of the migration scripts, from their file names (without Alembic)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")}


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at csbot's migrations and the given engine."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str | None:
    """The newest revision of the migration scripts, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def refuse_unknown(revision: str | None) -> None:
    """Raise :class:`DatabaseTooNew` when ``revision`` is not one of the migration scripts."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (under the migration lock; a process
    that waited for another's upgrade finds nothing left to do). Raises DatabaseTooNew when
    the database is at a revision this version does not know."""
    from alembic import command

    refuse_unknown(current_revision(engine))
    command.upgrade(alembic_config(engine), revision)


def ensure_current(engine: Engine) -> None:
    """Upgrade when the database is behind the code (one query when it is already current).
    Raises DatabaseTooNew, without touching it, when a newer csbot upgraded it."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    refuse_unknown(revision)
    upgrade(engine)
