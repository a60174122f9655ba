"""Through Teams: when the database fails, the log has an error id and the kind of failure,
never what was typed nor the failed statement's values (update text, names)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from storage.unit_of_work import Store
from tests.teams.conftest import Harness

SECRET = "QA-Fake-Child-7"
REF = "leeds-improvement-plan:2.3"


@contextlib.contextmanager
def driver_fails(store: Store, statement: str) -> Iterator[list[str]]:
    """The driver itself refuses the next statement containing ``statement`` (so
    SQLAlchemy wraps the error with the statement and its parameters)."""
    failed: list[str] = []

    def fail(conn: Any, cursor: Any, sql: str, parameters: Any, *args: Any) -> None:
        if not failed and statement in sql:
            failed.append(sql)
            # As PostgreSQL does, the driver's message quotes the row on a DETAIL line.
            raise conn.dialect.loaded_dbapi.OperationalError(
                f"database is locked\nDETAIL:  Failing row contains {parameters}."
            )

    event.listen(store.engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(store.engine, "before_cursor_execute", fail)


def _nothing_personal(caplog: pytest.LogCaptureFixture, error_id: str | None = None) -> None:
    logged = caplog.text
    assert SECRET not in logged and "Jackie" not in logged and "[parameters" not in logged
    assert "OperationalError" in logged and "database is locked" in logged
    assert [r for r in caplog.records if r.exc_info] == []
    if error_id is not None:
        assert error_id in logged


def test_a_failed_message_logs_no_text(teams: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with driver_fails(teams.store, "INSERT INTO action_update") as failed:
        post = teams.say(f"actions update {REF} visit to {SECRET} #done")
    assert failed and "error id" in str(post.activity)
    _nothing_personal(caplog)


def test_a_failed_button_logs_no_text(teams: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with driver_fails(teams.store, "INSERT INTO action_update") as failed:
        body = teams.press("run", {"cmd": f"actions update {REF} visit to {SECRET}"})
    assert failed and "error id" in str(body)
    _nothing_personal(caplog)
