"""Meetings import: a meeting date must be a day; times with seconds; a moved time is a change."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import ImportFailed, run_import
from storage.models import Meeting
from storage.unit_of_work import Store

HEAD = "committee,date,time,item\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("when", ["2027-13-01", "March 2027", "Q3 2026/27", "Mar-27"])
def test_a_meeting_date_must_name_a_real_day(store: Store, tmp_path: Path, when: str) -> None:
    path = _write(tmp_path, f"Youth Board,2027-02-10,10:00,Item A\nFP,{when},10:00,Item B\n")
    with pytest.raises(ImportFailed, match=r"row 3, column “date”: .* is not a date"):
        run_import(store, "local", "meetings", path)
    with store.session_factory() as s:
        assert s.scalars(select(Meeting)).all() == []


def test_moving_only_the_time_is_reported_as_a_change(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "meetings", _write(tmp_path, "Youth Board,2027-02-10,10:00,A\n"))
    report = run_import(
        store, "local", "meetings", _write(tmp_path, "Youth Board,2027-02-10,14:30,A\n")
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert "Nothing changed" not in report.summary()
    again = run_import(
        store, "local", "meetings", _write(tmp_path, "Youth Board,2027-02-10,14:30,A\n")
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_excel_time_cell_is_a_time(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["committee", "date", "time", "item"])
    sheet.append(["Youth Board", "2027-02-10", time(14, 0), "Item A"])
    book.save(tmp_path / "m.xlsx")
    assert run_import(store, "local", "meetings", tmp_path / "m.xlsx").created == 1
    path = _write(tmp_path, "Youth Board,2027-02-10,14:00:00,Item A\n")
    assert run_import(store, "local", "meetings", path).unchanged == 1
    with store.session_factory() as s:
        meeting = s.scalars(select(Meeting)).one()
        assert meeting.starts_at.strftime("%H:%M") == "14:00"  # GMT in February
