"""Taking a database back through the migrations, one at a time, loses no row of a table the
older schema keeps, and no link between rows (a foreign key set NULL): on SQLite a migration
that copies a table to change it would, with foreign keys on, delete or unlink every row
pointing at the table it drops. Upgrading again brings the database back to the code's head."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text

from storage import migrate
from storage.database import make_engine
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,Ann Testsmith,March 2027,On track
1.2,Review placement stability,HOS,June 2027,At risk
"""
KPIS = """indicator,slug,name,period,value,target,unit,polarity,owner
PEPs,pep,Up-to-date PEPs,Sep 2026,62,90,%,higher,Ann Testsmith
PEPs,pep,Up-to-date PEPs,Oct 2026,64,90,%,higher,Ann Testsmith
"""
SOON = date.today() + timedelta(days=60)
AGENDA = (
    "committee,date,time,item,lead\n"
    f"Corporate Parenting Board,{SOON},18:00,Fostering update,Ann Testsmith\n"
)
# Every revision, newest first (0001's downgrade drops every table: not taken).
REVISIONS = [f"{n:04d}" for n in range(int(migrate.HEAD_REVISION), 0, -1)]


def _populate(database: Database, home: Path) -> None:
    for kind, name, body, *options in (
        ("actions", "plan.csv", PLAN, "--plan", "Care plan"),
        ("kpis", "kpis.csv", KPIS),
        ("meetings", "agenda.csv", AGENDA),
    ):
        path = home / name
        path.write_text(body, encoding="utf-8")
        done = run_cli(database.url, home, "import", kind, str(path), *options)
        assert done.returncode == 0, done.stdout + done.stderr
    for said in ("/actions update 1.1 two carers approved", "/actions update 1.1 three approved"):
        done = run_cli(database.url, home, "say", said)
        assert done.returncode == 0, done.stdout + done.stderr


def _counts(engine: Engine) -> dict[str, int]:
    """Rows per table, and set values per foreign-key column (``table.column``)."""
    found: dict[str, int] = {}
    schema = inspect(engine)
    with engine.connect() as conn:
        for table in schema.get_table_names():
            if table == "alembic_version":
                continue
            found[table] = int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            for key in schema.get_foreign_keys(table):
                for column in key["constrained_columns"]:
                    sql = f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL'
                    found[f"{table}.{column}"] = int(conn.execute(text(sql)).scalar_one())
    return found


def test_each_downgrade_keeps_the_rows_and_links_of_the_tables_it_keeps(
    database: Database, tmp_path: Path
) -> None:
    _populate(database, tmp_path)
    engine = make_engine(database.url)
    try:
        with engine.begin() as conn:
            # A superseded update (as an edited message leaves it): a link within one table.
            conn.execute(
                text(
                    "UPDATE action_update SET superseded_by_id = "
                    "(SELECT max(id) FROM action_update) "
                    "WHERE id = (SELECT min(id) FROM action_update)"
                )
            )
        before = _counts(engine)
        assert before["action_update.superseded_by_id"] == 1
        assert before["indicator_value"] == 2 and before["agenda_item_owner"] >= 1
        for revision in REVISIONS[1:]:
            command.downgrade(migrate.alembic_config(engine), revision)
            now = _counts(engine)
            lost = {k: (before[k], v) for k, v in now.items() if k in before and v < before[k]}
            assert lost == {}, f"downgrading to {revision} lost rows or links: {lost}"
    finally:
        migrate.upgrade(engine)  # never leave the database behind the code
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
        engine.dispose()
    after = _counts(engine)
    assert {k: v for k, v in after.items() if k in before} == before
