"""Reading a file's lead cells does not send the rows imported so far before each new cell:
an action plan naming many people (a county's 2,000 actions led by 400) is written in a few
flushes, not one per lead cell. The same holds for agenda files (one reading of owners)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from commands.importers import run_import
from storage.models import Action
from storage.unit_of_work import Store

FIRST = ["Amira", "Ben", "Chloe", "Dev", "Eleanor", "Farid", "Grace", "Hugo"]
LAST = ["Abbott", "Barker", "Clarke", "Dawson", "Ellis"]
PEOPLE = [f"{first} {last}" for first in FIRST for last in LAST]  # 40 people


def _plan(tmp_path: Path, name: str, leads: list[str]) -> Path:
    lines = ["Ref,Action,Lead,Timescale,RAG,Progress to date"]
    lines += [f"1.{n},Action {n},{lead},31/03/2027,Red,Note {n}" for n, lead in enumerate(leads, 1)]
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _flushes(store: Store, tmp_path: Path, rows: int) -> int:
    """Flushes that wrote rows while importing a plan of ``rows`` actions, each led by
    another person already stored."""
    flushes = 0

    def count(_session: Session, _context: Any) -> None:
        nonlocal flushes
        flushes += 1

    path = _plan(tmp_path, f"plan {rows}", PEOPLE[:rows])
    event.listen(Session, "after_flush", count)
    try:
        report = run_import(store, "local", "actions", path, plan=f"Plan {rows}")
    finally:
        event.remove(Session, "after_flush", count)
    assert report.created == rows
    return flushes


def test_lead_cells_are_read_without_a_flush_each(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", _plan(tmp_path, "everyone", PEOPLE), plan="Everyone")
    assert _flushes(store, tmp_path, 10) == _flushes(store, tmp_path, 40)
    with store.unit_of_work("local") as uow:
        actions = uow.session.scalars(
            select(Action).where(Action.workspace_id == uow.workspace_id).order_by(Action.id)
        ).all()
        last = actions[-1]
        assert [o.person.name for o in last.owners if o.person] == [PEOPLE[39]]
