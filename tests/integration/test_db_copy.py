"""`csbot db copy --to URL`: the whole database into an empty one (SQLite to PostgreSQL, or
back), every row as it was, ids kept and id sequences moved past them; refused with one line,
and nothing written, when it cannot be done."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Engine, func, insert, null, select
from sqlalchemy.exc import OperationalError

from bot.cli import main
from commands.demo import build_demo
from storage import copy as copy_module
from storage.database import make_engine
from storage.migrate import HEAD_REVISION, upgrade
from storage.models import AuditEvent, Base, Update
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world
from tests.helpers import make_chat

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
QUESTIONS = [
    ("actions mine", "Fiona Smith"),
    ("actions overdue", None),
    ("kpi pep", None),
    ("meeting list", None),
    ("actions show corporate-parenting-action-plan:4.2", None),
]


def build_source(store: Store) -> None:
    """The demo council, a second workspace, an update superseded by a later one (a row that
    points forward into its own table) and an audit event whose JSON is SQL NULL (the others'
    is JSON null)."""
    build_demo(store, "local", today=TODAY)
    store.ensure_workspace("T2", name="Second council")
    leeds_world(store, "T2")
    with store.session_factory() as session, session.begin():
        first, second = session.scalars(select(Update).order_by(Update.id).limit(2)).all()
        first.superseded_by_id = second.id
        workspace_id = first.workspace_id
    with store.engine.begin() as conn:
        conn.execute(
            insert(AuditEvent).values(
                workspace_id=workspace_id,
                actor="test",
                entity="action",
                entity_id=1,
                change="update",
                before=null(),
                after=null(),
                at=NOW,
            )
        )


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in key order, with whether each JSON value is SQL NULL."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            flags = [c.is_(None) for c in table.columns if isinstance(c.type, JSON)]
            query = select(table, *flags).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in conn.execute(query)]
    return out


def answers(store: Store) -> list[str]:
    chat = make_chat(store, NOW)
    return [chat.say(text, as_=who) for text, who in QUESTIONS]


def run(
    source_url: str,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", source_url)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fail_at(monkeypatch: pytest.MonkeyPatch, table_name: str, exc: BaseException) -> None:
    """Make the copy raise ``exc`` when it comes to ``table_name`` (the tables before it
    already written into the target's transaction)."""
    real = copy_module._copy_table

    def failing(src, dst, table, batch):  # type: ignore[no-untyped-def]
        if table.name == table_name:
            raise exc
        return real(src, dst, table, batch)

    monkeypatch.setattr(copy_module, "_copy_table", failing)


def sqlite_source(tmp_path: Path) -> tuple[Store, str]:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    store = Store.from_url(url)
    build_source(store)
    return store, url


def test_a_copy_holds_every_row_and_answers_as_the_original(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert code == 0, err
    assert "Traceback" not in out + err
    assert out.startswith(f"Copied {source_url} to ")
    assert "2 workspaces, " in out and "audit events" in out
    assert "copying action_update: " in err
    target = Store.from_url(database.url, upgrade=False)
    before = dump(source.engine)
    assert before["action_update"] and before["audit_event"]
    assert dump(target.engine) == before
    assert answers(target) == answers(source)
    # The copy is used from here on: new rows get new ids on PostgreSQL too (its sequences
    # were moved past the copied ids), and the original is as it was.
    with target.session_factory() as session:
        highest = session.scalar(select(func.max(Update.id)))
    chat = make_chat(target, NOW)
    reply = chat.say(
        "actions update corporate-parenting-action-plan:4.2 after the copy #on-track",
        as_="Fiona Smith",
    )
    assert reply.startswith("✔ Logged on 4.2")
    with target.session_factory() as session:
        assert session.scalar(select(func.max(Update.id))) == (highest or 0) + 1
    target.ensure_workspace("T3", name="Third council")
    assert dump(source.engine) == before
    source.engine.dispose()
    target.engine.dispose()


def test_a_database_copies_into_a_new_sqlite_file(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = Store.from_url(database.url, upgrade=False)
    build_source(source)
    target_url = f"sqlite:///{tmp_path / 'copy' / 'csbot.db'}"
    (tmp_path / "copy").mkdir()
    code, _, err = run(database.url, ["db", "copy", "--to", target_url], monkeypatch, capsys)
    assert code == 0, err
    target = Store.from_url(target_url, upgrade=False)
    assert dump(target.engine) == dump(source.engine)
    assert answers(target) == answers(source)
    source.engine.dispose()
    target.engine.dispose()


def test_a_target_holding_data_is_refused_and_left_as_it_was(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    target = Store.from_url(database.url, upgrade=False)
    target.ensure_workspace("local", name="Local")
    leeds_world(target)
    before = dump(target.engine)
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("csbot: Not copied: the target already holds csbot data (in workspace")
    assert "copy only into an empty database" in err
    assert dump(target.engine) == before
    source.engine.dispose()
    target.engine.dispose()


def test_a_failure_midway_writes_nothing(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    disk = OperationalError("INSERT INTO action_update", {}, Exception("disk I/O error"))
    fail_at(monkeypatch, "action_update", disk)
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert code == 1 and out == ""
    [line] = [x for x in err.splitlines() if not x.startswith("copying ")]
    assert line.startswith("csbot: The database ") and "disk I/O error" in line
    assert "No data was written to" in line
    target = make_engine(database.url)
    assert all(rows == [] for rows in dump(target).values())
    target.dispose()
    source.engine.dispose()


def test_copying_a_database_onto_itself_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, source_url = sqlite_source(tmp_path)
    before = dump(source.engine)
    same = f"sqlite:///{tmp_path}/./source.db"
    code, out, err = run(source_url, ["db", "copy", "--to", same], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err.startswith("csbot: Not copied: the target is the database being copied.")
    assert dump(source.engine) == before
    source.engine.dispose()


def test_an_older_or_missing_source_is_named_and_no_target_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "target.db"
    older = tmp_path / "older.db"
    engine = make_engine(f"sqlite:///{older}")
    upgrade(engine, "0002")
    engine.dispose()
    code, _, err = run(
        f"sqlite:///{older}", ["db", "copy", "--to", f"sqlite:///{target}"], monkeypatch, capsys
    )
    assert code == 1
    assert (
        f"is at revision 0002, this csbot writes {HEAD_REVISION}: run `csbot db upgrade` on it "
        "first"
    ) in err
    missing = tmp_path / "missing.db"
    code, _, err = run(
        f"sqlite:///{missing}", ["db", "copy", "--to", f"sqlite:///{target}"], monkeypatch, capsys
    )
    assert code == 1
    assert err == (
        f"csbot: There is no database at sqlite:///{missing} (DATABASE_URL names the one to "
        "copy): nothing to copy.\n"
    )
    assert not missing.exists() and not target.exists()


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("postgresql://qa:s3cretpw@127.0.0.1:1/nowhere", "Can't open the database"),
        ("nonsense", "--to “nonsense” is not a database URL"),
    ],
)
def test_a_target_that_cannot_be_opened_is_one_line(
    to: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    code, out, err = run(source_url, ["db", "copy", "--to", to], monkeypatch, capsys)
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert line.startswith("csbot: ") and expected in line
    assert "s3cretpw" not in err
    assert line.endswith(".") and "No data was written to" in line
    source.engine.dispose()


def test_workspace_does_not_apply_to_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, source_url = sqlite_source(tmp_path)
    target = tmp_path / "target.db"
    argv = ["db", "--workspace", "T2", "copy", "--to", f"sqlite:///{target}"]
    code, _, err = run(source_url, argv, monkeypatch, capsys)
    assert code == 1
    assert err == "csbot: csbot db copy copies every workspace; --workspace does not apply to it.\n"
    assert not target.exists()
    source.engine.dispose()


def test_the_copy_is_of_one_moment_while_csbot_writes_on(
    database: Database, tmp_path: Path
) -> None:
    source = Store.from_url(database.url, upgrade=False)
    build_source(source)
    before = dump(source.engine)
    target = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    chat = make_chat(source, NOW)
    written: list[str] = []

    def write_meanwhile(table: str, rows: int) -> None:
        # An update logged after the actions were copied, before their updates are.
        if table == "action_update":
            written.append(
                chat.say(
                    "actions update corporate-parenting-action-plan:4.2 meanwhile",
                    as_="Fiona Smith",
                )
            )

    report = copy_module.copy_database(source.engine, target, progress=write_meanwhile)
    assert written and written[0].startswith("✔ Logged on 4.2")
    assert dump(target) == before
    assert report.rows["action_update"] == len(before["action_update"])
    assert len(dump(source.engine)["action_update"]) == len(before["action_update"]) + 1
    target.dispose()
    source.engine.dispose()


def test_a_password_given_as_a_parameter_is_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, source_url = sqlite_source(tmp_path)
    for to in (
        "postgresql://postgres@127.0.0.1:1/nowhere?password=s3cretpw",
        "postgresql://qa:s3c@retpw@127.0.0.1:1/nowhere",
        "postgresql://qa:s3cretpw@127.0.0.1:abc/nowhere",
    ):
        code, out, err = run(source_url, ["db", "copy", "--to", to], monkeypatch, capsys)
        assert (code, out) == (1, "")
        assert "s3cret" not in err and "retpw" not in err and "Traceback" not in err
        assert len(err.splitlines()) == 1
    source.engine.dispose()


@pytest.mark.parametrize("to", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_a_target_with_no_file_is_refused(
    to: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, source_url = sqlite_source(tmp_path)
    code, out, err = run(source_url, ["db", "copy", "--to", to], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"csbot: --to {to} names no file: the copy would vanish")
    source.engine.dispose()


def test_a_sqlite_source_is_only_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source in rollback-journal mode (an old file, a backup) stays in it, byte for byte,
    and one that cannot be written to (read-only media) is copied all the same."""
    source, _ = sqlite_source(tmp_path)
    source.engine.dispose()
    backup = tmp_path / "backup.db"
    with sqlite3.connect(tmp_path / "source.db") as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    copy.close()
    backup.chmod(0o444)
    before = backup.read_bytes()
    target = tmp_path / "target.db"
    code, _, err = run(
        f"sqlite:///{backup}", ["db", "copy", "--to", f"sqlite:///{target}"], monkeypatch, capsys
    )
    assert code == 0, err
    assert backup.read_bytes() == before
    assert not (tmp_path / "backup.db-wal").exists()


def test_an_interrupted_copy_says_so_and_writes_nothing(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, source_url = sqlite_source(tmp_path)
    fail_at(monkeypatch, "action", KeyboardInterrupt())
    code, out, err = run(source_url, ["db", "copy", "--to", database.url], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1].startswith("csbot: Interrupted. No data was written to ")
    target = make_engine(database.url)
    assert all(rows == [] for rows in dump(target).values())
    target.dispose()
    source.engine.dispose()


def test_two_copies_into_one_target_take_turns(database: Database, tmp_path: Path) -> None:
    source, _ = sqlite_source(tmp_path)
    target = make_engine(database.url)
    second: list[BaseException | None] = []

    def copy_again() -> None:
        other = make_engine(database.url)
        try:
            copy_module.copy_database(source.engine, other)
            second.append(None)
        except BaseException as exc:  # handed to the test thread
            second.append(exc)
        finally:
            other.dispose()

    started: list[threading.Thread] = []

    def start_the_other(table: str, rows: int) -> None:
        if not started:  # the first copy holds the target: the other starts, then waits
            thread = threading.Thread(target=copy_again)
            thread.start()
            started.append(thread)
            time.sleep(0.5)

    report = copy_module.copy_database(source.engine, target, progress=start_the_other)
    started[0].join(30)
    assert report.total > 0
    [refused] = second
    assert isinstance(refused, copy_module.CopyRefused)
    assert "already holds csbot data" in str(refused)
    assert dump(target) == dump(source.engine)
    target.dispose()
    source.engine.dispose()
