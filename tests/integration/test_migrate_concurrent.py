"""Several csbot processes starting on one new database take turns to migrate it, and a
database a newer csbot upgraded is refused, untouched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage import migrate
from storage.database import make_engine
from tests.conftest import _pg_base_url, _with_schema

STARTING = 3


def fresh_sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}"


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A new, empty PostgreSQL schema (dropped afterwards)."""
    schema = f"csbot_mig_{os.getpid()}"
    try:
        admin = make_engine(_pg_base_url())
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # pragma: no cover - without PostgreSQL
        if os.environ.get("CSBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but failed: {exc}")
        pytest.skip("PostgreSQL is not reachable (set TEST_DATABASE_URL)")
    yield _with_schema(_pg_base_url(), schema)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return fresh_sqlite(tmp_path)
    return str(request.getfixturevalue("fresh_pg"))


# One process checking (and so migrating) the database, once the starting gun file exists.
_START = """
import sys, time
from pathlib import Path
from storage.database import make_engine
from storage.migrate import ensure_current
gun = Path(sys.argv[2])
while not gun.exists():
    time.sleep(0.005)
ensure_current(make_engine(sys.argv[1]))
"""


def start_at_once(url: str, gun: Path) -> list[tuple[int, str]]:
    """The exit codes and error output of STARTING processes checking the new database at
    the same moment (each its own Alembic, engine and connections, as separate csbots)."""
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _START, url, str(gun)],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(STARTING)
    ]
    time.sleep(1.0)  # let every process import and wait for the gun
    gun.touch()
    return [(p.wait(timeout=60), (p.stderr.read() if p.stderr else "")[-300:]) for p in procs]


@pytest.mark.parametrize("round_", [1, 2])  # the race is won differently each time
def test_processes_starting_together_on_a_new_database_all_start(
    fresh_url: str, round_: int, tmp_path: Path
) -> None:
    assert start_at_once(fresh_url, tmp_path / "go") == [(0, "")] * STARTING
    engine = make_engine(fresh_url)
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    engine.dispose()


def stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_a_database_a_newer_csbot_upgraded_is_refused_untouched(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(fresh_url)
    migrate.ensure_current(engine)
    stamp(engine, "0099")

    import alembic.command

    def no_upgrade(*_: object, **__: object) -> None:
        raise AssertionError("a newer database was upgraded")

    monkeypatch.setattr(alembic.command, "upgrade", no_upgrade)
    for attempt in (migrate.ensure_current, migrate.upgrade):
        with pytest.raises(migrate.DatabaseTooNew) as refused:
            attempt(engine)
        assert str(refused.value) == (
            "This database was upgraded by a newer csbot (revision 0099; this version knows "
            f"up to {migrate.HEAD_REVISION}). Upgrade csbot, or restore a backup."
        )
    assert migrate.current_revision(engine) == "0099"
    engine.dispose()


def test_every_known_revision_is_a_migration_script() -> None:
    assert migrate.HEAD_REVISION in migrate.known_revisions()
    assert "0001" in migrate.known_revisions()
