"""Through Slack: when the database fails, the log says which command failed and why, with an
error id, but never what was typed nor the failed statement's values (update text, names)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.conftest import CHANNEL, Harness, blocks_text

SECRET = "QA-Fake-Child-7"


@contextlib.contextmanager
def driver_fails(store: Store, statement: str) -> Iterator[list[str]]:
    """The database driver itself refuses the next statement containing ``statement`` (so
    SQLAlchemy wraps the error with the statement and its parameters, as for a lock)."""
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


def _nothing_personal(caplog: pytest.LogCaptureFixture) -> str:
    logged = caplog.text
    assert SECRET not in logged
    assert "Jackie" not in logged and "[parameters" not in logged
    assert "database error" in logged and "database is locked" in logged
    return logged


def test_a_failed_command_logs_its_name_not_its_text(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with driver_fails(slack.store, "INSERT INTO action_update") as failed:
        payload = slack.reply("/actions", f"update leeds:2.3 Review for {SECRET} at home #done")
    assert failed and "Not saved" in blocks_text(payload)
    logged = _nothing_personal(caplog)
    assert "during /actions update:" in logged


def test_a_failed_progress_message_logs_no_text(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with driver_fails(slack.store, "INSERT INTO action_update") as failed:
        slack.message(f"2.3: note about {SECRET} #on-track", ts="1449050700.000001")
        slack.drain()
    assert failed
    _nothing_personal(caplog)


def test_a_failed_button_logs_no_name(slack: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with driver_fails(slack.store, "action_update"):
        body = signing.block_action(
            "answer",
            f"actions update leeds:2.3 {SECRET} #done",
            user="UJACKIE01",
            response_url=slack.fake.response_url("act"),
            channel=CHANNEL,
        )
        slack.post(body, content_type="application/x-www-form-urlencoded")
        slack.drain()
    _nothing_personal(caplog)
