"""An agenda file is matched to the agendas stored with a bounded number of queries, not one
(or two, with the items' leads) per meeting: a county's year of 60 meetings with 40 items
each is read in a handful."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from commands.importers import run_import
from storage.models import AgendaItem
from storage.unit_of_work import Store


def _agenda(tmp_path: Path, meetings: int, lead: str) -> Path:
    lines = ["committee,date,time,item,lead,report_due,publication_date,channel"]
    first = date(2027, 1, 4)
    for n in range(meetings):
        day = first + timedelta(weeks=n)
        for item in range(1, 4):
            who = lead if item == 1 else "Jon Abbey"
            lines.append(
                f"Corporate Parenting Advisory Committee,{day},18:30,Item {item},{who},,,#board"
            )
    path = tmp_path / f"agenda_{meetings}_{lead.split()[0]}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _statements(store: Store, tmp_path: Path, meetings: int) -> list[int]:
    """Queries (INSERTs aside: each new row needs one) sent by a first import, the same file
    again, and a file changing the lead of each meeting's first item, into a workspace of its
    own."""
    sent: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT"):
            sent.append(statement)

    files = [_agenda(tmp_path, meetings, "Fiona Smith")] * 2
    files.append(_agenda(tmp_path, meetings, "Margaret Gallagher"))
    counts = []
    workspace = f"w{meetings}"
    store.ensure_workspace(workspace, name=workspace)
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        for path in files:
            sent.clear()
            run_import(store, workspace, "meetings", path)
            counts.append(len(sent))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return counts


def test_an_agenda_file_sends_no_query_per_meeting(store: Store, tmp_path: Path) -> None:
    assert _statements(store, tmp_path, 10) == _statements(store, tmp_path, 40)
    for meetings in (10, 40):
        with store.unit_of_work(f"w{meetings}") as uow:
            items = uow.session.scalar(
                select(func.count())
                .select_from(AgendaItem)
                .where(AgendaItem.workspace_id == uow.workspace_id)
            )
        assert items == 3 * meetings
