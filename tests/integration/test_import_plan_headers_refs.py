"""Action plan columns and refs as councils' templates write them: "Action required" is the
title, and Excel refs formatted 0.00 keep their trailing zero (2.1 and 2.10 differ)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import run_import
from commands.importers.headers import field_of
from commands.importers.table import read_table
from storage.models import Action
from storage.unit_of_work import Store


def test_action_required_is_the_title_column(store: Store, tmp_path: Path) -> None:
    assert field_of("Action required") == "title"
    path = tmp_path / "tmpl.csv"
    path.write_text(
        "Ref,Issue identified,Action required,Action owner,Target date,RAG rating,Update\n"
        "1,Too many agency staff,Recruit permanent staff,Jon Abbey,31/03/2027,Amber,Launched\n",
        encoding="utf-8",
    )
    run_import(store, "local", "actions", path)
    with store.session_factory() as s:
        action = s.scalars(select(Action)).one()
        assert action.title == "Recruit permanent staff"
        assert action.lead_text == "Jon Abbey"


def test_excel_refs_are_read_as_displayed(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Action", "Lead", "Due"])
    sheet.append([2.1, "First", "Jon Abbey", "March 2027"])
    sheet.append([2.1, "Tenth", "Jon Abbey", "March 2027"])
    sheet.append([2.5, "Value kept", "Jon Abbey", "March 2027"])
    sheet["A2"].number_format = "0.0"
    sheet["A3"].number_format = "0.00"
    sheet["A4"].number_format = "0"  # would round to 3: the value is kept instead
    book.save(tmp_path / "plan.xlsx")
    assert [r.cells[0] for r in read_table(tmp_path / "plan.xlsx").rows[1:]] == [
        "2.1",
        "2.10",
        "2.5",
    ]
    report = run_import(store, "local", "actions", tmp_path / "plan.xlsx")
    assert report.created == 3
