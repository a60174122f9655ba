"""Shared fixtures: every store-backed test runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (default: the local ``test`` database). When it is not
reachable its tests are skipped — unless CSBOT_REQUIRE_POSTGRES=1 (CI), where that is an error.
Each pytest-xdist worker gets its own PostgreSQL schema; tables are emptied between tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError

from bot.config import normalise_database_url
from storage.database import make_engine
from storage.migrate import upgrade
from storage.models import Base
from storage.unit_of_work import Store

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REQUIRE_PG = os.environ.get("CSBOT_REQUIRE_POSTGRES") == "1"
# Why PostgreSQL's tests are skipped (the driver's first line), once a worker found it out.
PG_UNAVAILABLE = ""
FIXTURES = Path(__file__).parent / "fixtures"
# A fixed "now" for tests: Wednesday 2 December 2015, 10:00 in London (GMT = UTC in winter).
FROZEN_NOW = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _pg_base_url() -> str:
    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _create_missing_database(base: str) -> None:
    """Create the database ``base`` names when its server is there but it is not (a new
    server has no ``test`` database): through the server's ``postgres`` database. Another
    test worker creating it at the same moment is no failure."""
    url = make_url(base)
    name = url.database or ""
    server = make_engine(
        url.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with server.connect() as conn:
            there = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not there:
                try:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                except Exception:
                    if not conn.scalar(
                        text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                    ):
                        raise
    finally:
        server.dispose()


def _fresh_schema(base: str, schema: str) -> Engine:
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    return admin


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str | None]:
    """A migrated PostgreSQL schema for this worker, or None when PostgreSQL is unavailable.
    A database that is not there yet on a server that is, is created first."""
    base = _pg_base_url()
    schema = f"csbot_test_{_worker()}_{os.getpid()}"
    try:
        try:
            admin = _fresh_schema(base, schema)
        except OperationalError as exc:
            if "does not exist" not in str(exc):
                raise
            _create_missing_database(base)
            admin = _fresh_schema(base, schema)
    except Exception as exc:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (CSBOT_REQUIRE_POSTGRES=1) but failed: {exc}")
        global PG_UNAVAILABLE
        PG_UNAVAILABLE = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        yield None
        return
    url = _with_schema(base, schema)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    if url in _EMPTIERS:
        _EMPTIERS.pop(url)[0].dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


# A worker's PostgreSQL schema emptied between tests: its engine and its one statement, kept
# for the session.
_EMPTIERS: dict[str, tuple[Engine, str]] = {}


def _empty_pg(url: str) -> None:
    """Delete every row of the worker's schema and restart its id sequences, as a fresh
    database would have them. DELETE, not TRUNCATE: on a test's few rows it takes about a
    tenth of the time (TRUNCATE makes new files for every table), which is minutes of a run."""
    if url not in _EMPTIERS:
        engine = make_engine(url)
        with engine.connect() as conn:
            sequences = list(
                conn.scalars(
                    text(
                        "SELECT sequencename FROM pg_sequences "
                        "WHERE schemaname = current_schema() ORDER BY sequencename"
                    )
                )
            )
        # Children before parents; a table's rows that point at each other go in one statement.
        deletes = [f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables)]
        restarts = [f"SELECT setval('\"{name}\"', 1, false)" for name in sequences]
        _EMPTIERS[url] = (engine, "; ".join(deletes + restarts))
    engine, statement = _EMPTIERS[url]
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)


@dataclass(frozen=True)
class Database:
    """A clean, migrated database for one test."""

    backend: str
    url: str


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Database]:
    """A clean database of each backend (the test runs once per backend)."""
    if request.param == "sqlite":
        path = tmp_path / "csbot.db"
        shutil.copy(sqlite_template, path)
        yield Database("sqlite", f"sqlite:///{path}")
        return
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip(f"PostgreSQL is not reachable (set TEST_DATABASE_URL): {PG_UNAVAILABLE}")
    _empty_pg(url)
    yield Database("postgresql", url)


@pytest.fixture
def store(database: Database) -> Iterator[Store]:
    """A Store on a clean database, with the ``local`` workspace created."""
    s = Store.from_url(database.url, upgrade=False)
    s.ensure_workspace("local", name="Local")
    yield s
    s.engine.dispose()


@pytest.fixture
def frozen_now() -> datetime:
    """The fixed time tests run at."""
    return FROZEN_NOW
