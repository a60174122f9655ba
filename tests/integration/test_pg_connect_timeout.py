"""A PostgreSQL server that accepts the connection but never answers fails the connection
after csbot's connect timeout, rather than hanging until the operating system gives up."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage import database


def test_a_silent_server_fails_the_connection_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "CONNECT_TIMEOUT_S", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the handshake completes; nothing ever answers
        port = silent.getsockname()[1]
        engine = database.make_engine(f"postgresql+psycopg://csbot@127.0.0.1:{port}/csbot")
        outcome: list[BaseException | None] = []

        def connect() -> None:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        started = time.monotonic()
        worker = threading.Thread(target=connect, daemon=True)
        worker.start()
        worker.join(timeout=15)
        assert outcome, "the connection was still waiting after 15 s"
        assert isinstance(outcome[0], OperationalError)
        assert time.monotonic() - started < 10
        engine.dispose()
