"""Meetings import: items added to an existing agenda go after it, a default start time is
reported, a report due after its meeting is refused, and each agenda is loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, select

from commands.importers import ImportFailed, run_import
from storage.models import AgendaItem, Meeting
from storage.unit_of_work import Store

HEAD = "committee,date,time,item,lead,report_due\n"


def _write(tmp_path: Path, body: str, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _agenda(store: Store) -> list[tuple[int, str]]:
    with store.session_factory() as s:
        items = s.scalars(select(AgendaItem).order_by(AgendaItem.position)).all()
        return [(i.position, i.title) for i in items]


def test_an_item_added_to_an_existing_meeting_goes_last(store: Store, tmp_path: Path) -> None:
    rows = "Youth Board,2027-02-10,14:00,Item A,Jon Abbey,\n,,,Item B,Jon Abbey,\n"
    run_import(store, "local", "meetings", _write(tmp_path, rows))
    added = "Youth Board,2027-02-10,,Item C,Fiona Smith,\n"
    report = run_import(store, "local", "meetings", _write(tmp_path, added, "one.csv"))
    assert report.created == 1
    assert _agenda(store) == [(1, "Item A"), (2, "Item B"), (3, "Item C")]
    # A file that lists the whole agenda still sets its order.
    whole = "Youth Board,2027-02-10,,Item C,,\n,,,Item A,,\n,,,Item B,,\n"
    run_import(store, "local", "meetings", _write(tmp_path, whole, "all.csv"))
    assert _agenda(store) == [(1, "Item C"), (2, "Item A"), (3, "Item B")]


def test_a_new_item_follows_the_row_above_it_in_the_file(store: Store, tmp_path: Path) -> None:
    rows = "Youth Board,2027-02-10,14:00,Item A,,\n,,,Item B,,\n,,,Item C,,\n"
    run_import(store, "local", "meetings", _write(tmp_path, rows))
    run_import(
        store, "local", "meetings", _write(tmp_path, "Youth Board,2027-02-10,,Item A,,\n,,,New,,\n")
    )
    assert [t for _, t in _agenda(store)] == ["Item A", "New", "Item B", "Item C"]


def test_a_meeting_without_a_time_is_reported_as_starting_at_18_30(
    store: Store, tmp_path: Path
) -> None:
    report = run_import(
        store, "local", "meetings", _write(tmp_path, "Youth Board,2027-02-10,,Item A,,\n")
    )
    assert "18:30" in report.summary() and "row 2" in report.summary()
    with store.session_factory() as s:
        meeting = s.scalars(select(Meeting)).one()
        assert meeting.starts_at.strftime("%H:%M") == "18:30"
    timed = run_import(
        store, "local", "meetings", _write(tmp_path, "Youth Board,2027-03-10,17:00,Item A,,\n")
    )
    assert "18:30" not in timed.summary()
    later = "Youth Board,2027-04-10,,Item A,,\n,,17:00,Item B,,\n"
    assert "18:30" not in run_import(store, "local", "meetings", _write(tmp_path, later)).summary()


def test_a_report_due_after_its_meeting_is_refused(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "Youth Board,2027-02-10,14:00,Item A,Jon Abbey,2027-02-20\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", path)
    message = str(err.value)
    assert "row 2" in message and "“report_due”" in message and "after" in message
    assert _agenda(store) == []


def test_each_agenda_is_loaded_once_per_import(store: Store, tmp_path: Path) -> None:
    rows = "".join(
        f"Board {m},2027-0{m}-10,14:00,Item {i},Jon Abbey,\n"
        for m in range(1, 5)
        for i in range(25)
    )
    path = _write(tmp_path, rows)
    selects: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "agenda_item" in statement:
            selects.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        run_import(store, "local", "meetings", path)
        first = len(selects)
        selects.clear()
        again = run_import(store, "local", "meetings", path)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert again.unchanged == 100 and not again.changed_anything
    assert first <= 12, first
    assert len(selects) <= 12, len(selects)
