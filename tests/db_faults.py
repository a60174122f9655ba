"""Database failures of each kind, raised by the driver itself (so SQLAlchemy wraps them as it
would a real one), on SQLite and on PostgreSQL: a clash on a unique key, a database that
does not answer, and one that refuses (a table missing)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import psycopg.errors as pg
from sqlalchemy import event

from storage.unit_of_work import Store

MakeError = Callable[[str], BaseException]


def clash(dialect: str) -> BaseException:
    """A unique key taken by concurrent work (the core retries it, then gives up)."""
    if dialect == "sqlite":
        return sqlite3.IntegrityError("UNIQUE constraint failed: action_update.source_key")
    return pg.UniqueViolation('duplicate key value violates unique constraint "uq_update"')


def gone(dialect: str) -> BaseException:
    """The database did not answer (the connection was cut)."""
    if dialect == "sqlite":
        return sqlite3.OperationalError("database is locked")
    return psycopg.OperationalError("consuming input failed: server closed the connection")


def missing_table(dialect: str) -> BaseException:
    """The database refused: a table is missing (trying again will not help)."""
    if dialect == "sqlite":
        return sqlite3.OperationalError("no such table: action")
    return pg.UndefinedTable('relation "action" does not exist')


@contextlib.contextmanager
def driver_raises(
    store: Store, make: MakeError, *, statement: str = "", times: int = 1
) -> Iterator[list[str]]:
    """The next ``times`` statements containing ``statement`` fail with ``make(dialect)``;
    yields the statements that failed."""
    failed: list[str] = []

    def fail(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if len(failed) < times and statement in sql:
            failed.append(sql)
            raise make(conn.dialect.name)

    event.listen(store.engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(store.engine, "before_cursor_execute", fail)
