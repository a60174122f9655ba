"""Meetings import: rows that give one meeting two start times or two channels are refused
(else every import flips the meeting between them); over-long cells are named; a deadline of
TBC means no date yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import AgendaItem, AuditEvent, Meeting
from storage.unit_of_work import Store

HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _count(store: Store, model: type) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_two_start_times_for_one_meeting_are_refused(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-03-01,18:30,Perf,X Y,,,\nCPAC,2027-03-01,19:30,Other,X Y,,,\n"
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", _write(tmp_path, body))
    assert str(err.value) == (
        "meetings.csv: row 3, column “time”: 19:30, but row 2 gives CPAC 2027-03-01 at 18:30: "
        "a meeting has one time, so its rows must agree"
    )
    assert _count(store, Meeting) == 0


def test_the_same_time_written_two_ways_agrees(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-03-01,18:30,Perf,,,,\nCPAC,2027-03-01,6.30pm,Other,,,,\n"
    assert run_import(store, "local", "meetings", _write(tmp_path, body)).created == 2


def test_rows_without_a_time_still_join_the_meeting(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-03-01,18:30,Perf,,,,\nCPAC,2027-03-01,,Other,,,,\n,,,Third,,,,\n"
    path = _write(tmp_path, body)
    assert run_import(store, "local", "meetings", path).created == 3
    audits = _count(store, AuditEvent)
    again = run_import(store, "local", "meetings", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _count(store, AuditEvent) == audits
    with store.session_factory() as s:
        meeting = s.scalars(select(Meeting)).one()
        assert meeting.starts_at.strftime("%H:%M") == "18:30"  # GMT on 1 March


def test_two_channels_for_one_meeting_are_refused(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-03-01,18:30,Perf,,,,#cpac\nCPAC,2027-03-01,,Other,,,,#cpac-2027\n"
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", _write(tmp_path, body))
    assert "row 3, column “channel”: #cpac-2027, but row 2 gives CPAC 2027-03-01 in #cpac" in (
        str(err.value)
    )
    assert _count(store, Meeting) == 0


def test_an_agenda_item_over_the_cell_limit_is_named(store: Store, tmp_path: Path) -> None:
    body = f'CPAC,2027-03-01,18:30,"{"Performance " * 2000}",,,,\n'
    with pytest.raises(ImportFailed, match=r"row 2, column “item”: the cell is over 20,000"):
        run_import(store, "local", "meetings", _write(tmp_path, body))
    body = f'CPAC,2027-03-01,18:30,Performance,"{"A Person/" * 2500}",,,\n'
    with pytest.raises(ImportFailed, match=r"row 2, column “lead”: the cell is over 20,000"):
        run_import(store, "local", "meetings", _write(tmp_path, body))
    assert _count(store, AgendaItem) == 0


@pytest.mark.parametrize("column", ["report_due", "publication_date"])
def test_a_deadline_to_be_confirmed_is_no_date(store: Store, tmp_path: Path, column: str) -> None:
    cells = "TBC,," if column == "report_due" else ",TBC,"
    path = _write(tmp_path, f"CPAC,2027-03-01,18:30,Performance,X Y,{cells}\n")
    assert run_import(store, "local", "meetings", path).created == 1
    with store.session_factory() as s:
        item = s.scalars(select(AgendaItem)).one()
        assert (item.report_due, item.publication_date) == (None, None)
