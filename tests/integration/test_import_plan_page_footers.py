"""`csbot import actions`: a printed page's number ("Page 3 of 5") is page furniture, never the
rest of the action above it, and the report names the rows it joined to the action above (on
both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot


def titles(store: Store) -> dict[str, str]:
    with store.session_factory() as s:
        return {a.ref: a.title for a in s.scalars(select(Action))}


def test_a_page_number_under_a_blank_row_is_not_joined_to_the_last_action(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale,Status,Progress\n"
        "1.1,Audit RHIs,Jon Abbey,March 2016,Green,Started\n"
        "1.2,Missing protocol,Fiona Smith,June 2016,Amber,Draft\n"
        ",,,,,\n"
        ",Page 3 of 5,,,,\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "joined" not in said
    assert titles(store) == {"1.1": "Audit RHIs", "1.2": "Missing protocol"}


def test_the_report_names_the_rows_joined_and_a_page_between_them_is_left_out(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Progress\n"
        "3.11,Collate information on,AD,Started\n"
        ",investigations about children in care,,in June\n"
        ",Page 3,,\n"
        ",and their outcomes,,\n"
        "3.12,Review the panel,AD,\n"
        ",PAGE 4 / 5,,\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "actions", str(path), "--plan", "P"], monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert "2 rows without a ref were joined to the action above (rows 3, 5)." in said
    assert titles(store) == {
        "3.11": "Collate information on investigations about children in care and their outcomes",
        "3.12": "Review the panel",
    }
