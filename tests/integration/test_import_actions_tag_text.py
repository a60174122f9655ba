"""Actions import keeps text that looks like HTML as written (``the <Mosaic> form``), drops only
a PDF converter's markup (cells opening with ``<p>``), and a file imported before that keeps
its history: the lost text comes back once, and no progress note is logged twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.exporters import run_export
from commands.importers import plan_rows, run_import
from storage.models import Action, Update
from storage.unit_of_work import Store

TITLE = "Use the <Mosaic> form & <b>bold</b> guidance"
BODY = (
    "Ref,Action,Progress\n"
    f"1.1,{TITLE},see <p>notes</p>\n"
    "1.2,Review a<b and c>d cases,\n"
    "1.3,Converted cell,<p>TOIL levels &amp; leave</p> <p>checked</p>\n"
)


def _write(tmp_path: Path, body: str = BODY) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text(body, encoding="utf-8")
    return path


def _actions(store: Store) -> dict[str, str]:
    with store.session_factory() as s:
        return {a.ref: a.title for a in s.scalars(select(Action))}


def _notes(store: Store) -> list[str]:
    with store.session_factory() as s:
        return list(s.scalars(select(Update.text).order_by(Update.id)))


def test_text_that_looks_like_html_is_kept_as_written(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert _actions(store) == {
        "1.1": TITLE,
        "1.2": "Review a<b and c>d cases",
        "1.3": "Converted cell",
    }
    assert _notes(store) == ["see <p>notes</p>", "TOIL levels & leave checked"]
    again = run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert not again.changed_anything


def test_an_exported_plan_imports_again_unchanged(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    out = tmp_path / "export.csv"
    run_export(store, "local", "actions", str(out), plan="Tag Text")
    report = run_import(store, "local", "actions", out)
    assert not report.changed_anything, report.summary()
    assert _actions(store)["1.1"] == TITLE


def test_a_plan_imported_before_the_fix_gets_its_text_back_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:  # the importer as it read cells before
        patch.setattr(
            plan_rows,
            "_clean",
            lambda row, markup: plan_rows.Row(
                row.number, tuple(plan_rows.earlier_reading(c) for c in row.cells)
            ),
        )
        run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert _actions(store)["1.1"] == "Use the form & bold guidance"
    with store.session_factory() as s:
        notes = s.scalar(select(func.count()).select_from(Update))

    report = run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert "is back in 2 actions: 1.1, 1.2." in report.summary()
    assert _actions(store)["1.1"] == TITLE
    assert _actions(store)["1.2"] == "Review a<b and c>d cases"
    with store.session_factory() as s:  # "see notes" was logged; not again with its tags
        assert s.scalar(select(func.count()).select_from(Update)) == notes
    again = run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert not again.changed_anything, again.summary()


def test_a_title_edited_in_chat_since_is_not_replaced(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(
            plan_rows,
            "_clean",
            lambda row, markup: plan_rows.Row(
                row.number, tuple(plan_rows.earlier_reading(c) for c in row.cells)
            ),
        )
        run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    with store.session_factory() as s, s.begin():
        s.scalars(select(Action).where(Action.ref == "1.1")).one().title = "Use the new form"
    report = run_import(store, "local", "actions", _write(tmp_path), plan="Tag Text")
    assert _actions(store)["1.1"] == "Use the new form"
    assert "is back in 1 action: 1.2." in report.summary()
