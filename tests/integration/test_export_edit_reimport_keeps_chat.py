"""A plan exported, a cell edited in the export and the export imported (the file sets it),
then the action changed in chat and the same export imported again: the second import changes
nothing and the chat's change stands, for the status, title, owners, due date and progress.

Before, importing a csbot export never recorded what the export said (so that the council's
own file, imported again, would still be compared with itself): the same edited export
imported again was compared with the council's file, found the edited cell "changed" again and
undid the chat change ("0 new, 1 changed", history: ``import [On track → Achieved]: Status
from the imported plan: Achieved.``); and an export's progress cell, no longer the action's
newest update once chat had logged another, was logged again as an import."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from storage.models import Update
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import owner_name, run_cli

COUNCIL = "\n".join(
    [
        "Ref,Action,Lead,Timescale,Status,Progress",
        "1.1,Audit case files,Fiona Smith,31/03/2027,At risk,Audit started",
        "1.2,Recruit foster carers,Jon Abbey,30/06/2027,On track,",
        "",
    ]
)


def _ok(database: Database, home: Path, *args: str) -> str:
    result = run_cli(database.url, home, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _edit(path: Path, ref: str, **cells: str) -> None:
    """Change the named cells (by header) of the row ``ref`` of an exported CSV."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = next(r for r in rows if r[:2] == ["Ref", "Action"])
    for row in rows:
        if row and row[0] == ref:
            for name, value in cells.items():
                row[header.index(name)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _action(store: Store, ref: str) -> tuple[str, str, list[str], str, list[str]]:
    """(title, status, owners, due date, update texts oldest first) of an action of P1."""
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("p1")
        assert plan is not None
        action = next(a for a in uow.repos.actions.in_plan(plan.id) if a.ref == ref)
        texts = list(
            uow.session.scalars(
                select(Update.text).where(Update.action_id == action.id).order_by(Update.id)
            )
        )
        return (
            action.title,
            action.status,
            [owner_name(o) for o in action.owners],
            str(action.due_date),
            texts,
        )


def _setup(database: Database, tmp_path: Path) -> tuple[Path, Path]:
    council = tmp_path / "pa.csv"
    council.write_text(COUNCIL, encoding="utf-8")
    _ok(database, tmp_path, "import", "actions", str(council), "--new-plan", "P1")
    export = tmp_path / "px.csv"
    _ok(database, tmp_path, "export", "actions", str(export), "--plan", "P1")
    return council, export


def test_an_edited_export_imported_again_keeps_a_status_set_in_chat(
    store: Store, database: Database, tmp_path: Path
) -> None:
    council, export = _setup(database, tmp_path)
    _edit(export, "1.1", Status="Complete")
    out = _ok(database, tmp_path, "import", "actions", str(export))
    assert "0 new, 1 changed, 1 unchanged" in out
    assert _action(store, "1.1")[1] == "achieved"
    _ok(database, tmp_path, "say", "/actions update 1.1 reopened: audit found gaps #on-track")
    before = _action(store, "1.1")
    assert before[1] == "on_track"
    for again in (export, council, export):
        named = ["--plan", "P1"] if again == council else []
        out = _ok(database, tmp_path, "import", "actions", str(again), *named)
        assert "0 new, 0 changed, 2 unchanged. Nothing changed." in out, (again.name, out)
        assert _action(store, "1.1") == before


def test_an_edited_export_imported_again_keeps_title_owners_due_and_progress_from_chat(
    store: Store, database: Database, tmp_path: Path
) -> None:
    council, _ = _setup(database, tmp_path)
    _ok(database, tmp_path, "say", "/actions update 1.1 reopened: audit found gaps")
    export = tmp_path / "px2.csv"
    _ok(database, tmp_path, "export", "actions", str(export), "--plan", "P1")
    _edit(
        export,
        "1.2",
        Action="Recruit twenty foster carers",
        Lead="Fiona Smith",
        Timescale="30/09/2027",
    )
    out = _ok(database, tmp_path, "import", "actions", str(export))
    assert "0 new, 1 changed, 1 unchanged" in out
    assert _action(store, "1.2")[:4] == (
        "Recruit twenty foster carers",
        "on_track",
        ["Fiona Smith"],
        "2027-09-30",
    )
    for message in (
        "/actions title 1.2 Recruit foster carers locally",
        "/actions assign 1.2 Jon Abbey",
        "/actions due 1.2 31/12/2027",
        "/actions update 1.1 second visit booked",
    ):
        assert _ok(database, tmp_path, "say", message).startswith("✔"), message
    chat = {ref: _action(store, ref) for ref in ("1.1", "1.2")}
    assert chat["1.2"][:4] == (
        "Recruit foster carers locally",
        "on_track",
        ["Jon Abbey"],
        "2027-12-31",
    )
    for again in (export, council, export):
        named = ["--plan", "P1"] if again == council else []
        out = _ok(database, tmp_path, "import", "actions", str(again), *named)
        assert "0 new, 0 changed, 2 unchanged. Nothing changed." in out, (again.name, out)
        assert {ref: _action(store, ref) for ref in ("1.1", "1.2")} == chat
