"""An action plan import sends a bounded number of queries, not several per row (each new
row still needs its own INSERTs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from commands.importers import run_import
from storage.models import Action, Update
from storage.unit_of_work import Store


def _plan(tmp_path: Path, rows: int) -> Path:
    lines = ["Ref,Action,Lead,Timescale,RAG,Progress to date"]
    lines += [
        f"1.{n},Action {n},{'Jon Abbey' if n % 2 else 'Fiona Smith/ HOS'},31/03/2027,Red,Note {n}"
        for n in range(1, rows + 1)
    ]
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_plan_is_imported_with_a_bounded_number_of_queries(
    store: Store, tmp_path: Path
) -> None:
    path = _plan(tmp_path, 300)
    statements: list[str] = []

    def count(*args: Any) -> None:
        if args[2].lstrip().upper().startswith("SELECT"):
            statements.append(args[2])

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        report = run_import(store, "local", "actions", path)
        first = len(statements)
        statements.clear()
        again = run_import(store, "local", "actions", path)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert report.created == 300 and not again.changed_anything
    assert first < 30, first
    assert len(statements) < 30, len(statements)
    with store.session_factory() as s:
        actions = s.scalars(select(Action).order_by(Action.position)).all()
        assert len(actions) == 300
        assert [o.person.name for o in actions[1].owners if o.person] == ["Fiona Smith"]
        assert [o.role.key for o in actions[1].owners if o.role]  # HOS is a role
        notes = s.scalars(select(Update.text).where(Update.action_id == actions[0].id)).all()
        assert notes == ["Note 1"]
