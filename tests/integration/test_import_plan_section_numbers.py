"""`csbot import actions` with a Section (Theme) column whose cells are only numbers ("1",
"2.", "Theme 3"): each names its section by number, titled by the file's heading of that
number ("1.0 | SAFEGUARDING") when it has one, else "Section 1" (the column's name and the
number); a re-import keeps the titles a plan's sections have. Before, a "1." cell made a
section titled "1.", and a plan without a Ref column was read shifted by a column (its
Theme numbers taken for refs) and refused with "ref 1 appears twice" about a Ref column it
does not have: now it is refused saying what to add (on both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from storage.models import Action, Section
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot


def sections_of(store: Store) -> tuple[list[tuple[str, str]], dict[str, str | None]]:
    """The plans' sections (ref, title) in order, and each action's section title."""
    with store.session_factory() as s:
        rows = s.scalars(select(Section).order_by(Section.position, Section.id)).all()
        titles = {r.id: r.title for r in rows}
        placed = {
            a.ref: titles.get(a.section_id) if a.section_id else None
            for a in s.scalars(select(Action))
        }
        return [(r.ref, r.title) for r in rows], placed


def test_section_cells_holding_numbers_name_sections_by_number(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Section", "Ref", "Action", "Lead"])
    sheet.append([None, "2.0", "WORKFORCE", None])  # a heading row titles section 2
    sheet.append([1, 1.1, "Audit RHIs", "Jon Abbey"])  # a workbook's number
    sheet.append(["1.", 1.2, "Missing protocol", "Fiona Smith"])
    sheet.append(["2", 2.1, "Recruit SWs", "HOS"])
    sheet.append(["Theme 3", 3.1, "Dental checks", "HOS"])
    book.save(path)
    command = ["import", "actions", str(path), "--plan", "P"]
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "3 sections" in capsys.readouterr().out
    found, placed = sections_of(store)
    assert found == [("2", "WORKFORCE"), ("1", "Section 1"), ("3", "Theme 3")]
    assert placed == {"1.1": "Section 1", "1.2": "Section 1", "2.1": "WORKFORCE", "3.1": "Theme 3"}

    # The plan's section 1 renamed in chat or by another file keeps its title on re-import.
    with store.session_factory() as s, s.begin():
        one = s.scalars(select(Section).where(Section.ref == "1")).one()
        one.title = "Safeguarding"
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "Nothing changed" in capsys.readouterr().out
    assert sections_of(store)[0] == [("2", "WORKFORCE"), ("1", "Safeguarding"), ("3", "Theme 3")]


def test_a_theme_column_of_numbers_without_refs_is_refused_saying_what_to_add(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    path = tmp_path / "plan.csv"
    path.write_text(
        "Theme,Action,Lead,Target Date\n"
        "1,Audit RHIs,Jon Abbey,March 2027\n"
        "1,Missing protocol,Fiona Smith,June 2027\n"
        "2,Recruit SWs,HOS,TBC\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["import", "actions", str(path), "--plan", "P"]) == 1
    said = " ".join(capsys.readouterr().err.split())
    assert "row 1: the Theme column numbers sections (1, 2; several rows share a number)" in said
    assert "add a Ref column with each action's own ref" in said
    assert "appears twice" not in said
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Action)) == 0


def test_a_section_column_numbering_each_row_is_the_refs_of_a_plan_without_a_ref_column(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Section,Action,Lead\n1.1,Audit RHIs,Jon Abbey\n1.2,Missing protocol,Fiona Smith\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch, tmp_path)
    with store.session_factory() as s:
        stored = {a.ref: (a.title, a.lead_text) for a in s.scalars(select(Action))}
    assert stored == {
        "1.1": ("Audit RHIs", "Jon Abbey"),
        "1.2": ("Missing protocol", "Fiona Smith"),
    }
