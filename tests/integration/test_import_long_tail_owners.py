"""`csbot import actions` reads the posts and bodies of real plans' lead cells as roles: "C & YP
DMT" (a spaced ampersand: the Children and Young People departmental management team) is the
role "C&YP DMT" is, "TM, Fostering, Adoption" one Team Manager post, and posts outside the
word lists ("Borough Commander", "Connexions Personal Advisor", "Foster Carers", "Ofsted",
"HoS Early Help") no made-up people; people keep their names. A plan imported when these
were misread is read again (on both backends)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from commands.owner_store import set_action_owners
from storage.models import Person
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot, owner_name

LEADS = {
    "1.1": ("C & YP DMT", ["C YP DMT"]),
    "1.2": ("C&YP DMT", ["C YP DMT"]),
    "1.3": ("TM, Fostering, Adoption", ["TM FOSTERING ADOPTION"]),
    "1.4": ("TM, Fostering & Adoption", ["TM FOSTERING ADOPTION"]),
    "1.5": (
        "Head of Service – Early Help / HoS Early Help",
        ["HOS EARLY HELP"],  # one post written two ways: one role
    ),
    "1.6": ("Virtual School Head, IRO Manager", ["VSH", "IRO MANAGER"]),
    "1.7": ("LADO / Principal Social Worker", ["LADO", "PRINCIPAL SOCIAL WORKER"]),
    "1.8": ("Corporate Parenting Board", ["CORPORATE PARENTING BOARD"]),
    "1.9": ("Borough Commander / Ofsted", ["BOROUGH COMMANDER", "OFSTED"]),
    "1.10": ("Connexions Personal Advisor", ["CONNEXIONS PERSONAL ADVISOR"]),
    "1.11": ("Foster Carers, Ann Nurse", ["FOSTER CARERS", "Ann Nurse"]),
    "1.12": ("AD's HOS'", ["AD", "HOS"]),
    "1.13": ("Head of Access and Inclusion", ["HEAD OF ACCESS AND INCLUSION"]),
}


def _write(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Ref", "Action", "Lead", "Due"])
        for ref, (lead, _) in LEADS.items():
            rows.writerow([ref, f"Action {ref}", lead, "31/03/2027"])


def _owners(store: Store) -> dict[str, list[str]]:
    with store.unit_of_work("local") as uow:
        found = uow.repos.plans.by_slug("fostering")
        assert found is not None
        return {
            a.ref: [owner_name(o) for o in a.owners] for a in uow.repos.actions.in_plan(found.id)
        }


def test_posts_and_bodies_of_real_plans_are_roles(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "fostering_plan.csv"
    _write(plan)
    command = ["import", "actions", str(plan), "--plan", "Fostering"]
    csbot(database.url, command, monkeypatch, tmp_path)
    assert _owners(store) == {ref: names for ref, (_, names) in LEADS.items()}
    with store.unit_of_work("local") as uow:
        assert sorted(uow.session.scalars(select(Person.name))) == ["Ann Nurse"]

    # What the earlier reading made of "C & YP DMT": a person "C" and the roles YP and DMT.
    with store.unit_of_work("local") as uow:
        people = uow.repos.people
        wrong = [
            people.get_or_create_person("C", "c"),
            people.get_or_create_role("YP", "YP"),
            people.get_or_create_role("DMT", "DMT"),
        ]
        found = uow.repos.plans.by_slug("fostering")
        assert found is not None
        (action,) = [a for a in uow.repos.actions.in_plan(found.id) if a.ref == "1.1"]
        set_action_owners(action, wrong)
        uow.commit()
    capsys.readouterr()
    csbot(database.url, command, monkeypatch, tmp_path)
    report = " ".join(capsys.readouterr().out.split())
    assert "in 1 action: 1.1 (C & YP DMT)" in report, report
    assert _owners(store)["1.1"] == ["C YP DMT"]
    with store.unit_of_work("local") as uow:
        assert sorted(uow.session.scalars(select(Person.name))) == ["Ann Nurse"]
