"""`csbot db copy` carries each table's id counter, not only its rows: the copy goes on giving
ids past the highest the source ever gave. Before, the target's counters were set from the
rows copied, so after a PostgreSQL → SQLite → PostgreSQL round trip (or a SQLite copy) the
id of the newest person, removed before the copy, was given to the next person added, and
`csbot export audit --entity person --id N` mixed the two. Through the CLI, the database of
each backend copied into a SQLite file and back into an empty database of its own kind."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from storage.database import make_engine
from tests.conftest import Database, _empty_pg
from tests.helpers import run_cli


def _say(url: str, home: Path, said: str) -> str:
    done = run_cli(url, home, "say", said)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _copy(
    source: str, target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", source)
    code = main(["db", "copy", "--to", target])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert captured.out.startswith("Copied ")


def _person_id(url: str, name: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id FROM person WHERE name = :n"), {"n": name}).scalar()
    engine.dispose()
    assert found is not None, name
    return int(found)


def _history(url: str, home: Path, person_id: int) -> list[dict[str, str]]:
    done = run_cli(url, home, "export", "audit", "-", "--entity", "person", "--id", str(person_id))
    assert done.returncode == 0, done.stdout + done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_a_round_trip_copy_gives_no_removed_id_again(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = database.url
    _say(url, tmp_path, "grant CLERK to new Kept Clerk")
    _say(url, tmp_path, "grant CLERK to new Temp Leaver")
    leaver = _person_id(url, "Temp Leaver")
    assert leaver > _person_id(url, "Kept Clerk")  # the newest person, removed below
    _say(url, tmp_path, "revoke CLERK from Temp Leaver")
    assert "Removed Temp Leaver." in _say(url, tmp_path, "remove Temp Leaver")

    middle = f"sqlite:///{tmp_path / 'middle.db'}"
    _copy(url, middle, monkeypatch, capsys)
    # The way back goes into an empty database of the source's kind: a new file, or the
    # PostgreSQL schema emptied with its sequences started again, as a new database has them.
    if database.backend == "postgresql":
        _empty_pg(url)
        back = url
    else:
        back = f"sqlite:///{tmp_path / 'back.db'}"
    _copy(middle, back, monkeypatch, capsys)

    for copy in (middle, back):
        said = _say(copy, tmp_path, "grant CLERK to new Other Newcomer")
        assert "New person added: Other Newcomer." in said, said
        assert _person_id(copy, "Other Newcomer") > leaver, copy
        history = _history(copy, tmp_path, leaver)
        assert [row["Change"] for row in history] == ["create", "delete"], history
        assert not any("Other Newcomer" in row["Before"] + row["After"] for row in history)
