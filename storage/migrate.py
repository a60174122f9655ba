"""Alembic migrations, driven from code (``csbot db upgrade``; SQLite upgrades itself)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at csbot's migrations and the given engine."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision``."""
    command.upgrade(alembic_config(engine), revision)


def ensure_current(engine: Engine) -> None:
    """Upgrade when the database is behind the code (cheap when it is already current)."""
    if current_revision(engine) != head_revision(engine):
        upgrade(engine)
