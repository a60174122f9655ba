"""A new SQLite database is switched to WAL even when another process holds it for a moment
(SQLite's busy timeout does not cover the switch)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from storage.database import use_wal


class Cursor:
    """Answers PRAGMA journal_mode as a new database does, and is locked ``busy`` times."""

    def __init__(self, mode: str, busy: int) -> None:
        self.mode = mode
        self.busy = busy
        self.switches = 0

    def execute(self, sql: str) -> Any:
        if sql == "PRAGMA journal_mode":
            return self
        self.switches += 1
        if self.busy:
            self.busy -= 1
            raise sqlite3.OperationalError("database is locked")
        self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        return (self.mode,)


def test_the_switch_is_tried_again_while_the_file_is_locked() -> None:
    cur = Cursor("delete", busy=3)
    use_wal(cur)
    assert cur.mode == "wal" and cur.switches == 4


def test_a_database_already_in_wal_is_not_switched() -> None:
    cur = Cursor("wal", busy=5)
    use_wal(cur)
    assert cur.switches == 0


def test_a_lock_that_lasts_is_reported() -> None:
    cur = Cursor("delete", busy=10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(cur, wait=0.05)
