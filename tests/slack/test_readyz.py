"""``GET /readyz``: ready when the database answers and the scheduler (if this process runs
it) is running; 503 naming which is not."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import event

import bot.server
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.slack.conftest import Harness, database_down


def test_ready_when_the_database_answers(slack: Harness) -> None:
    answer = slack.client.get("/readyz")
    assert (answer.status_code, answer.text) == (200, "ready")


def test_not_ready_while_the_database_is_down(
    slack: Harness, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with database_down(store, statement="SELECT 1"):
        answer = slack.client.get("/readyz")
    assert (answer.status_code, answer.text) == (503, "database unreachable")
    assert "not ready: the database failed (OperationalError)" in caplog.text
    assert "went away" not in caplog.text  # the driver's own words are not logged
    assert slack.client.get("/readyz").status_code == 200  # and ready again after


def test_not_ready_when_the_database_is_too_slow(
    slack: Harness, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.server, "READY_TIMEOUT", 0.05)

    def slow(*args: Any) -> None:
        time.sleep(0.3)

    event.listen(store.engine, "before_cursor_execute", slow)
    try:
        answer = slack.client.get("/readyz")
    finally:
        event.remove(store.engine, "before_cursor_execute", slow)
    assert (answer.status_code, answer.text) == (503, "database did not answer within 0.05 s")


def test_not_ready_when_the_scheduler_has_stopped(slack: Harness) -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start()
    slack.app.state.scheduler = scheduler
    try:
        assert slack.client.get("/readyz").text == "ready"
        scheduler.shutdown(wait=False)
        answer = slack.client.get("/readyz")
    finally:
        slack.app.state.scheduler = None
    assert (answer.status_code, answer.text) == (503, "scheduler stopped")


def test_ready_while_every_core_thread_is_busy(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe has a thread of its own: behind slow commands on the core's threads it was
    told the database did not answer, and a load balancer took a busy server out."""
    monkeypatch.setattr(bot.server, "READY_TIMEOUT", 0.5)

    async def probe_while_busy() -> Any:
        loop = asyncio.get_running_loop()
        core = ThreadPoolExecutor(1, thread_name_prefix="csbot-core")  # as use_core_threads
        loop.set_default_executor(core)
        busy = asyncio.to_thread(time.sleep, 1.5)  # a slow command holds the core's thread
        running = asyncio.ensure_future(busy)
        await asyncio.sleep(0.05)
        answer = await bot.server.readyz(SimpleNamespace(app=slack.app))  # type: ignore[arg-type]
        await running
        return answer

    answer = asyncio.run(probe_while_busy())
    assert (answer.status_code, answer.body) == (200, b"ready")


# Only SQLite keeps the database in a file of its own: the test runs on it alone (a skipped
# PostgreSQL run would fail CI, which runs every PostgreSQL test).
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_not_ready_when_the_sqlite_file_is_gone(
    slack: Harness, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Pooled connections keep using a deleted (or unmounted) SQLite file, so SELECT 1 said
    ready while every change went to a file nobody would see again."""
    assert database.backend == "sqlite"
    path = Path(database.url.removeprefix("sqlite:///"))
    assert slack.client.get("/readyz").text == "ready"  # a pooled connection is open
    path.rename(path.with_name("moved-away.db"))
    try:
        answer = slack.client.get("/readyz")
    finally:
        path.with_name("moved-away.db").rename(path)
    assert (answer.status_code, answer.text) == (503, "database unreachable")
    assert "not ready: the database failed (FileNotFoundError)" in caplog.text
    assert slack.client.get("/readyz").text == "ready"
