"""Workbooks and text encodings: a cover sheet (or a summary's short table) before the table,
merged cells in a plan, and Excel's "Unicode Text" (UTF-16) files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot


def _leads(store: Store) -> dict[str, str]:
    with store.session_factory() as s:
        return {a.ref: a.lead_text for a in s.scalars(select(Action)).all()}


def test_a_cover_sheet_before_the_plan_is_passed_over(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Corporate Parenting Action Plan 2026-27"])
    cover.append(["Version 3, owner: Jon Abbey"])
    plan = book.create_sheet("Action Plan")
    plan.append(["Ref", "Action", "Lead", "Due", "RAG"])
    plan.append([1.1, "Audit PEPs", "Fiona Smith", date(2026, 3, 31), "Green"])
    book.save(tmp_path / "plan.xlsx")
    report = run_import(store, "local", "actions", tmp_path / "plan.xlsx")
    assert report.created == 1
    assert "“Action Plan”" in report.summary()


def test_a_workbook_without_a_header_names_its_sheets(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Corporate Parenting Action Plan"])
    book.create_sheet("Notes").append(["Nothing here either"])
    book.save(tmp_path / "plan.xlsx")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", tmp_path / "plan.xlsx")
    assert "no header row" in str(err.value)
    assert "“Cover”" in str(err.value) and "“Notes”" in str(err.value)


def test_a_lead_merged_over_two_actions_leads_both(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Action", "Lead", "Due", "RAG"])
    sheet.append(["1.1", "Merged lead", "Fiona Smith", date(2026, 3, 31), "Green"])
    sheet.append(["1.2", "Second, same lead", None, date(2026, 4, 30), "Amber"])
    sheet.append(["1.3", "Own lead", "Jon Abbey", date(2026, 5, 31), "Red"])
    sheet.merge_cells("C2:C3")
    book.save(tmp_path / "merged.xlsx")
    run_import(store, "local", "actions", tmp_path / "merged.xlsx")
    assert _leads(store) == {"1.1": "Fiona Smith", "1.2": "Fiona Smith", "1.3": "Jon Abbey"}


def test_an_excel_unicode_text_file_is_read(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    text = "Ref\tAction\tLead\tDue\n1.1\tAudit PEPs — all\tFiona Smith\t2026-03-31\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    report = run_import(store, "local", "actions", path)
    assert report.created == 1
    assert _leads(store) == {"1.1": "Fiona Smith"}


def _summary_sheet(book: Workbook) -> None:
    """A first sheet with a short table of its own: a header, but no refs or actions."""
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    summary.append(["Improvement Plan – RAG summary"])
    summary.append(["RAG Status", "No. of actions"])
    for rag, count in (("Green", 12), ("Amber", 5), ("Red", 2)):
        summary.append([rag, count])


def test_a_summary_sheet_before_the_plan_is_passed_over(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book = Workbook()
    _summary_sheet(book)
    plan = book.create_sheet("Action Plan")
    plan.append(["Ref", "Action", "Lead", "Timescale", "RAG Status", "Progress"])
    plan.append(["1.1", "Audit RHIs", "Jon Abbey", "March 2016", "Green", "Started"])
    plan.append(["1.2", "Missing protocol", "Fiona Smith", "June 2016", "Amber", "Draft"])
    book.save(tmp_path / "x2.xlsx")
    command = ["import", "actions", str(tmp_path / "x2.xlsx"), "--plan", "P"]
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "Read sheet “Action Plan”" in said and "“Summary” passed over" in said
    with store.session_factory() as s:
        titles = {a.ref: a.title for a in s.scalars(select(Action))}
    assert titles == {"1.1": "Audit RHIs", "1.2": "Missing protocol"}


def test_a_workbook_whose_only_header_lacks_refs_is_refused_naming_the_sheet(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    book = Workbook()
    _summary_sheet(book)
    book.create_sheet("Notes").append(["Nothing here"])
    book.save(tmp_path / "summary.xlsx")
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["import", "actions", str(tmp_path / "summary.xlsx")]) == 1
    said = " ".join(capsys.readouterr().err.split())
    assert "summary.xlsx: sheet “Summary”, row 2: no column of action refs found" in said
    assert "(sheets looked at: “Summary”, “Notes”)" in said
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Action)) == 0


def test_an_agenda_after_a_sheet_of_meeting_dates_is_read(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    dates = book.active
    assert dates is not None
    dates.title = "Dates"
    dates.append(["Committee", "Date", "Time"])  # no agenda items: not the agenda
    dates.append(["CPAC", "2027-04-05", "18:30"])
    agenda = book.create_sheet("Agenda")
    agenda.append(["Committee", "Date", "Time", "Agenda item"])
    agenda.append(["CPAC", "2027-04-05", "18:30", "Performance"])
    book.save(tmp_path / "agenda.xlsx")
    report = run_import(store, "local", "meetings", tmp_path / "agenda.xlsx")
    assert report.created == 1
    assert "Read sheet “Agenda”" in report.summary()
