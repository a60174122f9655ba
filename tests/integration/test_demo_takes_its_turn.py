"""``csbot demo`` started while a council's first import runs waits for that import, then
finds the workspace holding the council's data and is refused. Before, it found the workspace
empty before the import had committed, then built the demo on top of the council's plan."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from commands.demo import DemoRefused, build_demo
from commands.importers import import_into
from storage.models import Plan
from storage.unit_of_work import Store

PLAN = "Ref,Action,Lead,Timescale\n1.1,Recruit foster carers,Ann Testsmith,31/03/2027\n"


def test_a_demo_started_during_an_import_waits_and_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    outcome: list[BaseException | str] = []

    def demo() -> None:
        try:
            outcome.append(build_demo(store, "local"))
        except BaseException as exc:  # the test reads it below
            outcome.append(exc)

    with store.unit_of_work("local", actor="import") as uow:
        import_into(uow, "actions", path, plan="Council plan")  # takes the turn first
        building = threading.Thread(target=demo)
        building.start()
        time.sleep(0.5)
        assert building.is_alive() and not outcome  # waiting for the import's turn
        uow.commit()
    building.join(timeout=60)
    [result] = outcome
    assert isinstance(result, DemoRefused), result
    assert "holds data that is not the demo's (1 plan, 1 action, 1 person)" in str(result)
    with store.unit_of_work("local") as uow:
        assert [p.name for p in uow.session.query(Plan)] == ["Council plan"]
