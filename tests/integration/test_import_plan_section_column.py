"""`csbot import actions` reads a Section, Theme or Strategic aim column as each action's
section (DESIGN.md "Import headers"): sections by the names the column gives, in the order they
first appear; a blank cell keeps the action in the section above. Re-importing changes nothing,
a later file's new theme is a section of its own, and an export keeps the column (on both
backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Action, Section, Update
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot

PLAN = (
    "Theme,Ref,Action,Lead,Timescale,Status\n"
    "Safeguarding,1.1,Audit RHIs,Jon Abbey,March 2016,Green\n"
    ",1.2,Missing protocol,Fiona Smith,June 2016,Amber\n"
    "Workforce,2.1,Recruit SWs,HOS,TBC,Red\n"
    "Safeguarding,1.3,Refresh the MASH protocol,Jon Abbey,TBC,Green\n"
)


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


def row_counts(store: Store) -> tuple[int, ...]:
    with store.session_factory() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0 for t in (Section, Action, Update)
        )


def test_a_theme_column_puts_each_action_in_its_section(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    command = ["import", "actions", str(path), "--plan", "P"]
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "2 sections; columns kept as extra fields: none." in said
    found, placed = sections_of(store)
    assert found == [("1", "Safeguarding"), ("2", "Workforce")]
    assert placed == {
        "1.1": "Safeguarding",
        "1.2": "Safeguarding",  # a blank cell: the section above
        "2.1": "Workforce",
        "1.3": "Safeguarding",
    }
    with store.session_factory() as s:
        assert all(not a.extra for a in s.scalars(select(Action)))

    before = row_counts(store)
    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "0 new, 0 changed, 4 unchanged. Nothing changed." in said
    assert row_counts(store) == before and sections_of(store) == (found, placed)


def test_numbered_and_labelled_section_cells_and_a_blank_first_cell(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Strategic aim,Ref,Action,Lead\n"
        ",0.1,Before any aim,Jon Abbey\n"
        "Strategic Aim: 1. Effective leadership,1.1,Appoint a DCS,CX\n"
        "Theme 3 - Health,3.1,Dental checks,HOS\n"
        "1. Effective leadership,1.2,Set out accountabilities,CX\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch, tmp_path)
    found, placed = sections_of(store)
    assert found == [("1", "Effective leadership"), ("3", "Health")]
    assert placed == {
        "0.1": None,
        "1.1": "Effective leadership",
        "3.1": "Health",
        "1.2": "Effective leadership",
    }


def test_a_later_file_with_a_new_theme_gives_it_a_section_of_its_own(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, later = tmp_path / "v1" / "plan.csv", tmp_path / "v2" / "plan.csv"
    for path, text in (
        (first, "Theme,Ref,Action\nSafeguarding,1.1,Audit RHIs\nWorkforce,2.1,Recruit SWs\n"),
        (later, "Theme,Ref,Action\nWorkforce,2.1,Recruit SWs\nHealth,3.1,Dental checks\n"),
    ):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch)
    found, placed = sections_of(store)
    assert sorted(found) == [("1", "Safeguarding"), ("2", "Workforce"), ("3", "Health")]
    assert placed == {"1.1": "Safeguarding", "2.1": "Workforce", "3.1": "Health"}


def test_an_export_keeps_the_theme_column_and_imports_as_the_same_plan_elsewhere(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch, tmp_path)
    exported = tmp_path / "export.csv"
    csbot(database.url, ["export", "actions", str(exported)], monkeypatch, tmp_path)
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("Theme,Ref,Action,")
    assert any(line.startswith("Workforce,2.1,Recruit SWs,") for line in lines)
    home = sections_of(store)
    before = row_counts(store)
    csbot(database.url, ["import", "actions", str(exported)], monkeypatch, tmp_path)
    assert row_counts(store) == before and sections_of(store) == home
    store.ensure_workspace("T2", name="Second council")
    csbot(database.url, ["--workspace", "T2", "import", "actions", str(exported)], monkeypatch)
    with store.unit_of_work("T2") as uow:
        (plan,) = uow.repos.plans.all()
        titles = {s.id: s.title for s in uow.repos.plans.sections(plan.id)}
        elsewhere = {
            a.ref: titles.get(a.section_id or 0) for a in uow.repos.actions.in_plan(plan.id)
        }
    assert elsewhere == home[1]
