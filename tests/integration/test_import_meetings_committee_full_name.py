"""A committee first imported by its initials (``CPAC``) takes the full name a later file
gives it (``Corporate Parenting Advisory Committee``), keeps answering to its initials, and
the import report says so; two committees that share initials are never merged by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from commands.importers import run_import
from storage.models import Committee
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at

MEETINGS = FIXTURES / "meetings"
HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
RENAMED = (
    "Row 2: the committee “CPAC” is now named “Corporate Parenting Advisory Committee”, as "
    "this file names it in full; CPAC still names it (its meetings keep names like "
    "`CPAC <date>`)."
)


def _committees(store: Store) -> dict[str, str]:
    with store.session_factory() as session:
        return {c.name: c.initials for c in session.scalars(select(Committee))}


def test_the_full_name_in_a_later_file_is_taken_up(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["import", "meetings", str(MEETINGS / "cpac_agenda_planning.tsv")]) == 0
    capsys.readouterr()
    assert main(["import", "meetings", str(MEETINGS / "cpac_planning.csv")]) == 0
    report = capsys.readouterr().out
    assert RENAMED in report, report
    assert _committees(store) == {"Corporate Parenting Advisory Committee": "CPAC"}
    assert main(["say", "/meeting agenda CPAC 2015-07-06"]) == 0
    agenda = capsys.readouterr().out
    assert agenda.startswith("CPAC 2015-07-06 — Corporate Parenting Advisory Committee"), agenda
    # Both files now name the one committee; importing either again changes nothing.
    for name in ("cpac_agenda_planning.tsv", "cpac_planning.csv"):
        assert main(["import", "meetings", str(MEETINGS / name)]) == 0
        again = capsys.readouterr().out
        assert "Nothing changed." in again and "now named" not in again, again
    assert _committees(store) == {"Corporate Parenting Advisory Committee": "CPAC"}


def test_one_file_naming_a_committee_both_ways_ends_with_its_full_name(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "both.csv"
    path.write_text(
        HEAD
        + "CPAC,2027-04-01,18:00,Item A,,,,#cpac\n"
        + "Corporate Parenting Advisory Committee,2027-04-01,18:00,Item B,,,,#cpac\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "meetings", path)
    assert any("is now named “Corporate Parenting Advisory Committee”" in n for n in report.notes)
    assert _committees(store) == {"Corporate Parenting Advisory Committee": "CPAC"}
    agenda = make_chat(store, at("2027-03-01 09:00")).say("/meeting agenda CPAC 2027-04-01")
    assert "Item A" in agenda and "Item B" in agenda, agenda


def test_committees_sharing_initials_keep_their_names(store: Store, tmp_path: Path) -> None:
    chat = make_chat(store, at("2027-03-01 09:00"))
    chat.say("/meeting add AB 2027-04-01 at 10:00 #ab")
    # Alpha board known by its full name beside AB, as stored before chat named committees by
    # the importer's rule (which now makes "Alpha board" AB's full name).
    with store.session_factory() as session, session.begin():
        ab = session.scalars(select(Committee)).one()
        session.add(
            Committee(
                workspace_id=ab.workspace_id,
                name="Alpha board",
                name_key="alpha board",
                initials="-",
            )
        )
    chat.say("/meeting add Alpha board 2027-04-02 at 10:00 #alphab")
    assert _committees(store) == {"AB": "", "Alpha board": "-"}
    path = tmp_path / "boards.csv"
    path.write_text(
        HEAD
        + "Alpha board,2027-04-02,10:00,Item A,,,,#alphab\n"
        + "Aardvark board,2027-04-01,10:00,Item B,,,,#ab\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "meetings", path)
    assert not any("now named" in n for n in report.notes), report.summary()
    assert _committees(store) == {"AB": "", "Alpha board": "-"}
    assert "Item A" in chat.say("/meeting agenda Alpha board 2027-04-02")
