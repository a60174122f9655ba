"""A database the CLI cannot open (or that fails later) is one line naming the problem and the
URL, its password hidden; never a traceback. Every subcommand that opens the database."""

from __future__ import annotations

import importlib.util
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from bot.cli import main
from storage import migrate
from storage.database import make_engine
from storage.unit_of_work import Store
from tests.factories import leeds_world

SUBCOMMANDS = [
    ["say", "/kpi list"],
    ["db", "upgrade"],
    ["jobs", "run-due"],
    ["import", "kpis", "/dev/null"],
]


def run(
    url: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def one_line(output: str) -> str:
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("csbot: ")
    return lines[0]


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_closed_port_is_one_line_with_the_password_hidden(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run("postgresql://qa:s3cretpw@127.0.0.1:1/nowhere", argv, monkeypatch, capsys)
    line = one_line(output)
    assert code == 1
    assert "s3cretpw" not in output
    assert line.startswith("csbot: Can't open the database postgresql+psycopg://qa:***@127.0.0.1:1")
    assert "Check DATABASE_URL" in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresq://qa:s3cretpw@127.0.0.1/x", "Unknown database scheme “postgresq”"),
        ("notaurl", "DATABASE_URL “notaurl” is not a database URL"),
        ("pg:s3cretpw@host", "DATABASE_URL (not shown) is not a database URL"),
        ("sqlite:////nonexistent/dir/x.db", "Can't open the database sqlite:////nonexistent"),
    ],
)
def test_a_url_that_cannot_be_opened_says_why(
    url: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, output = run(url, ["say", "/kpi list"], monkeypatch, capsys)
    assert expected in one_line(output)
    assert "s3cretpw" not in output
    assert code == 1


@pytest.mark.skipif(importlib.util.find_spec("MySQLdb") is not None, reason="MySQLdb installed")
def test_a_scheme_without_its_driver_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run("mysql://u@h/db", ["db", "upgrade"], monkeypatch, capsys)
    assert "There is no driver for the database scheme “mysql”" in one_line(output)
    assert code == 1


def newer_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    with sqlite3.connect(tmp_path / "newer.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    return url


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_database_of_a_newer_csbot_is_refused_in_one_line(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, output = run(newer_sqlite(tmp_path), argv, monkeypatch, capsys)
    assert one_line(output) == (
        "csbot: This database was upgraded by a newer csbot (revision 0099; this version "
        f"knows up to {migrate.HEAD_REVISION}). Upgrade csbot, or restore a backup."
    )
    assert code == 1


def test_serve_logs_why_it_does_not_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("uvicorn")
    monkeypatch.setenv("DATABASE_URL", newer_sqlite(tmp_path))
    with caplog.at_level(logging.ERROR):
        assert main(["serve", "--port", "18190"]) == 1
    assert [r.getMessage() for r in caplog.records] == [
        "Not starting: This database was upgraded by a newer csbot (revision 0099; this "
        f"version knows up to {migrate.HEAD_REVISION}). Upgrade csbot, or restore a backup."
    ]


def test_a_database_locked_too_long_during_a_command_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "locked.db"
    url = f"sqlite:///{path}"
    store = Store.from_url(url)
    store.ensure_workspace("local", name="Local")
    leeds_world(store)
    store.engine.dispose()
    # Another program holds the write lock; csbot gives up after its busy timeout (cut short).
    monkeypatch.setattr("storage.unit_of_work.make_engine", _short_busy_timeout)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, output = run(
            url,
            [
                "say",
                "--as",
                "Jackie Wilson",
                "/actions add Audit PEPs owner Jackie Wilson due 31 Mar 2027 plan Leeds",
            ],
            monkeypatch,
            capsys,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = one_line(output)
    assert line.startswith(f"csbot: The database {url} failed: database is locked")
    assert "another program is writing to it" in line
    assert code == 1


def _short_busy_timeout(url: str, **kwargs: Any) -> Engine:
    """make_engine, but SQLite waits 0.2 s for a lock instead of 10 s."""
    engine = make_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _short(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    return engine


def test_a_conflict_every_attempt_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from commands.core import Core
    from commands.errors import ConflictError

    def clash(*_: object, **__: object) -> None:
        raise ConflictError()

    monkeypatch.setattr(Core, "_run_attempt", clash)
    code, output = run(f"sqlite:///{tmp_path / 'c.db'}", ["say", "whoami"], monkeypatch, capsys)
    assert one_line(output) == f"csbot: {ConflictError.MESSAGE}"
    assert code == 1
