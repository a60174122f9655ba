"""Meetings import report: real plurals ("into 1 meeting", "into 2 meetings") and a meeting
whose start moved says from what time to what time."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.importers import ImportFailed, run_import
from commands.importers.report import plural
from storage.unit_of_work import Store

HEAD = "committee,date,time,item\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_plural() -> None:
    assert plural(1, "meeting") == "1 meeting"
    assert plural(0, "meeting") == "0 meetings"
    assert plural(4, "meeting") == "4 meetings"


def test_one_meeting_is_singular(store: Store, tmp_path: Path) -> None:
    report = run_import(store, "local", "meetings", _write(tmp_path, "CPAC,2027-02-10,10:00,A\n"))
    assert report.target == "1 meeting"
    assert report.summary().startswith("Imported meetings into 1 meeting: 1 new")
    assert "(s)" not in report.summary()


def test_several_meetings_are_plural(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-02-10,10:00,A\nCPAC,2027-03-10,10:00,B\n"
    report = run_import(store, "local", "meetings", _write(tmp_path, body))
    assert report.target == "2 meetings"


def test_a_moved_start_says_what_changed(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", _write(tmp_path, "CPAC,2027-02-10,10:00,A\n"))
    body = "CPAC,2027-02-10,14:00,A\nCPAC,2027-02-10,14:00,B\n"
    report = run_import(store, "local", "meetings", _write(tmp_path, body))
    assert report.notes.count("CPAC 2027-02-10: start moved 10:00 → 14:00.") == 1, report.notes
    assert "start moved 10:00 → 14:00" in report.summary()
    again = run_import(store, "local", "meetings", _write(tmp_path, body))
    assert not any("start moved" in note for note in again.notes), again.notes


def test_a_start_moved_twice_in_one_file_is_refused(store: Store, tmp_path: Path) -> None:
    # Two times for one meeting would flip its start on every import of the file.
    run_import(store, "local", "meetings", _write(tmp_path, "CPAC,2027-02-10,10:00,A\n"))
    body = "CPAC,2027-02-10,14:00,A\nCPAC,2027-02-10,15:30,B\n"
    with pytest.raises(ImportFailed, match=r"row 3, column “time”: 15:30, but row 2 gives"):
        run_import(store, "local", "meetings", _write(tmp_path, body))


def test_a_new_meeting_timed_on_a_later_row_reports_no_move(store: Store, tmp_path: Path) -> None:
    body = "CPAC,2027-04-10,,A\n,,17:00,B\n"
    report = run_import(store, "local", "meetings", _write(tmp_path, body))
    assert not any("start moved" in note for note in report.notes), report.notes
