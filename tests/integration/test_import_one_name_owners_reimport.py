"""`csbot import actions` twice with the same file, whose lead cells name somebody by one name
alone ("Jon") or several people run together ("Jon Richard Hutton", "Richard Hutton Margaret
Gallagher"): the second import changes nothing, rather than making a new person "Jon" and
taking Jon Abbey's action from him."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import owner_name

PLAN = "\n".join(
    [
        "Ref,Action,Lead,Timescale",
        "1.1,Set up the panel,Jon Abbey,Mar-27",
        "1.2,Write the pledge,Richard Hutton,Mar-27",
        "1.3,Review placements,Margaret Gallagher,Mar-27",
        "2.1,Report on moves,Jon,Mar-27",
        "2.2,Report on PEPs,Jon / HOS,Mar-27",
        "2.3,Audit files,Richard Hutton Margaret Gallagher,Mar-27",
        "2.4,Visit homes,Jon Richard Hutton,Mar-27",
        "",
    ]
)


def _owners(store: Store) -> dict[str, list[str]]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("owners")
        assert plan is not None
        actions = uow.repos.actions.in_plan(plan.id)
        return {a.ref: [owner_name(o) for o in a.owners] for a in actions}


def test_reimporting_names_read_with_the_people_stored_changes_nothing(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "owners.csv"
    plan.write_text(PLAN, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    command = ["import", "actions", str(plan), "--plan", "Owners"]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert "“Jon” as Jon Abbey" in first
    owners = _owners(store)
    assert owners["2.1"] == ["Jon Abbey"] and owners["2.2"] == ["Jon Abbey", "HOS"]
    assert owners["2.3"] == ["Richard Hutton", "Margaret Gallagher"]
    # Three words that split one way only into the one Jon and Richard Hutton.
    assert owners["2.4"] == ["Jon Abbey", "Richard Hutton"]
    assert main(command) == 0
    again = capsys.readouterr().out
    assert "0 new, 0 changed, 7 unchanged. Nothing changed." in again
    assert "read again" not in again
    assert _owners(store) == owners
    with store.unit_of_work("local") as uow:
        assert uow.repos.people.person_by_key("jon") is None


HONORIFICS = "\n".join(
    [
        "Ref,Action,Lead,Timescale",
        "1.1,Set up the panel,Cllr Ann Waters,Mar-27",
        "1.2,Write the pledge,Richard Hutton,Mar-27",
        "1.3,Review placements,Margaret Gallagher,Mar-27",
        "2.1,Report on moves,Richard Hutton Ann Waters,Mar-27",
        "2.2,Report on PEPs,Richard Hutton Dr Margaret Gallagher,Mar-27",
        "",
    ]
)


def test_names_run_together_are_the_people_with_an_honorific_written_or_left_out(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # As a name written alone is ("Ann Waters" is Cllr Ann Waters), so is one run together
    # with another: not one new person "Richard Hutton Ann Waters".
    plan = tmp_path / "owners.csv"
    plan.write_text(HONORIFICS, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    command = ["import", "actions", str(plan), "--plan", "Owners"]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert "“Richard Hutton Ann Waters” as Richard Hutton and Cllr Ann Waters" in first
    assert "Read as one person's name" not in first
    owners = _owners(store)
    assert owners["2.1"] == ["Richard Hutton", "Cllr Ann Waters"]
    assert owners["2.2"] == ["Richard Hutton", "Margaret Gallagher"]
    assert main(command) == 0
    assert "0 new, 0 changed, 5 unchanged. Nothing changed." in capsys.readouterr().out
    with store.unit_of_work("local") as uow:
        assert len(uow.repos.people.all_people()) == 3
