"""Meetings import: a report deadline or publication date on a weekend or an England bank
holiday is warned about (its rows, the date and the working day before), not refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from commands.importers import run_import
from storage.models import AgendaItem
from storage.unit_of_work import Store
from tests.conftest import Database

HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
CPAC = "Corporate Parenting Advisory Committee,2027-01-04,18:30"
ROWS = (
    f"{CPAC},Performance,,2026-12-17,2026-12-23,#cpac\n"  # Thu, Wed: working days
    f"{CPAC},Mystery shopping,,2026-12-25,2026-12-31,#cpac\n"  # Christmas Day
    f"{CPAC},Ofsted update,,2026-12-25,2026-12-31,#cpac\n"  # Christmas Day again
    f"{CPAC},Fostering recruitment,,2026-12-17,2026-12-26,#cpac\n"  # a Saturday
    f"{CPAC},Any other business,,,,#cpac\n"
)
CHRISTMAS = (
    "⚠️ Rows 3, 4: the report deadline Fri 25 Dec 2026 is a bank holiday; the working day "
    "before is Thu 24 Dec 2026."
)
SATURDAY = (
    "⚠️ Row 5: the publication date Sat 26 Dec 2026 is a Saturday; the working day before "
    "is Thu 24 Dec 2026."
)


def _file(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def test_deadlines_on_days_off_are_warned_about_and_imported(store: Store, tmp_path: Path) -> None:
    report = run_import(store, "local", "meetings", _file(tmp_path))
    days_off = [n for n in report.notes if "working day before" in n]
    assert days_off == [CHRISTMAS, SATURDAY], report.summary()
    with store.session_factory() as session:
        due = {i.title: i.report_due for i in session.scalars(select(AgendaItem))}
    assert due["Mystery shopping"] == date(2026, 12, 25)  # warned, not moved or refused
    assert report.created == 5


def test_a_sunday_deadline_in_a_report_due_sentence_is_warned_about(
    store: Store, tmp_path: Path
) -> None:
    rows = (
        "Adoption Board,2027-01-12,14:00,Year end,,"
        '"Draft reports due on 20th December and due for publication on 4th January",,#ab\n'
    )
    report = run_import(store, "local", "meetings", _file(tmp_path, rows))
    assert (
        "⚠️ Row 2: the report deadline Sun 20 Dec 2026 is a Sunday; the working day before is "
        "Fri 18 Dec 2026." in report.notes
    ), report.summary()
    assert not any("publication date" in n for n in report.notes)  # Mon 4 Jan: a working day


def test_the_cli_prints_the_warning(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["--workspace", "local", "import", "meetings", str(_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert CHRISTMAS in out and SATURDAY in out
