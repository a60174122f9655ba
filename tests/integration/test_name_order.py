"""Lists of plans, people and committees are in the order people read names in, on both
backends alike: case and accents do not move a name (SQLite compares bytes, so "Écoles" came
after "zebra" and "adam" after "Zoë"; PostgreSQL follows its database's collation)."""

from __future__ import annotations

from commands.meeting_store import get_or_create_committee
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import make_person, make_plan, seeded
from tests.helpers import make_chat


def test_plans_people_and_committees_are_listed_as_people_read_names(store: Store) -> None:
    with seeded(store) as uow:
        for name in ("zebra plan", "Écoles Plan", "Alpha Plan"):
            make_plan(uow, name)
        for name in ("Zoë Adams", "adam Smith", "Élodie Brown", "Dan Jones"):
            make_person(uow, name, roles=["HOS"])
        for name in ("zeta panel", "Écoles Forum", "Alpha Board"):
            get_or_create_committee(uow.repos, name)

    said = make_chat(store, FROZEN_NOW).say("/actions plan")
    listed = "Alpha Plan (alpha-plan), Écoles Plan (ecoles-plan), zebra plan (zebra-plan)."
    assert f"there are 3: {listed}" in " ".join(said.split())
    with store.unit_of_work("local") as uow:
        people = [p.name for p in uow.repos.people.all_people()]
        role = uow.repos.people.role_by_key("HOS")
        assert role is not None
        holders = [p.name for p in uow.repos.people.holders(role.id)]
        committees = [c.name for c in uow.repos.meetings.committees()]
    assert people == holders == ["adam Smith", "Dan Jones", "Élodie Brown", "Zoë Adams"]
    assert committees == ["Alpha Board", "Écoles Forum", "zeta panel"]
