"""A person an administrator removed stays removed when a file still naming them as a lead is
imported again (``csbot import`` then ``csbot say``, on both backends): the lead text is kept
as written with no owner, nobody is added again, and the report says who was removed, when
and how to undo it (``unremove``), instead of "Owners read again …"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.models import Action, AgendaItem, AuditEvent, Person, RemovedPerson
from storage.unit_of_work import Store
from tests.conftest import Database

PLAN = (
    "Ref,Action,Lead,Timescale,Status\n"
    "1.1,Set up a panel,Bob Jones,March 2016,Complete\n"
    "1.2,Review the offer,Carol Tate,March 2027,Not started\n"
)

Csbot = Callable[..., str]


@pytest.fixture
def csbot(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Csbot:
    """Run a csbot command line against the test's database; its output."""
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))

    def run(*argv: str) -> str:
        capsys.readouterr()
        main(list(argv))
        return capsys.readouterr().out

    return run


@pytest.fixture
def plan(tmp_path: Path) -> str:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    return str(path)


def _people(store: Store) -> list[str]:
    with store.session_factory() as s:
        return sorted(s.scalars(select(Person.name)))


def _owners_of(store: Store, ref: str) -> tuple[str, int]:
    with store.session_factory() as s:
        action = s.scalars(select(Action).where(Action.ref == ref)).one()
        return action.lead_text, len(action.owners)


def test_a_removed_person_is_not_added_again_by_a_reimport(
    store: Store, csbot: Csbot, plan: str
) -> None:
    csbot("import", "actions", "--plan", "Test plan", plan)
    removed = csbot("say", "remove Bob Jones")
    assert "Removed Bob Jones" in removed and "`unremove Bob Jones`" in removed

    report = csbot("import", "actions", "--plan", "Test plan", plan)

    assert _people(store) == ["Carol Tate"]
    assert _owners_of(store, "1.1") == ("Bob Jones", 0)
    assert "Owners read again" not in report
    assert "Bob Jones (removed " in report and "by console operator" in report
    assert "`unremove Bob Jones`" in report
    shown = csbot("say", "/actions show 1.1")
    assert "Owners: none (lead: Bob Jones)" in shown


def test_a_new_row_naming_a_removed_person_keeps_its_lead_without_them(
    store: Store, csbot: Csbot, plan: str, tmp_path: Path
) -> None:
    csbot("import", "actions", "--plan", "Test plan", plan)
    csbot("say", "remove Bob Jones")
    more = tmp_path / "more.csv"
    more.write_text(PLAN + "1.3,Train the panel,Bob Jones / Carol Tate,May 2027,\n", "utf-8")

    report = csbot("import", "actions", "--plan", "Test plan", str(more))

    assert _people(store) == ["Carol Tate"]
    assert _owners_of(store, "1.3") == ("Bob Jones / Carol Tate", 1)
    assert "Bob Jones (removed " in report


def test_an_agenda_re_imported_does_not_add_a_removed_lead_again(
    store: Store, csbot: Csbot, tmp_path: Path
) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text(
        "committee,date,time,item,lead\n"
        "Corporate Parenting Advisory Committee,2015-10-05,18:30,Performance,Bob Jones / HOS\n",
        encoding="utf-8",
    )
    csbot("import", "meetings", str(agenda))
    assert "Removed Bob Jones" in csbot("say", "remove Bob Jones")

    report = csbot("import", "meetings", str(agenda))

    assert "Bob Jones" not in _people(store)
    assert "Bob Jones (removed " in report and "Owners read again" not in report
    with store.session_factory() as s:
        item = s.scalars(select(AgendaItem)).one()
        assert item.lead_text == "Bob Jones / HOS"
        assert [(o.person_id, o.role is not None) for o in item.owners] == [(None, True)]


def test_unremove_lets_the_next_import_add_them_again(
    store: Store, csbot: Csbot, plan: str
) -> None:
    csbot("import", "actions", "--plan", "Test plan", plan)
    csbot("say", "remove Bob Jones")

    answer = csbot("say", "unremove bob jones")

    assert "“Bob Jones” no longer names somebody removed" in answer
    report = csbot("import", "actions", "--plan", "Test plan", plan)
    assert _people(store) == ["Bob Jones", "Carol Tate"]
    assert _owners_of(store, "1.1") == ("Bob Jones", 1)
    assert "removed " not in report
    with store.session_factory() as s:
        assert s.scalars(select(RemovedPerson)).all() == []
        changes = s.scalars(
            select(AuditEvent.change).where(AuditEvent.entity == "removed_person")
        ).all()
        assert sorted(changes) == ["create", "delete"]


def test_unremove_of_somebody_never_removed_changes_nothing(
    store: Store, csbot: Csbot, plan: str
) -> None:
    csbot("import", "actions", "--plan", "Test plan", plan)

    answer = csbot("say", "unremove Carol Tate")

    assert "Nobody called “Carol Tate” was removed" in answer
    assert answer.rstrip().endswith("Nothing was changed.")


def test_only_an_administrator_unremoves(store: Store, csbot: Csbot, plan: str) -> None:
    csbot("import", "actions", "--plan", "Test plan", plan)
    csbot("say", "remove Bob Jones")

    answer = csbot("say", "--as", "Carol Tate", "unremove Bob Jones")

    assert "Only an administrator can unremove people." in answer
    with store.session_factory() as s:
        assert [m.name for m in s.scalars(select(RemovedPerson))] == ["Bob Jones"]


def test_a_removed_person_run_together_with_another_is_left_out(
    store: Store, csbot: Csbot, plan: str, tmp_path: Path
) -> None:
    # Bob Jones's action is done, so he can be removed; a later file runs his name together
    # with Carol Tate's, a separator lost: Carol Tate owns it, and nobody "Carol Tate Bob
    # Jones" is made up (who would then be the "Jones" of a cell naming him alone).
    csbot("import", "actions", "--plan", "Test plan", plan)
    csbot("say", "remove Bob Jones")
    later = tmp_path / "later.csv"
    later.write_text(
        "Ref,Action,Lead,Timescale,Status\n2.1,Audit the files,Carol Tate Bob Jones,March 2027,\n",
        encoding="utf-8",
    )
    command = ("import", "actions", "--plan", "Test plan", str(later))
    report = csbot(*command)
    assert _people(store) == ["Carol Tate"]
    assert _owners_of(store, "2.1") == ("Carol Tate Bob Jones", 1)
    assert "“Carol Tate Bob Jones” as Carol Tate" in report
    assert "Bob Jones (removed " in report and "Read as one person's name" not in report
    again = csbot(*command)
    assert "0 new, 0 changed, 1 unchanged" in again and "Bob Jones (removed " in again
