"""Pooled PostgreSQL connections that died while idle are replaced before use.

csbot pings a pooled connection only when it sat idle (see ``storage.database.ping_when_idle``)
rather than before every command. These tests cut the server side of a pooled connection, as a
database restart or a firewall's idle timeout would, and check what the next user gets.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from storage.database import make_engine, ping_when_idle


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _kill(url: str, pid: int) -> None:
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
def pg(request: pytest.FixtureRequest) -> str:
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL is not reachable (set TEST_DATABASE_URL)")
    return str(url)


def test_an_idle_connection_cut_by_the_server_is_replaced_unseen(pg: str) -> None:
    engine = create_engine(pg, pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_seconds=0.0)
    first = _backend_pid(engine)
    _kill(pg, first)
    # The next checkout pings the idle connection, finds it dead and opens a new one.
    assert _backend_pid(engine) != first
    engine.dispose()


def test_without_the_ping_the_cut_connection_fails_the_next_user(pg: str) -> None:
    # The control: proves the test above exercises a dead pooled connection.
    engine = create_engine(pg, pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_seconds=3600.0)
    first = _backend_pid(engine)
    _kill(pg, first)
    with pytest.raises(OperationalError):
        _backend_pid(engine)
    # SQLAlchemy has discarded the dead connection: the request after that one works.
    assert _backend_pid(engine) != first
    engine.dispose()


def test_busy_connections_are_not_pinged(pg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping

    def counted(dbapi_conn: object) -> bool:
        pings.append(dbapi_conn)
        return bool(real_ping(dbapi_conn))

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    for _ in range(3):
        _backend_pid(engine)
    assert pings == []  # used a moment ago: no round trip before each command
    engine.dispose()

    idle = create_engine(pg)
    ping_when_idle(idle, idle_seconds=0.0)
    monkeypatch.setattr(idle.dialect, "do_ping", counted)
    for _ in range(3):
        _backend_pid(idle)
    assert len(pings) == 2  # the first checkout opened the connection; the others pinged it
    idle.dispose()
