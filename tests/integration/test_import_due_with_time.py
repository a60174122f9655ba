"""`csbot import actions` reads a Target Date cell holding a date with a time as that date:
an Excel datetime (midnight, or a time of day) and text such as "31/03/2027 00:00" or
"31/03/2027 17:00". A time of day, however late, neither moves the day nor makes the cell
unreadable; re-importing changes nothing (CSV and XLSX, on both backends)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot

CELLS: list[str | datetime] = [
    datetime(2027, 3, 31),
    datetime(2027, 3, 31, 17, 0),
    datetime(2027, 3, 31, 23, 59, 59),
    "31/03/2027 00:00",
    "31/03/2027 17:00",
    "31/03/2027 23:30",
    "2027-03-31 17:00:00",
]


def _write(path: Path) -> None:
    """The plan with one action per Target Date cell, as a workbook or a CSV."""
    rows = [(f"1.{n}", f"Action {n}", "Jon Abbey", cell) for n, cell in enumerate(CELLS, 1)]
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Ref", "Action", "Lead", "Target Date"])
        for row in rows:
            sheet.append(list(row))
        book.save(path)
        return
    text = "".join(
        f"{ref},{title},{lead},{cell if isinstance(cell, str) else f'{cell:%d/%m/%Y %H:%M}'}\n"
        for ref, title, lead, cell in rows
    )
    path.write_text("Ref,Action,Lead,Target Date\n" + text, encoding="utf-8")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_target_date_with_a_time_is_that_day(
    suffix: str,
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"plan{suffix}"
    _write(path)
    command = ["import", "actions", str(path), "--plan", "P"]
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert f"{len(CELLS)} new" in said
    assert "no date" not in said  # no timescale listed as unreadable
    with store.session_factory() as s:
        dues = {a.ref: a.due_date for a in s.scalars(select(Action))}
    assert dues == {f"1.{n}": date(2027, 3, 31) for n in range(1, len(CELLS) + 1)}

    csbot(database.url, command, monkeypatch, tmp_path)
    assert "Nothing changed" in capsys.readouterr().out
