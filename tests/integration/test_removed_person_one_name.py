"""A person written by a single name ("Brown") that only a removed person had (Bob Brown) is
not made a new person: in chat the reply says that the only person of that name was removed
and how they are added again, and nothing is written; an import keeps the lead as written,
with no owner for it, and its report says why (``csbot import`` then ``csbot say``, on both
backends)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.models import Action, Person
from storage.unit_of_work import Store
from tests.conftest import Database

PLAN = (
    "Ref,Action,Lead,Timescale,Status\n"
    "1.1,Set up a panel,Bob Brown,March 2016,Complete\n"
    "1.2,Review the offer,Carol Tate,March 2027,Not started\n"
)
LATER = PLAN + "1.3,Train the panel,Brown,May 2027,\n1.4,Audit the files,Brown / Carol Tate,,\n"

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
def removed(csbot: Csbot, tmp_path: Path) -> Path:
    """The plan imported, Bob Brown (whose only action is done) removed; a later file."""
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    csbot("import", "actions", "--plan", "Test plan", str(path))
    assert "Removed Bob Brown" in csbot("say", "remove Bob Brown")
    later = tmp_path / "later.csv"
    later.write_text(LATER, encoding="utf-8")
    return later


def _people(store: Store) -> list[str]:
    with store.session_factory() as s:
        return sorted(s.scalars(select(Person.name)))


def _owners_of(store: Store, ref: str) -> tuple[str, list[str]]:
    with store.session_factory() as s:
        action = s.scalars(select(Action).where(Action.ref == ref)).one()
        return action.lead_text, [o.person.name for o in action.owners if o.person]


def test_an_import_keeps_a_removed_persons_single_name_as_written(
    store: Store, csbot: Csbot, removed: Path
) -> None:
    command = ("import", "actions", "--plan", "Test plan", str(removed))
    report = csbot(*command)
    assert _people(store) == ["Carol Tate"]
    assert _owners_of(store, "1.3") == ("Brown", [])
    assert _owners_of(store, "1.4") == ("Brown / Carol Tate", ["Carol Tate"])
    assert "“Brown”, whose only person, Bob Brown, was removed (" in report
    assert "by console operator" in report and "`unremove Bob Brown`" in report
    again = csbot(*command)
    assert "0 new, 0 changed, 4 unchanged" in again and "Owners read again" not in again
    assert "“Brown”, whose only person, Bob Brown, was removed" in again
    assert _people(store) == ["Carol Tate"]


@pytest.mark.parametrize(
    "command", ["/actions assign 1.2 Brown", "/actions assign 1.2 new Brown", "admin add Brown"]
)
def test_chat_says_the_only_person_of_that_name_was_removed(
    store: Store, csbot: Csbot, removed: Path, command: str
) -> None:
    answer = csbot("say", command)
    assert "The only person called “Brown”, Bob Brown, was removed (" in answer
    assert "`new Bob Brown` adds them again" in answer
    assert answer.rstrip().endswith("Nothing was changed.")
    assert _people(store) == ["Carol Tate"]
    assert _owners_of(store, "1.2") == ("Carol Tate", ["Carol Tate"])


def test_a_single_name_somebody_stored_also_has_is_theirs(
    store: Store, csbot: Csbot, removed: Path
) -> None:
    csbot("say", "/actions assign 1.2 new Dan Brown")
    answer = csbot("say", "/actions assign 1.2 Brown")
    assert "1.2 is already owned by Dan Brown" in answer
    assert "removed" not in answer
