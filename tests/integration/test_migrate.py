"""Schema upgrades: the known head matches the scripts, and a current database is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage import migrate
from storage.database import make_engine
from storage.models import Base
from tests.conftest import Database


def test_the_head_constant_is_the_newest_migration(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'head.db'}")
    assert migrate.head_revision(engine) == migrate.HEAD_REVISION
    engine.dispose()


def test_an_empty_database_is_upgraded_and_a_current_one_left_alone(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert migrate.current_revision(fresh) is None
    migrate.ensure_current(fresh)
    assert migrate.current_revision(fresh) == migrate.HEAD_REVISION
    fresh.dispose()

    # The test database is migrated already: checking it must not run Alembic.
    def no_upgrade(*_: object, **__: object) -> None:
        raise AssertionError("a current database was upgraded")

    monkeypatch.setattr(migrate, "upgrade", no_upgrade)
    engine = make_engine(database.url)
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    migrate.ensure_current(engine)
    engine.dispose()


def test_the_migrations_build_exactly_the_models_schema(database: Database) -> None:
    """Tables, columns and indexes the models declare are what the migrations made."""
    engine = make_engine(database.url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
