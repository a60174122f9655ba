"""Workbooks and text encodings: a cover sheet before the table, merged cells in a plan, and
Excel's "Unicode Text" (UTF-16) files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import ImportFailed, run_import
from storage.models import Action
from storage.unit_of_work import Store


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
