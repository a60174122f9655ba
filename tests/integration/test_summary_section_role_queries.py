"""A summary section names role owners by label (``role_label``) without an extra query for
the workspace's roles: owners and latest updates only (two queries)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event

from commands.summary import section
from storage.unit_of_work import Store
from tests.factories import make_person, make_plan, seeded

ROWS = [
    {"ref": "1.1", "title": "Publish the minutes", "lead": "CLERK", "due": "30 Nov 2015"},
    {"ref": "1.2", "title": "Brief the board", "lead": "Fiona Smith/ DCS", "due": "Nov 2015"},
    {"ref": "1.3", "title": "Agree the strategy", "lead": "CHILDREN TRUST BOARD", "due": "TBC"},
]


def test_section_labels_roles_in_two_queries(store: Store, frozen_now: datetime) -> None:
    with seeded(store) as uow:
        people = uow.repos.people
        people.get_or_create_role("CLERK", "Committee Clerk")
        people.get_or_create_role("DCS", "Director of Children's Services")
        people.get_or_create_role("CHILDREN TRUST BOARD", "Children Trust Board")
        make_person(uow, "Fiona Smith")
        make_plan(uow, "Board Plan", ROWS)
    statements: list[str] = []

    def count(*args: Any) -> None:
        if args[2].lstrip().upper().startswith("SELECT"):
            statements.append(args[2])

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("board-plan")
        assert plan is not None
        actions = list(uow.repos.actions.in_plan(plan.id))
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            shown = section(
                uow.repos, "plans", "Plans", actions, date(2015, 12, 1), note="", more="", empty=""
            )
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
    assert {i.ref: i.owners for i in shown.items} == {
        "1.1": ["Committee Clerk"],
        "1.2": ["Fiona Smith", "DCS"],
        "1.3": ["Children Trust Board"],
    }
    assert len(statements) == 2, statements
