"""No statement the hot paths run reads other workspaces' rows (SQLite's query plans).

Every statement that `/actions mine`, `/actions overdue`, `/kpi`, a pre-meeting summary, a
channel update and the other everyday reads run is explained; none may scan a table (directly,
or to materialise a join), since that reads every workspace's rows to answer one. The
benchmark's 1x/10x figures show the cost; this test names the statement. SQLite's planner
decides the same way at any size here, so a small data set of several workspaces is enough.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.core_scenarios import _msg, pick_subject, run_core_scenarios
from bench.generate import Scale, generate
from commands.core import Core
from commands.jobs.config import DEFAULT_CONFIG
from commands.jobs.planner import digest_reports
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from commands.owners import person_key
from storage.database import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import Store
from tests.factories import link_chat_user, make_person

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


# A person's weekly digest lists the reports they lead (commands.jobs.planner.digest_reports).
# Monday 7 December 2026: Margaret leads one report due this week and one due in March.
DIGEST_NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TZ = "Europe/London"


def _agenda(store: Store, first: date, meetings: int, items: int, lead: str) -> None:
    """``meetings`` weekly meetings from ``first``, each of ``items`` items led by ``lead``
    with a report due the week before."""
    with store.unit_of_work("county", now=DIGEST_NOW) as uow:
        person = uow.repos.people.person_by_key(person_key(lead))
        assert person is not None
        committee, _ = get_or_create_committee(uow.repos, "Corporate Parenting Advisory Committee")
        for week in range(meetings):
            on = first + timedelta(weeks=week)
            meeting, _ = get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
            for n in range(items):
                add_agenda_item(
                    uow.repos, meeting, f"{lead} {n}", lead, on - timedelta(days=7), None, [person]
                )
        uow.commit()


def _digest_cost(store: Store) -> tuple[list[str], int, list[str]]:
    """Margaret's digest reports (titles), the SQLite virtual machine steps their statements
    took, and those statements."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    with store.unit_of_work("county", now=DIGEST_NOW) as uow:
        person = uow.repos.people.person_by_key(person_key("Margaret Gallagher"))
        assert person is not None
        roles = [r.id for r in person.roles]
        raw = uow.session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        event.listen(store.engine, "before_cursor_execute", seen)
        raw.set_progress_handler(step, 1)
        try:
            titles = [
                item.title
                for _, item in digest_reports(
                    uow.repos,
                    DIGEST_NOW,
                    DIGEST_NOW.date(),
                    DEFAULT_CONFIG,
                    person_id=person.id,
                    role_ids=roles,
                )
            ]
        finally:
            raw.set_progress_handler(None, 1)
            event.remove(store.engine, "before_cursor_execute", seen)
    return titles, steps[0], statements


def test_a_digest_reads_the_persons_own_reports_not_the_agenda(tmp_path: Path) -> None:
    """The reports a person's digest lists are found from the items they lead: other people's
    items on the agenda to come add no work (no statistics gathered, as a live database has
    none, so that SQLite's planner decides as it does there)."""
    path = tmp_path / "digest.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    store = Store(engine)
    store.ensure_workspace("county")
    with store.unit_of_work("county", now=DIGEST_NOW) as uow:
        margaret = make_person(uow, "Margaret Gallagher", roles=["IRO"])
        make_person(uow, "Jon Abbey")
        link_chat_user(uow, "slack", "U-MARG", margaret)
        uow.commit()
    _agenda(store, date(2026, 12, 17), 1, 1, "Margaret Gallagher")  # due this week
    _agenda(store, date(2027, 3, 25), 1, 1, "Margaret Gallagher")  # due in March: not listed
    _agenda(store, date(2026, 12, 10), 2, 5, "Jon Abbey")
    titles, small, statements = _digest_cost(store)
    assert titles == ["Margaret Gallagher 0"]
    _agenda(store, date(2027, 1, 7), 40, 10, "Jon Abbey")  # 400 more items to come
    titles, large, statements = _digest_cost(store)
    assert titles == ["Margaret Gallagher 0"]
    assert large <= small * 1.1, (small, large)
    engine.dispose()
    raw = sqlite3.connect(path)
    for sql in statements:
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, _params(sql))]
        assert _whole_table_reads(plan) == [], (sql[:300], plan)
    raw.close()


def _params(sql: str) -> tuple[None, ...]:
    """Placeholders for a statement's parameters (a plan does not depend on their values)."""
    return (None,) * sql.count("?")
