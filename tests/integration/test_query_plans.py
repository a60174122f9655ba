"""No statement the hot paths run reads other workspaces' rows (SQLite's query plans).

Every statement that `/actions mine`, `/actions overdue`, `/kpi`, a pre-meeting summary, a
channel update and the other everyday reads run is explained; none may scan a table (directly,
or to materialise a join), since that reads every workspace's rows to answer one. The
benchmark's 1x/10x figures show the cost; this test names the statement. SQLite's planner
decides the same way at any size here, so a small data set of several workspaces is enough.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.core_scenarios import _msg, pick_subject, run_core_scenarios
from bench.generate import Scale, generate
from commands.core import Core
from storage.database import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import Store

SMALL = Scale(
    workspaces=4,
    actions=400,
    updates=2000,
    kpi_values=160,
    meetings=16,
    people_per_workspace=10,
    plans_per_workspace=2,
    indicators_per_workspace=4,
)

# Beyond the benchmark's scenarios: the other everyday reads.
MORE_COMMANDS = (
    "/actions mine overdue",
    "/actions overdue",
    "/actions show 1.1",
    "/actions search bench",
    "/kpi list",
    "/kpi red",
    "/kpi personal education plans",
    "/meeting next",
    "/meeting agenda",
    "/meeting actions",
    "whoami",
)


def _whole_table_reads(plan: list[str]) -> list[str]:
    """The steps that scan a table (scanning a subquery's few rows, or a constant, is fine:
    the subquery's own steps are checked as well)."""
    return [
        step
        for step in plan
        if step.startswith("SCAN ")
        and not step.removeprefix("SCAN ").startswith(("anon_", "(", "CONSTANT ROW", "subquery"))
    ]


def test_hot_statements_read_only_their_workspace(tmp_path: Path) -> None:
    path = tmp_path / "plans.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    generate(engine, SMALL, today=date(2026, 11, 22))
    store = Store(engine)
    statements: dict[str, Any] = {}

    def seen(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE")):
            statements.setdefault(statement, params)

    subject = pick_subject(store)
    event.listen(engine, "before_cursor_execute", seen)
    core = Core(store)
    run_core_scenarios(core, subject, 2)
    for text in MORE_COMMANDS:
        core.handle(_msg(subject), text)
    # A channel message edited, deleted, then edited again late (each finds the message's
    # updates by channel and message).
    message = _msg(subject, channel=subject.channel_id, message_id="1790000000.000100")
    core.handle(message, "1.1: plan checked #on-track")
    core.handle_edit(message, "1.1: plan checked twice #at-risk")
    core.handle_delete(message)
    core.handle_edit(message, "1.1: plan checked late #off-track")
    event.remove(engine, "before_cursor_execute", seen)
    engine.dispose()

    assert len(statements) >= 10
    raw = sqlite3.connect(path)
    offenders = {}
    for sql, params in statements.items():
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
        if _whole_table_reads(plan):
            offenders[sql[:300]] = plan
    raw.close()
    assert offenders == {}
