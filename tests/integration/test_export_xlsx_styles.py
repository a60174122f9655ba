"""A workbook export styles its cells of text at a cost that does not grow with the rows:
the wrapped, top-aligned style is made once and copied, not set (and looked up among the
workbook's styles) cell by cell, which took seconds for a plan of thousands of actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles.alignment import Alignment

from commands.exporters import run_export
from commands.importers import run_import
from storage.unit_of_work import Store


def _export(store: Store, tmp_path: Path, rows: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Alignments made while exporting a plan of ``rows`` actions to a workbook."""
    plan = f"Scale plan {rows}"
    lines = ["Ref,Action,Lead,Timescale,RAG,Progress to date"]
    lines += [f"1.{n},Action {n},Jon Abbey,31/03/2027,Red,Note {n}" for n in range(1, rows + 1)]
    source = tmp_path / f"plan_{rows}.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_import(store, "local", "actions", source, plan=plan)
    made = 0
    original = Alignment.__init__

    def counted(self: Alignment, *args: object, **kwargs: object) -> None:
        nonlocal made
        made += 1
        original(self, *args, **kwargs)

    target = tmp_path / f"plan_{rows}.xlsx"
    with monkeypatch.context() as patch:
        patch.setattr(Alignment, "__init__", counted)
        run_export(store, "local", "actions", str(target), plan=plan)
    sheet = load_workbook(target).active
    assert sheet is not None
    data = [row for row in sheet.iter_rows() if row[0].value and str(row[0].value)[:2] == "1."]
    assert len(data) == rows
    for row in data:
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell
    return made


def test_workbook_cells_are_styled_without_work_per_row(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _export(store, tmp_path, 10, monkeypatch) == _export(store, tmp_path, 40, monkeypatch)
