"""Engine and session-factory set-up for SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

# Seconds a new PostgreSQL connection may take before it fails.
CONNECT_TIMEOUT_S = 10


def make_engine(url: str, *, reading_only: bool = False, **kwargs: Any) -> Engine:
    """Create an engine with the settings csbot relies on for each backend.

    Bound parameters are kept out of error messages (``hide_parameters``): they are what
    people typed (update text, names), and error messages end up in logs. ``reading_only``:
    a SQLite file is read as it is, never switched to WAL (a copy's source, perhaps on
    read-only media, is left exactly as it was)."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # SQLite's own lower() folds only A-Z; PostgreSQL's folds every letter, and
            # searches must find "Überprüfung" on both.
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            if ":memory:" not in url and url != "sqlite://" and not reading_only:
                use_wal(cur)
                cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        path = engine.url.database or ""
        if path and path != ":memory:" and not path.startswith("file:"):
            guard_sqlite_file(engine, path)
        return engine
    connect_args = dict(kwargs.pop("connect_args", None) or {})
    if "connect_timeout" not in url:  # a timeout the URL gives wins
        # Else a connection to a server that went silent waits for the operating system
        # (minutes): every command, and the probe of /readyz, with it.
        connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        ping_when_idle(engine)
    return engine


class DatabaseFileGone(sqlite3.OperationalError):
    """The SQLite file a process opened is no longer at its path (deleted, or its disk
    unmounted): nothing is to be written to it, nor an empty database made in its place."""


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def guard_sqlite_file(engine: Engine, path: str) -> None:
    """Keep an engine's pooled connections on the file at ``path``.

    A connection holds its file open: when the file is deleted (the README's way to start
    the demo again) it goes on reading and writing the deleted file, and every change it
    confirms is lost when the process ends. So each connection is checked before use: a file
    gone refuses the work (and no empty database is made in its place once this engine has
    opened the file); a file replaced (a new database at the path) is the one connected to.
    A connection SQLite opened read-only (the file, or its ``-wal`` or ``-shm`` file, was
    read-only at the time) is replaced once they can be written again: it would refuse every
    write until a restart."""
    opened = False

    @event.listens_for(engine, "do_connect")
    def _refuse_recreating(_dialect: Any, _record: Any, _args: Any, _kwargs: Any) -> None:
        if opened and _file_id(path) is None:
            raise DatabaseFileGone(f"unable to open database file: {_GONE}")

    @event.listens_for(engine, "connect")
    def _remember_file(_dbapi_conn: Any, record: Any) -> None:
        nonlocal opened
        opened = True
        record.info["csbot_file"] = _file_id(path)
        record.info["csbot_read_only"] = not _writable(path)

    @event.listens_for(engine, "checkout")
    def _same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        now = _file_id(path)
        if now is None:
            raise DatabaseFileGone(f"unable to open database file: {_GONE}")
        if now != record.info.get("csbot_file"):
            raise DisconnectionError("the SQLite database file was replaced")
        if record.info.get("csbot_read_only") and _writable(path):
            raise DisconnectionError("the SQLite database file can be written again")


def _writable(path: str) -> bool:
    """Whether the database file and its WAL files (those there are) can be written: SQLite
    opens a database read-only when any of them cannot be, and stays so."""
    files = (path, f"{path}-wal", f"{path}-shm")
    return all(os.access(f, os.W_OK) for f in files if f == path or os.path.exists(f))


_GONE = "the file is no longer at its path (deleted or moved)"


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


# How long a new SQLite connection keeps trying to switch a new database to WAL while another
# process holds it (SQLite's busy timeout does not cover the switch).
WAL_SWITCH_SECONDS = 10.0


def use_wal(cur: Any, wait: float = WAL_SWITCH_SECONDS) -> None:
    """Put the SQLite database in WAL mode (once per file: the mode is kept in it).

    Only a new database needs the switch, and it takes an exclusive lock that SQLite does not
    wait for: a second process starting on the same new file at that moment is told
    "database is locked" at once. So the mode is read first, and the switch is tried again for
    a while when the file is busy."""
    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


# A pooled connection unused for longer than this is pinged before it is handed out.
IDLE_PING_SECONDS = 30.0


def ping_when_idle(engine: Engine, idle_seconds: float = IDLE_PING_SECONDS) -> None:
    """Check a pooled connection before use only when it sat idle for ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one more round trip for every
    command, when a busy server's connections were in use a moment ago. A connection that was
    idle (where a restarted database or a firewall's timeout would have cut it) is pinged;
    a dead one is replaced before anybody sees an error. A connection cut while in use fails
    that one request (the user is told to try again) and SQLAlchemy then discards every
    connection of the pool opened before the failure.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["csbot_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("csbot_idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # the driver's own error for a closed connection
            raise DisconnectionError(f"idle connection is gone: {exc}") from exc
        if not alive:
            raise DisconnectionError("idle connection is gone")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def upsert_insert(session: Session) -> Callable[..., Any]:
    """``insert`` of the session's database, with ``on_conflict_do_nothing`` and
    ``on_conflict_do_update`` (both PostgreSQL and SQLite have ON CONFLICT)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert
