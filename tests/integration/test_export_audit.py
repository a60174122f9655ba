"""``csbot export audit`` end to end, on both backends: the workspace's audit trail as CSV
(on stdout or a file), TSV or XLSX, oldest change first, chosen by day (in the workspace's
timezone), kind of row, row and actor; another workspace's changes never in it; every option
given wrongly refused naming it, and no file written."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from storage.database import make_engine
from storage.models import AuditEvent, Workspace
from tests.conftest import Database
from tests.helpers import run_cli


@pytest.fixture
def cli(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):  # type: ignore[no-untyped-def]
    """``csbot <args>`` in this process (quicker than a process each), as ``run_cli`` answers."""
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return run


PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,A. Smith,March 2027,On track
1.2,Audit the PEPs,=HYPERLINK("x"),March 2027,On track
"""


def _setup(cli: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    done = cli("import", "actions", str(plan), "--plan", "Care plan")
    assert done.returncode == 0, done.stderr
    done = cli("say", "/actions update 1.1 Two carers approved")
    assert done.returncode == 0, done.stderr


def _table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_audit_trail_is_exported_oldest_first(
    database: Database, tmp_path: Path, cli: Any
) -> None:
    _setup(cli, tmp_path)
    done = run_cli(database.url, tmp_path, "export", "audit", "-")  # a process
    assert done.returncode == 0, done.stderr
    rows = _table(done.stdout)
    assert list(rows[0]) == ["At (UTC)", "Actor", "Entity", "Id", "Change", "Before", "After"]
    assert (
        done.stderr.strip()
        == f"Exported {len(rows)} changes from the audit trail to standard output."
    )
    assert [r["At (UTC)"] for r in rows] == sorted(r["At (UTC)"] for r in rows)
    assert {r["Actor"] for r in rows} >= {"import", "console:operator (console operator)"}
    logged = [r for r in rows if r["Entity"] == "action_update" and r["Change"] == "create"]
    assert len(logged) == 1 and json.loads(logged[0]["After"])["text"] == "Two carers approved"
    lead = [r for r in rows if r["Entity"] == "action" and "HYPERLINK" in r["After"]]
    assert lead, rows  # a formula-looking value is inside the JSON, never a cell of its own

    done = cli("export", "audit", "-", "--entity", "action_update", "--actor", "CONSOLE")
    assert done.returncode == 0, done.stderr
    assert [(r["Entity"], r["Change"]) for r in _table(done.stdout)] == [
        ("action_update", "create")
    ]

    action_id = json.loads(logged[0]["After"])["action_id"]
    done = cli("export", "audit", "-", "--entity", "action", "--id", str(action_id))
    assert done.returncode == 0, done.stderr
    assert {r["Id"] for r in _table(done.stdout)} == {str(action_id)}


def test_days_are_the_workspaces_own(database: Database, tmp_path: Path, cli: Any) -> None:
    _setup(cli, tmp_path)
    engine = make_engine(database.url)
    with engine.begin() as conn:
        # Everything happened at 23:30 UTC on 30 June 2026: 1 July in London (BST).
        conn.execute(update(AuditEvent).values(at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC)))
    engine.dispose()
    july = cli("export", "audit", "-", "--since", "2026-07-01")
    assert july.returncode == 0, july.stderr
    assert _table(july.stdout)[0]["At (UTC)"] == "2026-06-30T23:30:00+00:00"
    june = cli("export", "audit", "-", "--until", "2026-06-30")
    assert june.returncode == 1
    assert june.stderr.splitlines() == [
        "Export refused: No change in the audit trail matches: nothing to export.",
        "No file was written.",
    ]


def test_files_and_refusals(database: Database, tmp_path: Path, cli: Any) -> None:
    _setup(cli, tmp_path)
    for name in ("trail.csv", "trail.tsv", "trail.xlsx"):
        done = cli("export", "audit", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Exported ") and name in done.stdout
    book = load_workbook(tmp_path / "trail.xlsx")
    sheet = book["Audit trail"]
    assert [c.value for c in sheet[1]] == [
        "At (UTC)",
        "Actor",
        "Entity",
        "Id",
        "Change",
        "Before",
        "After",
    ]
    tsv = (tmp_path / "trail.tsv").read_text(encoding="utf-8-sig").splitlines()
    assert len(tsv) == sheet.max_row
    refusals = {
        ("--since", "2026-13-01"): "csbot: --since takes a day written YYYY-MM-DD, like "
        "2026-11-01, not “2026-13-01”.",
        ("--since", "2026-02-30"): "csbot: --since 2026-02-30 is not a day: February 2026 has "
        "28 days.",
        ("--until", "2026-09-31"): "csbot: --until 2026-09-31 is not a day: September 2026 has "
        "30 days.",
        ("--id", "4"): "csbot: --id names one row of a kind: give its kind too, with --entity.",
        ("--entity", "action", "--id", "four"): "csbot: --id takes a row's id, a whole "
        "number, not “four”.",
        ("--entity", "nope"): "Export refused: There is no kind of row called “nope” in the "
        "audit trail: give one of action, action_owner,",
        ("--since", "2026-12-07", "--until", "2026-12-01"): "Export refused: --until "
        "2026-12-01 is before --since 2026-12-07: nothing could match.",
    }
    for args, said in refusals.items():
        out = tmp_path / "refused.csv"
        done = cli("export", "audit", str(out), *args)
        assert done.returncode != 0, args
        assert done.stderr.startswith(said), (args, done.stderr)
        assert not out.exists()
    again = cli("export", "audit", str(tmp_path / "trail.csv"))
    assert again.returncode == 1 and "already exists: use --overwrite" in again.stderr


def test_another_workspaces_changes_are_not_in_it(
    database: Database, tmp_path: Path, cli: Any
) -> None:
    _setup(cli, tmp_path)
    engine = make_engine(database.url)
    with engine.begin() as conn:
        other = conn.execute(
            Workspace.__table__.insert().values(key="T0OTHER", name="Other", platform="slack")
        ).inserted_primary_key[0]
        conn.execute(
            AuditEvent.__table__.insert().values(
                workspace_id=other, actor="elsewhere", entity="person", change="create"
            )
        )
        assert conn.scalar(select(AuditEvent.id).where(AuditEvent.actor == "elsewhere"))
    engine.dispose()
    done = cli("export", "audit", "-", "--workspace", "local")
    assert done.returncode == 0, done.stderr
    assert "elsewhere" not in done.stdout
    theirs = cli("export", "audit", "-", "--workspace", "T0OTHER")
    assert theirs.returncode == 0, theirs.stderr
    assert [r["Actor"] for r in _table(theirs.stdout)] == ["elsewhere"]
