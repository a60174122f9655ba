"""Owners replaced (``x.owners = [...]``) leave an audit entry for each owner removed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event, select

from commands.owner_store import owner_rows, resolve_owners, set_action_owners
from storage.models import AuditEvent, IndicatorOwner
from storage.unit_of_work import Store
from tests.factories import add_monthly_indicator, leeds_world, make_person, seeded
from tests.helpers import make_chat


def _owner_events(store: Store, entity: str) -> list[AuditEvent]:
    with store.unit_of_work("local") as uow:
        rows = list(
            uow.session.scalars(
                select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
            )
        )
        uow.session.expunge_all()
        return rows


def test_assigning_an_action_audits_the_owner_removed(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action = uow.repos.actions.by_ref("2.4", plan.id)[0]
        action_id = action.id
        [old] = action.owners
        old_row = {"id": old.id, "person_id": old.person_id, "role_id": old.role_id}
        jackie = uow.repos.people.person_by_key("jackie wilson")
        sally = uow.repos.people.person_by_key("sally threlfall")
        assert jackie is not None and sally is not None
        assert old.person_id == jackie.id
        sally_id, jackie_id = sally.id, jackie.id
    chat = make_chat(store, frozen_now)
    reply = chat.say("/actions assign 2.4 Sally Threlfall")
    assert "was Jackie Wilson" in reply, reply
    changes = [
        (e.change, e.entity_id, e.actor)
        for e in _owner_events(store, "action_owner")
        if e.actor != "test"
    ]
    deleted = [e for e in _owner_events(store, "action_owner") if e.change == "delete"]
    assert len(deleted) == 1, changes
    [gone] = deleted
    assert gone.entity_id == old_row["id"] and gone.after is None
    assert gone.before is not None
    assert {k: gone.before[k] for k in ("id", "action_id", "person_id", "role_id")} == {
        **old_row,
        "action_id": action_id,
    }
    assert gone.actor == next(c[2] for c in changes if c[0] == "create")
    created = [e for e in _owner_events(store, "action_owner") if e.actor == gone.actor]
    assert [(e.change, (e.after or e.before or {}).get("person_id")) for e in created] == [
        ("create", sally_id),
        ("delete", jackie_id),
    ]


def test_replacing_indicator_owners_audits_each_removed_owner_without_extra_queries(
    store: Store,
) -> None:
    with seeded(store) as uow:
        people = [make_person(uow, n) for n in ("Ann Example", "Bea Example", "Cal Example")]
        indicator = add_monthly_indicator(uow, "pep", "PEPs", [], target=90)
        indicator.owners = owner_rows(people[:2], IndicatorOwner)
        first_two = {p.id for p in people[:2]}
    with store.unit_of_work("local", actor="qa") as uow:
        indicator = uow.repos.indicators.by_slug("pep")
        assert indicator is not None
        removed = sorted(o.id for o in indicator.owners)
        # The flush that removes them reads nothing from the database to audit them.
        statements: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement.split()[0].upper())

        indicator.owners = owner_rows(resolve_owners(uow.repos, "Cal Example"), IndicatorOwner)
        event.listen(uow.session.get_bind(), "before_cursor_execute", record)
        try:
            uow.session.flush()
        finally:
            event.remove(uow.session.get_bind(), "before_cursor_execute", record)
        assert "SELECT" not in statements, statements
        uow.commit()
    events = [e for e in _owner_events(store, "indicator_owner") if e.actor == "qa"]
    assert sorted(e.entity_id for e in events if e.change == "delete") == removed
    assert [e.change for e in events].count("create") == 1
    for e in events:
        if e.change == "delete":
            assert e.before is not None and e.before["person_id"] in first_two
            assert e.after is None


def test_set_action_owners_is_audited_as_a_flush(store: Store) -> None:
    leeds_world(store)
    with store.unit_of_work("local", actor="qa") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action = uow.repos.actions.by_ref("1.1", plan.id)[0]  # owned by the CX role
        set_action_owners(action, resolve_owners(uow.repos, "HOS/Fiona Smith"))
        uow.commit()
    events = [e for e in _owner_events(store, "action_owner") if e.actor == "qa"]
    assert sorted(e.change for e in events) == ["create", "create", "delete"]
