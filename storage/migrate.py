"""Alembic migrations, driven from code (``csbot db upgrade``; SQLite upgrades itself).

Alembic is imported only when a migration has to run: checking that a database is current is
one query against ``alembic_version`` (every `csbot` start does it, and importing Alembic and
reading its scripts was a tenth of a server's start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration in MIGRATIONS_DIR (a test checks it against Alembic's own head).
HEAD_REVISION = "0002"


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


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def ensure_current(engine: Engine) -> None:
    """Upgrade when the database is behind the code (one query when it is already current)."""
    if current_revision(engine) != HEAD_REVISION:
        upgrade(engine)
