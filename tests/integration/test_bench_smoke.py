"""The benchmark's generator and core scenarios run (at a tiny scale) on both backends."""

from __future__ import annotations

from datetime import date

from bench.core_scenarios import pick_subject, run_core_scenarios
from bench.generate import Scale, count_rows, generate
from commands.core import Core
from storage.database import make_engine
from storage.unit_of_work import Store
from tests.conftest import Database


def test_generate_and_time_core_scenarios(database: Database) -> None:
    engine = make_engine(database.url)
    scale = Scale(
        workspaces=2,
        actions=120,
        updates=600,
        kpi_values=80,
        meetings=8,
        people_per_workspace=10,
        plans_per_workspace=2,
        indicators_per_workspace=4,
    )
    generate(engine, scale, today=date(2026, 11, 22))
    rows = count_rows(engine)
    assert rows == {
        "workspace": 2,
        "action": 120,
        "action_update": 600,
        "indicator_value": 80,
        "meeting": 8,
    }
    store = Store(engine)
    subject = pick_subject(store)
    results = run_core_scenarios(Core(store), subject, 3)
    assert {"actions_mine", "actions_overdue", "kpi", "summary", "ingest"} <= set(results)
    assert all(r.n >= 3 and r.p50_ms > 0 for r in results.values())
    # Ingest is durable: each timed update is a committed row.
    assert count_rows(engine)["action_update"] >= 600 + results["ingest"].n
    engine.dispose()
