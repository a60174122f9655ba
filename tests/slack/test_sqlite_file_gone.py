"""A running server whose SQLite file is deleted, replaced or briefly read-only. Before, a
pooled connection went on writing the deleted file and answered "Logged" (every such update
was lost when the server stopped, and Slack never sent the message again); once the file was
read-only for a moment, connections SQLite had opened read-only refused every write until a
restart. Now a file gone refuses the work (HTTP 500, so Slack delivers the message again) and
is not made again empty; a file put back is the one written; a file writable again is
written."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Database
from tests.slack.conftest import Harness, history

TS = ["1449050400.000100", "1449050401.000100", "1449050402.000100", "1449050403.000100"]


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """SQLite only: the file is what these tests take away."""
    path = tmp_path / "csbot.db"
    shutil.copy(sqlite_template, path)
    yield Database("sqlite", f"sqlite:///{path}")


def _path(slack: Harness) -> Path:
    database = slack.store.engine.url.database
    assert database
    return Path(database)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (its WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _notice(slack: Harness) -> str:
    slack.drain()
    texts = [str(call.args.get("blocks")) for call in slack.fake.of("chat.postEphemeral")]
    slack.fake.clear()
    return " ".join(texts)


def test_a_deleted_database_file_refuses_updates_and_a_file_put_back_is_written(
    slack: Harness, tmp_path: Path
) -> None:
    path = _path(slack)
    assert slack.message("2.3: first round booked #on-track", ts=TS[0]).status_code == 200
    slack.drain()
    slack.fake.clear()
    backup = tmp_path / "backup.db"
    _copy(path, backup)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    lost = slack.message("2.3: written after the file went #at-risk", ts=TS[1])
    assert lost.status_code == 500  # Slack sends it again
    said = _notice(slack)
    assert "Not saved" in said and "Logged" not in said, said
    assert not path.exists()  # no empty database made in its place
    assert slack.client.get("/readyz").status_code == 503

    shutil.copy(backup, path)  # the administrator puts the database back
    again = slack.message("2.3: written after the file went #at-risk", ts=TS[1], retry=1)
    assert again.status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk"
    assert [u for u in updates if "after the file went" in str(u)], updates
    assert slack.client.get("/readyz").status_code == 200


def _chattr(flag: str, path: Path) -> None:
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr {flag} is not available here: {done.stderr.decode()[:80]}")


def test_a_database_file_writable_again_is_written_without_a_restart(slack: Harness) -> None:
    path = _path(slack)
    # Close the pool's connections, so that new ones open while the file is read-only.
    slack.store.engine.dispose()
    _chattr("+i", path)
    try:
        refused = slack.message("2.3: while read-only #at-risk", ts=TS[2])
        assert refused.status_code == 500
        assert "Not saved" in _notice(slack)
    finally:
        _chattr("-i", path)
    logged = slack.message("2.3: once writable again #at-risk", ts=TS[3])
    assert logged.status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk"
    assert [u for u in updates if "once writable again" in str(u)], updates


def test_a_connection_opened_while_the_wal_index_was_read_only_is_replaced(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite opens a database read-only when its ``-shm`` file cannot be written (a copy put
    back with the wrong mode): made writable again, the file is written without a restart."""
    from sqlalchemy import event, text

    from storage import database as database_module

    path = _path(slack)
    engine = slack.store.engine
    connects: list[object] = []
    event.listen(engine, "connect", lambda conn, _record: connects.append(conn))
    real_access = database_module.os.access
    shm = f"{path}-shm"

    def shm_read_only(target: str, mode: int) -> bool:
        return (
            False
            if str(target) == shm and mode == database_module.os.W_OK
            else real_access(target, mode)
        )

    engine.dispose()
    monkeypatch.setattr(database_module.os, "access", shm_read_only)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert len(connects) == 1
    monkeypatch.setattr(database_module.os, "access", real_access)
    with engine.connect() as conn:  # the read-only connection is replaced
        conn.execute(text("SELECT 1"))
    assert len(connects) == 2
    with engine.connect() as conn:  # and the new one kept
        conn.execute(text("SELECT 1"))
    assert len(connects) == 2
