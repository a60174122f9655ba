"""An id is never given twice, so `csbot export audit --entity person --id N` is one person's
history. Before, SQLite gave a new row the highest id left plus one: a person added after the
newest one was removed got the removed person's id, and the audit history of that id mixed
the two (create Temp Leaver, delete Temp Leaver, create Other Newcomer). The QA steps through
the CLI, both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli


def _say(database: Database, home: Path, said: str) -> str:
    done = run_cli(database.url, home, "say", said)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _history(database: Database, home: Path, entity: str, entity_id: int) -> list[dict[str, str]]:
    done = run_cli(
        database.url, home, "export", "audit", "-", "--entity", entity, "--id", str(entity_id)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def _person_ids(database: Database, home: Path) -> dict[str, int]:
    """Each person's name in the audit trail, with their id."""
    out = home / "audit.csv"
    done = run_cli(database.url, home, "export", "audit", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    ids: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))):
        if row["Entity"] == "person" and row["Change"] == "create":
            ids[json.loads(row["After"])["name"]] = int(row["Id"])
    return ids


def test_a_person_added_after_one_removed_gets_a_new_id(database: Database, tmp_path: Path) -> None:
    _say(database, tmp_path, "grant CLERK to new Kept Clerk")
    _say(database, tmp_path, "grant CLERK to new Temp Leaver")
    _say(database, tmp_path, "revoke CLERK from Temp Leaver")
    assert "Removed Temp Leaver." in _say(database, tmp_path, "remove Temp Leaver")
    said = _say(database, tmp_path, "grant CLERK to new Other Newcomer")
    assert "New person added: Other Newcomer." in said, said

    ids = _person_ids(database, tmp_path)
    assert ids["Temp Leaver"] > ids["Kept Clerk"]  # the newest row, removed
    assert ids["Other Newcomer"] > ids["Temp Leaver"], ids

    leaver = _history(database, tmp_path, "person", ids["Temp Leaver"])
    assert [row["Change"] for row in leaver] == ["create", "delete"]
    assert all("Temp Leaver" in row["Before"] + row["After"] for row in leaver)
    assert not any("Other Newcomer" in row["Before"] + row["After"] for row in leaver)
    newcomer = _history(database, tmp_path, "person", ids["Other Newcomer"])
    assert [row["Change"] for row in newcomer] == ["create"]
    assert "Other Newcomer" in newcomer[0]["After"]
