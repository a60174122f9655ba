"""Migration 0019 gives every SQLite table with an integer id AUTOINCREMENT, so an id deleted
is never given again. SQLite can add it only by making each table again: this guards that a
database holding data comes through `csbot db upgrade` with every row, link, index,
constraint and foreign-key action as it was, and that the highest id ever given (a person
removed before the upgrade, as the audit trail names them) is not given again afterwards.
Before 0019, a new person got the removed person's id. (SQLite only: the revision changes
nothing on PostgreSQL, whose sequences never give an id twice.)"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import JSON, Engine, Integer, func, select, text

from commands.demo import build_demo
from storage import migrate
from storage.database import make_engine
from storage.models import Base, Person
from storage.unit_of_work import Store
from tests.helpers import make_chat, run_cli

BEFORE = "0018"
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in key order, with whether each JSON value is SQL NULL."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            flags = [c.is_(None) for c in table.columns if isinstance(c.type, JSON)]
            query = select(table, *flags).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in conn.execute(query)]
    return out


def _schema(engine: Engine) -> dict[str, Any]:
    """Each table's columns (the primary key aside), foreign keys with their actions,
    indexes with their columns, and the definitions of the indexes made by name."""
    found: dict[str, Any] = {}
    with engine.connect() as conn:

        def pragma(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in conn.exec_driver_sql(sql)]

        for table in Base.metadata.sorted_tables:
            name = table.name
            found[f"{name} columns"] = [r[1:5] for r in pragma(f'PRAGMA table_info("{name}")')]
            found[f"{name} keys"] = sorted(
                r[2:] for r in pragma(f'PRAGMA foreign_key_list("{name}")')
            )
            indexes = {}
            for _, index, unique, origin, partial in pragma(f'PRAGMA index_list("{name}")'):
                columns = [r[2] for r in pragma(f'PRAGMA index_info("{index}")')]
                # SQLite names the indexes of UNIQUE constraints by position: not compared.
                key = index if origin == "c" else f"{origin}:{','.join(columns)}"
                indexes[key] = (unique, partial, columns)
            found[f"{name} indexes"] = indexes
        found["index definitions"] = pragma(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name"
        )
    return found


def _say(url: str, home: Path, said: str) -> str:
    done = run_cli(url, home, "say", said)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_upgrade_keeps_every_row_and_link_and_gives_no_id_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'council.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine, BEFORE)
    store = Store(engine)
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    assert "New person added: Temp Leaver." in chat.say("grant CLERK to new Temp Leaver")
    chat.say("revoke CLERK from Temp Leaver")
    assert "Removed Temp Leaver." in chat.say("remove Temp Leaver")
    with engine.begin() as conn:
        # A superseded update (as an edited message leaves it): a link within one table.
        conn.execute(
            text(
                "UPDATE action_update SET superseded_by_id = (SELECT max(id) FROM action_update) "
                "WHERE id = (SELECT min(id) FROM action_update)"
            )
        )
        named: dict[str, int] = dict(
            conn.execute(
                text("SELECT entity, max(entity_id) FROM audit_event GROUP BY entity")
            ).all()
        )
        leaver = named["person"]
        assert leaver > conn.execute(select(func.max(Person.id))).scalar_one()
    rows, schema = _dump(engine), _schema(engine)
    assert rows["action_update"] and rows["person_role"] and rows["indicator_value"]
    engine.dispose()

    done = run_cli(url, tmp_path, "db", "upgrade")
    assert (done.returncode, done.stdout.strip()) == (0, "Database is at revision 0019."), (
        done.stdout + done.stderr
    )

    engine = make_engine(url)
    assert migrate.current_revision(engine) == migrate.HEAD_REVISION
    assert _dump(engine) == rows
    assert _schema(engine) == schema
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        tables: dict[str, str] = dict(
            conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
        )
        sequence: dict[str, int] = dict(
            conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all()
        )
        for table in Base.metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            if len(keys) == 1 and isinstance(keys[0].type, Integer):
                assert "AUTOINCREMENT" in tables[table.name], table.name
                # Past the rows left, and past every id the audit trail names.
                highest = max([row[0] for row in rows[table.name]] + [named.get(table.name, 0)])
                assert sequence.get(table.name, 0) == highest, table.name
        assert sequence["person"] == leaver  # the removed person's id, not the highest left
    engine.dispose()

    assert "New person added: Other Newcomer." in _say(
        url, tmp_path, "grant CLERK to new Other Newcomer"
    )
    engine = make_engine(url)
    with engine.connect() as conn:
        newcomer = conn.execute(select(Person.id).where(Person.name == "Other Newcomer")).scalar()
    engine.dispose()
    assert newcomer == leaver + 1
    history = run_cli(
        url, tmp_path, "export", "audit", "-", "--entity", "person", "--id", str(leaver)
    )
    assert history.returncode == 0, history.stderr
    assert "Temp Leaver" in history.stdout and "Other Newcomer" not in history.stdout


def test_a_database_made_at_this_revision_has_nothing_left_to_rebuild(tmp_path: Path) -> None:
    """Upgrading again (a downgrade keeps AUTOINCREMENT) finds every table done and changes
    nothing."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    schema = _schema(engine)
    command.downgrade(migrate.alembic_config(engine), BEFORE)
    migrate.upgrade(engine)
    assert _schema(engine) == schema
    engine.dispose()
