"""An agenda (forward plan) file is imported again and again with the same lead cells. A
hand-over made in chat since (``/actions handover Ann Testsmith to Bob Testjones``) stands:
re-importing the file, or next month's version with the same lead cells, does not put the
old lead back. A file whose lead cell changed since its last import still sets the lead it
names. An action plan re-imported keeps the hand-over of its actions too. Upgrading a
database keeps its agenda items and their leads; their next import records the lead cell."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage import migrate
from storage.database import make_engine
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,Ann Testsmith,March 2027,On track
"""
# Meetings to come (a hand-over moves the items of those only), whenever the test runs.
FIRST = date.today() + timedelta(days=60)
SECOND = FIRST + timedelta(days=28)
HEAD = "committee,date,time,item,lead\n"
AGENDA = (
    HEAD
    + f"Corporate Parenting Board,{FIRST},18:00,Fostering update,Ann Testsmith\n"
    + f"Corporate Parenting Board,{FIRST},18:00,Care leavers offer,Cara Testlee\n"
)
NEXT_MONTH = AGENDA + f"Corporate Parenting Board,{SECOND},18:00,Virtual school,Cara Testlee\n"
NEW_LEAD = NEXT_MONTH.replace("Ann Testsmith", "Dan Testwood")


class _Csbot:
    """``csbot`` run against the test's database (see run_cli)."""

    def __init__(self, database: Database, home: Path) -> None:
        self.url = database.url
        self.home = home

    def __call__(self, *args: str) -> str:
        done = run_cli(self.url, self.home, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def imported(self, kind: str, name: str, text: str, *options: str) -> str:
        """Write ``text`` to a file ``name`` and ``csbot import`` it."""
        path = self.home / name
        path.write_text(text, encoding="utf-8")
        return self("import", kind, str(path), *options)

    def agenda(self) -> str:
        return self("say", f"/meeting agenda CPB {FIRST}")


def test_a_reimport_keeps_a_hand_over_made_in_chat(database: Database, tmp_path: Path) -> None:
    csbot = _Csbot(database, tmp_path)
    imported, agenda = csbot.imported, csbot.agenda
    imported("actions", "plan.csv", PLAN, "--plan", "Care plan")
    imported("meetings", "agenda.csv", AGENDA)
    assert "Fostering update — Ann Testsmith" in agenda()

    handed = csbot("say", "/actions handover Ann Testsmith to new Bob Testjones")
    assert "1 outstanding action" in handed and "1 agenda item" in handed, handed
    assert "Fostering update — Bob Testjones" in agenda()

    again = imported("meetings", "agenda.csv", AGENDA)
    assert "0 changed" in again and "Nothing changed." in again, again
    next_month = imported("meetings", "next-month.csv", NEXT_MONTH)
    assert "1 new, 0 changed, 2 unchanged" in next_month, next_month
    shown = agenda()
    assert "Fostering update — Bob Testjones" in shown and "Ann Testsmith" not in shown, shown
    assert "Care leavers offer — Cara Testlee" in shown

    plan = imported("actions", "plan.csv", PLAN, "--plan", "Care plan")
    assert "Nothing changed." in plan, plan
    assert "Owners: Bob Testjones" in csbot("say", "/actions show care-plan:1.1")

    changed = imported("meetings", "new-lead.csv", NEW_LEAD)
    assert "0 new, 1 changed, 2 unchanged" in changed, changed
    assert "Fostering update — Dan Testwood" in agenda()
    new_owner = imported(
        "actions", "plan.csv", PLAN.replace("Ann Testsmith", "Dan Testwood"), "--plan", "Care plan"
    )
    assert "1 changed" in new_owner, new_owner
    assert "Owners: Dan Testwood" in csbot("say", "/actions show care-plan:1.1")


def _leads(url: str) -> list[tuple[str, str | None, int]]:
    """Each agenda item's lead, the lead cell its last import read, and its owner rows."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.lead_text, i.imported_lead_text, COUNT(o.id) FROM agenda_item i "
                "LEFT JOIN agenda_item_owner o ON o.agenda_item_id = i.id "
                "GROUP BY i.id, i.lead_text, i.imported_lead_text ORDER BY i.position"
            )
        ).all()
    engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows]


def test_an_upgraded_database_keeps_its_items_and_their_next_import_keeps_a_hand_over(
    database: Database, tmp_path: Path
) -> None:
    csbot = _Csbot(database, tmp_path)
    csbot.imported("meetings", "agenda.csv", AGENDA)
    engine = make_engine(database.url)
    try:
        # As a database upgraded from 0010 holds them: no lead cell kept.
        command.downgrade(migrate.alembic_config(engine), "0010")
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    finally:
        migrate.upgrade(engine)  # never leave the database behind the code
        engine.dispose()
    assert _leads(database.url) == [("Ann Testsmith", None, 1), ("Cara Testlee", None, 1)]

    again = csbot.imported("meetings", "agenda.csv", AGENDA)
    assert "Nothing changed." in again, again
    assert _leads(database.url) == [
        ("Ann Testsmith", "Ann Testsmith", 1),
        ("Cara Testlee", "Cara Testlee", 1),
    ]
    csbot("say", "/actions handover Ann Testsmith to new Bob Testjones")
    csbot.imported("meetings", "agenda.csv", AGENDA)
    assert "Fostering update — Bob Testjones" in csbot.agenda()
