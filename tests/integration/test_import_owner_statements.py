"""Reading the lead cells of an import costs a fixed number of queries, however many distinct
cells and people a file names: the workspace's people, aliases, roles and removed people are
read once, and the people and roles it makes go in together with the import's next flush.

Each file below has the same number of rows; only how many distinct lead cells (and so new
people) they hold differs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from commands.importers import ImportFailed, run_import
from storage.models import (
    Action,
    ActionOwner,
    AgendaItemOwner,
    IndicatorOwner,
    Person,
    PersonAlias,
    RemovedPerson,
    Role,
)
from storage.unit_of_work import Store

FIRST = ["Alex", "Sam", "Robin", "Chris", "Kim", "Pat", "Dana", "Jamie", "Casey", "Morgan"]
LAST = ["Examplewood", "Samplesby", "Testwell", "Fakeley", "Mockford", "Dummett", "Placeholt"]
ROWS = 120


def _name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]}{'ton' * (n // 70)}"


def _cell(n: int) -> str:
    """A distinct lead cell: new people, roles, stored people by other names, one alone."""
    shapes = [
        _name(n),
        f"HOS Fostering / {_name(n)}",
        f"{_name(n)}/ Cllr Waters",
        f"{_name(n)} & Jonathan Abbey with AD",
        f"Jon, {_name(n)}",
        f"{_name(n)}, Bob Brown",
    ]
    return shapes[n % len(shapes)]


def _leads(distinct: int) -> list[str]:
    return [_cell(n % distinct) for n in range(ROWS)]


def _seed(store: Store, workspace: str) -> None:
    """People stored before the import: one with an honorific, one known by another name,
    one removed."""
    store.ensure_workspace(workspace, name=workspace)
    with store.unit_of_work(workspace) as uow:
        ws = uow.workspace_id
        jon = Person(workspace_id=ws, name="Jon Abbey", name_key="jon abbey")
        uow.session.add_all(
            [jon, Person(workspace_id=ws, name="Cllr Ann Waters", name_key="cllr ann waters")]
        )
        uow.session.flush()
        uow.session.add_all(
            [
                PersonAlias(
                    workspace_id=ws,
                    person_id=jon.id,
                    name="Jonathan Abbey",
                    name_key="jonathan abbey",
                ),
                RemovedPerson(
                    workspace_id=ws,
                    name="Bob Brown",
                    name_key="bob brown",
                    removed_by="Test Admin",
                    removed_at=datetime(2026, 1, 2, tzinfo=UTC),
                ),
            ]
        )
        uow.commit()


def _write(tmp_path: Path, kind: str, distinct: int) -> Path:
    leads = _leads(distinct)
    quoted = ['"' + lead.replace('"', '""') + '"' for lead in leads]
    if kind == "actions":
        lines = ["Ref,Action,Lead,Timescale,RAG"]
        lines += [f"{n},Action {n},{q},31/03/2027,Green" for n, q in enumerate(quoted, 1)]
    elif kind == "kpis":
        lines = ["indicator,period,value,target,unit,polarity,owner"]
        lines += [
            f"Indicator {n},2025-26 Q1,{n % 90},80,%,higher,{q}" for n, q in enumerate(quoted)
        ]
    else:
        lines = ["committee,date,time,item,lead,report_due,publication_date,channel"]
        first = date(2027, 1, 4)
        lines += [
            f"Corporate Parenting Advisory Committee,{first + timedelta(weeks=n // 10)},"
            f"18:30,Item {n},{q},,,"
            for n, q in enumerate(quoted)
        ]
    path = tmp_path / f"{kind}_{distinct}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _statements(store: Store, tmp_path: Path, kind: str, distinct: int) -> int:
    """Statements a first import of ``kind`` with ``distinct`` lead cells sends, into a
    workspace of its own. INSERTs count only for an action plan on PostgreSQL: its rows go
    in with one flush there, while the other imports flush as they go (a new indicator, a
    new meeting), so new people go in with whichever flush comes next."""
    workspace = f"{kind}{distinct}"
    _seed(store, workspace)
    path = _write(tmp_path, kind, distinct)
    inserts = store.engine.dialect.name == "postgresql" and kind == "actions"
    sent: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if inserts or not statement.lstrip().upper().startswith("INSERT"):
            sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        report = run_import(store, workspace, kind, path)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert report.created == ROWS
    return len(sent)


@pytest.mark.parametrize("kind", ["actions", "kpis", "meetings"])
def test_more_distinct_lead_cells_send_no_more_statements(
    store: Store, tmp_path: Path, kind: str
) -> None:
    few = _statements(store, tmp_path, kind, ROWS // 4)
    many = _statements(store, tmp_path, kind, ROWS)
    assert many == few, (few, many)
    row = {"actions": ActionOwner, "kpis": IndicatorOwner, "meetings": AgendaItemOwner}[kind]
    with store.unit_of_work(f"{kind}{ROWS}") as uow:
        people = uow.session.scalars(
            select(Person.name).where(Person.workspace_id == uow.workspace_id)
        ).all()
        owners = uow.session.scalar(select(func.count()).select_from(row))
    # Each new name made once, the stored people found by their other names, Bob Brown
    # (removed) not added again.
    assert sorted(people) == sorted({"Jon Abbey", "Cllr Ann Waters", *map(_name, range(ROWS))})
    assert owners


def test_the_owners_read_are_those_each_cell_names(store: Store, tmp_path: Path) -> None:
    _statements(store, tmp_path, "actions", 12)
    with store.unit_of_work("actions12") as uow:
        rows = uow.session.execute(
            select(ActionOwner.position, Person.name, Role.key)
            .join(Action, Action.id == ActionOwner.action_id)
            .outerjoin(Person, Person.id == ActionOwner.person_id)
            .outerjoin(Role, Role.id == ActionOwner.role_id)
            .where(Action.workspace_id == uow.workspace_id, Action.ref == "4")
            .order_by(ActionOwner.position)
        ).all()
        # Action 4's cell: "Chris Examplewood & Jonathan Abbey with AD".
        assert [(r.name, r.key) for r in rows] == [
            ("Chris Examplewood", None),
            ("Jon Abbey", None),
            (None, "AD"),
        ]


def test_a_new_person_named_twice_in_a_cell_owns_once(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "Ref,Action,Lead\n1,One,Alex Examplewood / Alex Examplewood\n2,Two,Alex Examplewood\n",
        encoding="utf-8",
    )
    run_import(store, "local", "actions", path)
    with store.unit_of_work("local") as uow:
        owners = uow.session.scalars(select(ActionOwner.person_id)).all()
        people = uow.session.scalars(select(Person.id)).all()
    assert len(people) == 1 and owners == [people[0], people[0]]


def test_a_refused_file_leaves_nobody_it_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "refused.csv"
    path.write_text(
        "indicator,period,value,unit,owner\n"
        "Indicator alpha,2025-26 Q1,5,%,Alex Examplewood\n"
        "Indicator beta,2025-26 Q1,5,%,HOS Fostering / Sam Samplesby\n"
        "Indicator alpha,2025-26 Q2,7,days,Robin Testwell\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match="row 4"):
        run_import(store, "local", "kpis", path)
    with store.unit_of_work("local") as uow:
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Role)) == 0
