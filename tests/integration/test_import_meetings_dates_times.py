"""Meetings import: a meeting date must be a day; times with seconds; a moved time is a change;
a time written with the date (in a CSV or an Excel date cell) is the meeting's start."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import ImportFailed, run_import
from storage.models import AgendaItem, Meeting
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot

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


def _starts(store: Store) -> list[str]:
    """Each meeting's day and start, local time."""
    with store.session_factory() as s:
        meetings = s.scalars(select(Meeting).order_by(Meeting.meeting_date)).all()
        zone = ZoneInfo("Europe/London")
        return [f"{m.starts_at.astimezone(zone):%Y-%m-%d %H:%M}" for m in meetings]


@pytest.mark.parametrize(
    ("when", "start"),
    [
        ("05/04/2027 10:00", "2027-04-05 10:00"),
        ("Mon 5 April 2027 at 2pm", "2027-04-05 14:00"),
        ("05/04/2027 00:00", "2027-04-05 18:30"),  # a spreadsheet's date alone: no time given
    ],
)
def test_a_time_written_in_the_date_cell_is_the_meetings_start(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    when: str,
    start: str,
) -> None:
    path = tmp_path / "agenda.csv"
    path.write_text(f"Committee,Date,Item\nCPAC,{when},Performance\n", encoding="utf-8")
    csbot(database.url, ["import", "meetings", str(path)], monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert ("No time given" in said) == start.endswith("18:30")
    assert _starts(store) == [start]
    csbot(database.url, ["import", "meetings", str(path)], monkeypatch, tmp_path)
    assert "Nothing changed." in capsys.readouterr().out


def test_an_excel_date_with_its_time_is_the_date_and_the_start(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Committee", "Meeting Date", "Start Time", "Agenda item", "Report due"])
    sheet.append(
        ["CPAC", datetime(2027, 4, 5, 18, 30), None, "Performance", datetime(2027, 3, 19, 17)]
    )
    sheet.append(["CPAC", datetime(2027, 7, 5, 18, 30), time(18, 30), "Health", None])
    book.save(tmp_path / "agenda.xlsx")
    csbot(
        database.url, ["import", "meetings", str(tmp_path / "agenda.xlsx")], monkeypatch, tmp_path
    )
    assert _starts(store) == ["2027-04-05 18:30", "2027-07-05 18:30"]
    with store.session_factory() as s:
        dues = list(s.scalars(select(AgendaItem.report_due).order_by(AgendaItem.id)))
    assert dues == [date(2027, 3, 19), None]


def test_a_date_cells_time_that_differs_from_the_time_column_is_refused(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    path = tmp_path / "agenda.csv"
    path.write_text(
        "Committee,Date,Time,Item\n"
        "CPAC,05/04/2027 18:30,6.30pm,Performance\n"  # the same time twice is fine
        "CPAC,05/07/2027 10:00,18:30,Health\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["import", "meetings", str(path)]) == 1
    said = " ".join(capsys.readouterr().err.split())
    assert (
        "row 3, column “Time”: the Time column gives 18:30, but the Date column gives 10:00 "
        "(“05/07/2027 10:00”)" in said
    )
    with store.session_factory() as s:
        assert s.scalars(select(Meeting)).all() == []
