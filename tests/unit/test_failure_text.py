"""A failure is worded for what went wrong and for what was asked: a conflict, a database that
did not answer (try again in a moment), one that refused (give an administrator the error
id), a bug; "Not saved" for a change, "I couldn't read that" for a request that only reads."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import psycopg
import psycopg.errors as pg
import pytest
from sqlalchemy.exc import (
    DataError,
    DisconnectionError,
    IntegrityError,
    InvalidRequestError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.failure_text import BUG, CONFLICT, REFUSED, UNREACHABLE, Failure, kind_of
from bot.slack.runner import CoreFailure, command_writes, failure
from commands.errors import ConflictError


def _wrapped(cls: type, orig: BaseException) -> BaseException:
    return cls("UPDATE action SET note = ?", ("QA-Fake-Child-7",), orig)


def _real_sqlite_error(tmp_path: Path, sql: str, *, lock: bool = False) -> sqlite3.Error:
    path = tmp_path / "x.db"
    first = sqlite3.connect(path, timeout=0, isolation_level=None)
    first.execute("CREATE TABLE IF NOT EXISTS t (x)")
    second = sqlite3.connect(path, timeout=0, isolation_level=None)
    if lock:
        first.execute("BEGIN IMMEDIATE")
    try:
        second.execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        first.close()
        second.close()
    raise AssertionError("no error")


def test_a_locked_sqlite_database_is_unreachable_a_missing_table_refused(tmp_path: Path) -> None:
    locked = _real_sqlite_error(tmp_path, "INSERT INTO t VALUES (1)", lock=True)
    assert "locked" in str(locked)
    assert kind_of(_wrapped(OperationalError, locked)) == UNREACHABLE
    missing = _real_sqlite_error(tmp_path, "SELECT * FROM action_update")
    assert kind_of(_wrapped(OperationalError, missing)) == REFUSED


class _SqliteError(sqlite3.OperationalError):
    """A SQLite error as the module raises it, with its result code's name."""

    def __init__(self, message: str, errorname: str) -> None:
        super().__init__(message)
        self.sqlite_errorname = errorname


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (ConflictError(), CONFLICT),
        # connectivity
        (_wrapped(OperationalError, ConnectionError("database went away")), UNREACHABLE),
        (
            _wrapped(
                OperationalError,
                psycopg.OperationalError("consuming input failed: server closed the connection"),
            ),
            UNREACHABLE,
        ),
        (
            _wrapped(
                OperationalError,
                psycopg.OperationalError("connection failed: Connection refused"),
            ),
            UNREACHABLE,
        ),
        (_wrapped(OperationalError, pg.AdminShutdown("terminating connection")), UNREACHABLE),
        (_wrapped(OperationalError, pg.QueryCanceled("statement timeout")), UNREACHABLE),
        (_wrapped(OperationalError, pg.LockNotAvailable("could not obtain lock")), UNREACHABLE),
        (_wrapped(OperationalError, _SqliteError("database is busy", "SQLITE_BUSY")), UNREACHABLE),
        (DisconnectionError("idle connection is gone"), UNREACHABLE),
        (PoolTimeout("QueuePool limit reached, connection timed out"), UNREACHABLE),
        # the database answered, and trying again will not change its answer
        (_wrapped(OperationalError, pg.DiskFull("could not extend file")), REFUSED),
        (_wrapped(ProgrammingError, pg.UndefinedTable('relation "x" does not exist')), REFUSED),
        (_wrapped(ProgrammingError, pg.InsufficientPrivilege("permission denied")), REFUSED),
        (_wrapped(DataError, pg.StringDataRightTruncation("value too long")), REFUSED),
        (_wrapped(IntegrityError, pg.NotNullViolation("null value in column")), REFUSED),
        (
            _wrapped(OperationalError, _SqliteError("database or disk is full", "SQLITE_FULL")),
            REFUSED,
        ),
        (
            _wrapped(
                OperationalError,
                _SqliteError("attempt to write a readonly database", "SQLITE_READONLY"),
            ),
            REFUSED,
        ),
        (_wrapped(OperationalError, sqlite3.OperationalError("disk I/O error")), REFUSED),
        (_wrapped(IntegrityError, sqlite3.IntegrityError("NOT NULL constraint failed")), REFUSED),
        # not the database's fault
        (InvalidRequestError("This session is in 'prepared' state"), BUG),
        (ValueError("QA-Fake-Child-7 is not a date"), BUG),
    ],
)
def test_each_failure_has_its_kind(exc: BaseException, kind: str) -> None:
    assert kind_of(exc) == kind


def test_a_connection_invalidated_by_the_pool_is_unreachable() -> None:
    exc = OperationalError(
        "SELECT 1", None, Exception("no such thing"), connection_invalidated=True
    )
    assert kind_of(exc) == UNREACHABLE


def test_the_words_fit_the_kind_and_whether_the_request_writes() -> None:
    unreachable = Failure(UNREACHABLE, "e1")
    assert unreachable.text() == (
        "Not saved: the database did not answer. Nothing was changed — please try again in a "
        "moment. (error id e1)"
    )
    read = unreachable.text(writes=False)
    assert read.startswith("I couldn't read that from the database just now")
    assert "Not saved" not in read and "in a moment" in read and "e1" in read

    refused = Failure(REFUSED, "e2")
    assert refused.text() == (
        "Not saved: the database refused the change (error id e2). Nothing was changed. "
        "Trying again will not help until an administrator has looked: give them the error id."
    )
    read = refused.text(writes=False)
    assert read.startswith("I couldn't read that from the database")
    assert read.endswith("give your administrator the error id.")
    assert "in a moment" not in read and "Not saved" not in read and "e2" in read

    conflict = Failure.of(ConflictError(), "e3")
    assert conflict.text() == f"{ConflictError.MESSAGE} (error id e3)"
    read = conflict.text(writes=False)  # a read changes nothing: no "Nothing was changed"
    assert read.startswith("I couldn't read that just now") and "e3" in read
    assert "changed." not in read and "Not saved" not in read

    bug = Failure(BUG, "e4")
    assert "may not have been saved" in bug.text() and "e4" in bug.text()
    assert "saved" not in bug.text(writes=False) and "e4" in bug.text(writes=False)


def test_the_words_before_slack_delivers_a_message_again() -> None:
    unreachable = Failure(UNREACHABLE, "e1")
    assert unreachable.text_before_redelivery() == (
        "Not saved yet: I couldn't reach the database. Slack will send your message again in "
        "a moment; if it isn't logged by then, post it again. (error id e1)"
    )
    assert unreachable.text_before_redelivery(last=True) == (
        "Still not saved: I couldn't reach the database. Please post your message again "
        "later. (error id e1)"
    )
    read = unreachable.text_before_redelivery(writes=False)
    assert read.startswith("I couldn't read that from the database just now")
    assert "saved" not in read and "logged" not in read
    conflict = Failure(CONFLICT, "e3").text_before_redelivery()
    assert conflict.startswith("Not saved yet: someone else changed the same thing")
    refused = Failure(REFUSED, "e2")
    for text in (refused.text_before_redelivery(), refused.text_before_redelivery(last=True)):
        assert "refused the change (error id e2)" in text
        assert "will not help" in text and "Slack will send" not in text
    bug = Failure(BUG, "e4").text_before_redelivery()
    assert "went wrong on my side" in bug and "couldn't reach the database" not in bug


@pytest.mark.parametrize(
    ("typed", "writes"),
    [
        ("/actions mine", False),
        ("/actions show 2.3", False),
        ("/actions", False),
        ("kpi help", False),
        ("/actions update 2.3 Jane Fakename visited #done", True),
        ("/actions done 2.3", True),
        ("link Jane Fakename", True),
        ("2.3: visited #on-track", None),
        ("mark done", None),
        ("/nonsense", None),
    ],
)
def test_whether_typed_text_writes_comes_from_the_registry(typed: str, writes: bool) -> None:
    assert command_writes(typed) is writes


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as raised:
        return raised


def test_the_runner_words_a_read_and_a_write_differently() -> None:
    down = _wrapped(OperationalError, ConnectionError("database went away"))
    read = failure(_raise(down), "/actions mine")
    assert read.notice.text.startswith("I couldn't read that from the database just now")
    write = failure(_raise(down), "/actions update 2.3 visited")
    assert write.notice.text.startswith("Not saved: the database did not answer")
    told = failure(_raise(down), "/actions update 2.3 visited", writes=False)
    assert told.notice.text.startswith("I couldn't read")
    unknown = failure(_raise(down), "mark done")
    assert unknown.notice.text.startswith("Not saved")
    assert read.database and write.database


def test_the_runner_says_a_refusal_will_not_mend_itself() -> None:
    missing = _wrapped(OperationalError, _SqliteError("no such table: action", "SQLITE_ERROR"))
    failed = failure(_raise(missing), "/actions update 2.3 visited")
    assert "refused the change" in failed.notice.text and "in a moment" not in failed.notice.text
    assert failed.database and failed.error_id in failed.notice.text
    assert failed.notice_for(writes=False).text.startswith("I couldn't read that")


def test_a_conflict_is_a_database_failure_logged_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clash = _wrapped(IntegrityError, pg.UniqueViolation('duplicate key "uq_action_ref"'))
    try:
        try:
            raise clash
        except IntegrityError as exc:
            raise ConflictError() from exc
    except ConflictError as exc:
        with caplog.at_level(logging.INFO, logger="bot.slack.runner"):
            failed = failure(exc, "/actions add Visit Jane Fakename")
    assert isinstance(failed, CoreFailure)
    assert failed.database and failed.failure.kind == CONFLICT
    assert failed.notice.text == f"{ConflictError.MESSAGE} (error id {failed.error_id})"
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert failed.error_id in record.getMessage() and "/actions add" in record.getMessage()
    assert "UniqueViolation" in record.getMessage()
    assert "Fakename" not in caplog.text and "QA-Fake" not in caplog.text


def test_a_core_failure_made_the_old_way_still_works() -> None:
    from commands.views import Notice

    old = CoreFailure(Notice(level="error", text="x"), database=True, error_id="e9")
    assert old.failure.kind == UNREACHABLE and old.notice.text == "x"
    assert "e9" in old.notice_for(writes=False).text
