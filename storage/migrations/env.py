"""Alembic environment: uses the engine handed over by storage.migrate.

The migration runs in one transaction that first takes a lock, so processes starting on a new
database at once take turns: PostgreSQL holds an advisory lock until the transaction ends;
SQLite begins the transaction IMMEDIATE (the database's write lock, waited for up to its busy
timeout). Alembic reads the database's revision only after that, so whoever waited finds the
schema current and runs nothing.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from storage.migrate import MIGRATION_LOCK_KEY
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on a live connection, holding the migration lock."""
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    dialect = engine.dialect.name
    with engine.begin() as connection:
        if dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        elif dialect == "sqlite":
            # pysqlite opens no transaction for DDL by itself: this one makes the migration
            # whole (all or nothing) as well as taking the write lock before anything is read.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=dialect == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
