"""A workbook's hidden sheets (workings, an old copy) are not read, and the report says which
sheets were not read: hidden ones, and the later sheets (one sheet is imported). Before, a
hidden first sheet was imported instead of the visible one, and nothing said so; later sheets
went unmentioned."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from commands.importers import ImportFailed, run_import
from storage.unit_of_work import Store

HEADER = ["indicator", "period", "value", "unit"]


def _workbook(path: Path, sheets: list[tuple[str, list[list[object]], bool]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def _slugs(store: Store) -> list[str]:
    with store.unit_of_work("local") as uow:
        return sorted(i.slug for i in uow.repos.indicators.all())


def test_a_hidden_sheet_is_passed_over_and_unread_sheets_are_named(
    store: Store, tmp_path: Path
) -> None:
    path = _workbook(
        tmp_path / "kpis.xlsx",
        [
            ("Workings", [HEADER, ["secret", "Oct 2015", 1, "count"]], True),
            ("2015-16", [HEADER, ["referrals", "Oct 2015", 40, "count"]], False),
            ("2014-15", [HEADER, ["referrals", "Oct 2014", 35, "count"]], False),
        ],
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 1
    assert report.notes[:3] == [
        "Read sheet “2015-16”, the workbook's first visible one.",
        "Not read: the workbook's later sheet “2014-15” (one sheet is imported: save another "
        "as a file of its own to import it).",
        "Not read: hidden sheet “Workings”.",
    ], report.notes
    assert _slugs(store) == ["referrals"]


def test_a_workbook_whose_only_table_is_hidden_is_refused_saying_so(
    store: Store, tmp_path: Path
) -> None:
    path = _workbook(
        tmp_path / "kpis.xlsx",
        [
            ("Cover", [["Performance pack, October"]], False),
            ("Data", [HEADER, ["referrals", "Oct 2015", 40, "count"]], True),
        ],
    )
    with pytest.raises(ImportFailed, match="hidden sheets are not read: “Data”"):
        run_import(store, "local", "kpis", path)
    assert _slugs(store) == []
