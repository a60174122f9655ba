"""Chat and the meetings import find a committee by one rule (``committee_matches``): a
committee imported by its initials (``CPAC``) is the one ``/meeting add`` finds by the full
name they stand for, as a later file does. An agenda row naming another committee with the
same initials is never put with the wrong one: a new one is kept apart with a warning naming
the row and both committees, and a file that leaves the match to a guess is refused, naming
both, with nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from commands.importers import run_import
from commands.importers.report import ImportFailed
from storage.models import Committee, Meeting
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at

HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
CORPORATE = "Corporate Parenting Advisory Committee"
CHILDRENS = "Children's Partnership Advisory Committee"
NOW = at("2027-03-01 09:00")


def _committees(store: Store) -> dict[str, str]:
    with store.session_factory() as session:
        return {c.name: c.initials for c in session.scalars(select(Committee))}


def _meetings(store: Store) -> int:
    with store.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Meeting)) or 0


def _file(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def cli(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:  # csbot import / csbot say against the test's database, HOME in tmp_path
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_meeting_add_with_the_full_name_finds_the_committee_imported_by_its_initials(
    store: Store, cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(cli, "cpac.csv", "CPAC,2027-04-15,18:00,Fostering sufficiency,,,,#cpac")
    assert main(["import", "meetings", str(path)]) == 0
    capsys.readouterr()
    assert main(["say", f"/meeting agenda {CORPORATE} 2027-04-15"]) == 0
    agenda = capsys.readouterr().out
    assert agenda.startswith("CPAC 2027-04-15 — CPAC"), agenda
    assert main(["say", f"/meeting add {CORPORATE} 2027-05-06 18:00"]) == 0
    reply = capsys.readouterr().out
    assert reply.startswith(f"Added CPAC 2027-05-06 ({CORPORATE})."), reply
    assert f"the committee “CPAC” is now named “{CORPORATE}”" in reply, reply
    assert "New committee" not in reply, reply
    assert _committees(store) == {CORPORATE: "CPAC"}
    assert main(["say", "/meeting list"]) == 0
    listed = capsys.readouterr().out
    assert "  CPAC 2027-04-15 — " in listed and "  CPAC 2027-05-06 — " in listed, listed
    # The file still names the one committee; importing it again changes nothing.
    assert main(["import", "meetings", str(path)]) == 0
    assert "Nothing changed." in capsys.readouterr().out
    assert _committees(store) == {CORPORATE: "CPAC"}


def test_meeting_add_with_initials_two_committees_answer_to_is_refused(store: Store) -> None:
    chat = make_chat(store, NOW)
    chat.say(f"/meeting add {CORPORATE} 2027-04-01 at 18:00 #cpac")
    with store.session_factory() as session, session.begin():
        cpac = session.scalars(select(Committee)).one()
        # Two committees answering to CPAC, as stored before migration 0005.
        session.add(
            Committee(
                workspace_id=cpac.workspace_id,
                name=CHILDRENS,
                name_key="children s partnership advisory committee",
                initials="CPAC",
            )
        )
    refused = chat.say("/meeting add CPAC 2027-05-06 18:00")
    assert f"“CPAC” could mean several committees: {CHILDRENS} or {CORPORATE}" in refused, refused
    assert "(both answer to CPAC)" in refused and "Nothing was changed." in refused, refused
    assert _meetings(store) == 1


def test_a_row_naming_another_committee_with_the_same_initials_is_kept_apart_and_warned(
    store: Store, cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _file(cli, "corporate.csv", f"{CORPORATE},2027-04-01,18:00,Care leavers,,,,#cpac")
    assert main(["import", "meetings", str(first)]) == 0
    other = _file(cli, "childrens.csv", f'"{CHILDRENS}",2027-04-08,18:00,Early help,,,,#cp2')
    capsys.readouterr()
    assert main(["import", "meetings", str(other)]) == 0
    report = capsys.readouterr().out
    assert (
        f"⚠️ Row 2: “{CHILDRENS}” is a committee of its own, kept apart from {CORPORATE}, as "
        f"they share initials; nothing of this row went to {CORPORATE}."
    ) in report, report
    assert f"If the row meant {CORPORATE}, write CPAC there" in report, report
    assert _committees(store) == {CORPORATE: "CPAC", CHILDRENS: "-"}
    assert main(["say", "/meeting agenda CPAC 2027-04-01"]) == 0
    cpac = capsys.readouterr().out
    assert "Care leavers" in cpac and "Early help" not in cpac, cpac
    assert main(["say", f"/meeting agenda {CHILDRENS} 2027-04-08"]) == 0
    assert "Early help" in capsys.readouterr().out


def test_two_full_names_for_a_committee_known_by_its_initials_are_refused(
    store: Store, cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    initials = _file(cli, "cpac.csv", "CPAC,2027-04-01,18:00,Care leavers,,,,#cpac")
    assert main(["import", "meetings", str(initials)]) == 0
    both = _file(
        cli,
        "both.csv",
        f"{CORPORATE},2027-04-22,18:00,Fostering,,,,#cpac",
        f'"{CHILDRENS}",2027-04-08,18:00,Early help,,,,#cp2',
    )
    capsys.readouterr()
    assert main(["import", "meetings", str(both)]) == 1
    err = capsys.readouterr().err
    assert (
        "row 3, column “committee”: “CPAC” was known only by its initials, and this file names "
        f"two committees with them: “{CORPORATE}” (row 2) and “{CHILDRENS}” (row 3), so I "
        "cannot tell which one CPAC is."
    ) in err, err
    assert "Nothing was imported." in err, err
    assert "Traceback" not in err, err
    assert _committees(store) == {"CPAC": ""}
    assert _meetings(store) == 1


def test_bare_initials_beside_a_committee_kept_apart_in_the_same_file_are_refused(
    store: Store, tmp_path: Path
) -> None:
    make_chat(store, NOW).say(f"/meeting add {CORPORATE} 2027-04-01 at 18:00 #cpac")
    path = _file(
        tmp_path,
        "mixed.csv",
        f'"{CHILDRENS}",2027-04-08,18:00,Early help,,,,#cp2',
        "CPAC,2027-04-22,18:00,Fostering,,,,#cpac",
    )
    with pytest.raises(ImportFailed) as refused:
        run_import(store, "local", "meetings", path)
    assert str(refused.value) == (
        f"mixed.csv: row 3, column “committee”: “CPAC” could mean {CORPORATE} (which "
        f"answers to it) or "
        f"“{CHILDRENS}” (row 2), which has the same initials: write the committee's full name"
    )
    assert _committees(store) == {CORPORATE: "CPAC"}
    assert _meetings(store) == 1


def test_meeting_add_new_with_such_a_full_name_adds_a_committee_of_its_own(store: Store) -> None:
    chat = make_chat(store, NOW)
    chat.say("/meeting add CPAC 2027-04-01 at 18:00 #cpac")
    reply = chat.say(f"/meeting add new {CHILDRENS} 2027-04-08 at 18:00 #cp2")
    assert reply.startswith(f"Added {CHILDRENS} 2027-04-08 ({CHILDRENS})."), reply
    assert "Its initials CPAC are CPAC's already" in reply, reply
    assert _committees(store) == {"CPAC": "", CHILDRENS: "-"}
    assert chat.say("/meeting agenda CPAC 2027-04-01").startswith("CPAC 2027-04-01 — CPAC")
