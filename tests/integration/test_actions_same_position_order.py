"""Two actions of a plan can share a position (one added in chat takes the next position, then
a longer file is imported again and numbers its own rows up to past it). Lists put them in the
order they were added, on every database and however their rows were changed since: without a
tie-break, PostgreSQL's order followed where a changed row had moved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select, update

from commands.importers import run_import
from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.helpers import make_chat

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,Ann Testsmith,March 2027,On track
1.2,Audit the PEPs,Ann Testsmith,March 2027,On track
1.3,Review the pathway plans,Ann Testsmith,March 2027,On track
"""


def test_actions_sharing_a_position_are_listed_in_the_order_they_were_added(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    run_import(store, "local", "actions", path, plan="Care plan")
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        ids = {ref: id_ for ref, id_ in s.execute(select(Action.ref, Action.id))}
        s.execute(update(Action).where(Action.ref == "1.3").values(position=2))
        # 1.2 changed after 1.3 was added: on PostgreSQL its row and index entries move on.
        for due in (date(2027, 4, 30), date(2027, 3, 31)):
            s.execute(update(Action).where(Action.ref == "1.2").values(due_date=due))
    with store.unit_of_work("local", actor="test") as uow:
        plan = uow.repos.plans.by_slug("care-plan")
        assert plan is not None
        listed = [a.ref for a in uow.repos.actions.in_plan(plan.id)]
    assert listed == ["1.1", "1.2", "1.3"] and ids["1.2"] < ids["1.3"]
    shown = make_chat(store, FROZEN_NOW).say("/actions plan care-plan")
    assert shown.index("1.2  Audit") < shown.index("1.3  Review"), shown
