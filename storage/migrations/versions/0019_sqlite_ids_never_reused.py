"""SQLite ids are never given twice: every table with an integer id gets AUTOINCREMENT

SQLite gave a new row the highest id left plus one, so a person removed and then another added
got the same id, and ``csbot export audit --entity person --id N`` mixed two people's
histories. With AUTOINCREMENT, SQLite hands out ids past the highest it ever gave (kept in
``sqlite_sequence``). Each counter starts past the highest id the table holds, and past the
highest its audit events name: an id deleted before this revision is not given again either,
as long as its audit events are there. PostgreSQL's sequences never give an id twice: nothing
changes there.

SQLite cannot add AUTOINCREMENT to a table: each one is made again. Not with a batch copy:
the migration runs in one transaction (see ``env.py``), where foreign keys cannot be turned
off, and dropping the old table would delete or unlink every row pointing at it (ON DELETE
CASCADE / SET NULL). Instead every table concerned, and every table pointing at one, is
renamed out of the way first (which points the references at the old tables), made again
under its own name with its definition as it was (columns, constraints, foreign keys), filled
with one INSERT … SELECT, then the old tables are dropped children first (no row points at
them any more) and the indexes made again. Foreign keys stay on throughout, so every row's
links are checked as it is copied.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import re

from alembic import op
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The suffix of a table's old copy while it is rebuilt.
OLD = "__before_0019"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL's sequences never hand out an id twice
    _rebuild(conn)


def downgrade() -> None:
    # Nothing: AUTOINCREMENT is kept. The older code reads and writes such tables as it did,
    # and making every table again to give ids twice would take as long as the upgrade.
    pass


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rebuild(conn: Connection) -> None:
    """Give AUTOINCREMENT to every table with an integer id that lacks it (SQLite)."""

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()]

    tables: dict[str, str] = {
        str(name): str(sql)
        for name, sql in rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
        )
    }
    columns = {t: [str(r[1]) for r in rows(f"PRAGMA table_info({_q(t)})")] for t in tables}
    links = {t: rows(f"PRAGMA foreign_key_list({_q(t)})") for t in tables}
    parents = {t: {str(r[2]) for r in links[t]} for t in tables}
    # Columns pointing into their own table (an update superseded by a later one).
    own = {t: [str(r[3]) for r in links[t] if str(r[2]) == t] for t in tables}
    counted: dict[str, str] = {}  # table -> its integer id column
    for t, sql in tables.items():
        keys = [r for r in rows(f"PRAGMA table_info({_q(t)})") if int(str(r[5])) > 0]
        if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" and not _counts_ids(sql):
            counted[t] = str(keys[0][1])
    if not counted:
        return
    # A table pointing at one renamed would be pointed at the old copy: it is made again too.
    rebuilt = set(counted)
    while grown := {t for t in tables if t not in rebuilt and parents[t] & rebuilt}:
        rebuilt |= grown
    order = _parents_first(rebuilt, parents)
    named = rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join(_sql_text(t) for t in sorted(rebuilt))}) ORDER BY name"
    )
    seeds = _highest_ids(conn, rebuilt)
    definitions = {t: _with_autoincrement(t, tables[t], counted.get(t)) for t in order}

    # The indexes are made again once the rows are in (quicker than kept up row by row); the
    # indexes of UNIQUE constraints come with the tables.
    for index, _ in named:
        conn.exec_driver_sql(f"DROP INDEX {_q(str(index))}")
    for t in order:
        conn.exec_driver_sql(f"ALTER TABLE {_q(t)} RENAME TO {_q(t + OLD)}")
    for t in order:
        conn.exec_driver_sql(definitions[t])
    for t in order:
        _copy_rows(conn, t, columns[t], counted.get(t), own[t])
    for t in reversed(order):
        # Dropping a table deletes its rows first, and with foreign keys on each row deleted
        # looks for the rows of its own table pointing at it: without an index, a scan of
        # the table per row (a million updates took longer than ten minutes, not seconds).
        for column in own[t]:
            conn.exec_driver_sql(
                f"CREATE INDEX {_q(f'ix_{t}{OLD}_{column}')} ON {_q(t + OLD)} ({_q(column)})"
            )
        conn.exec_driver_sql(f"DROP TABLE {_q(t + OLD)}")
    for _, definition in named:
        conn.exec_driver_sql(str(definition))
    counting = set(counted) | {t for t in rebuilt if _counts_ids(tables[t])}
    for t, highest in seeds.items():
        if t in counting and highest > 0:
            conn.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?",
                (highest, t, highest),
            )
            conn.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                (t, highest, t),
            )


def _counts_ids(sql: str) -> bool:
    """True when a CREATE TABLE gives its id AUTOINCREMENT."""
    return re.search(r"\bAUTOINCREMENT\b", sql, re.IGNORECASE) is not None


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _parents_first(tables: set[str], parents: dict[str, set[str]]) -> list[str]:
    """``tables`` with every table after the ones it points at (itself aside)."""
    order: list[str] = []
    left = sorted(tables)
    while left:
        ready = [t for t in left if not (parents[t] & set(left)) - {t}]
        if not ready:
            raise RuntimeError(f"tables point at each other in a circle: {', '.join(left)}")
        order += ready
        left = [t for t in left if t not in ready]
    return order


def _highest_ids(conn: Connection, tables: set[str]) -> dict[str, int]:
    """The highest id each table has given as far as can be known: a counter it already
    has, and the ids its audit events name (the rows' own ids are counted on copying)."""
    found: dict[str, int] = {}

    def keep(name: object, value: object) -> None:
        if name in tables and value is not None:
            found[str(name)] = max(found.get(str(name), 0), int(str(value)))

    have = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
        "('sqlite_sequence', 'audit_event')"
    ).scalars()
    present = set(have)
    if "sqlite_sequence" in present:
        for name, seq in conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence"):
            keep(name, seq)
    if "audit_event" in present:
        for name, highest in conn.exec_driver_sql(
            "SELECT entity, max(entity_id) FROM audit_event GROUP BY entity"
        ):
            keep(name, highest)
    return found


def _with_autoincrement(table: str, sql: str, key: str | None) -> str:
    """The table's CREATE TABLE as SQLAlchemy writes it for ``sqlite_autoincrement``: the id
    column ``PRIMARY KEY AUTOINCREMENT``, with no table-level primary key beside it."""
    if key is None:
        return sql
    name = rf'(?:{re.escape(key)}|"{re.escape(key)}")'
    sql, found_column = re.subn(
        rf"([(,]\s*{name}\s+INTEGER\s+NOT\s+NULL)(?=\s*,)",
        r"\1 PRIMARY KEY AUTOINCREMENT",
        sql,
        count=1,
        flags=re.IGNORECASE,
    )
    sql, found_key = re.subn(
        rf",\s*(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(\s*{name}\s*\)",
        "",
        sql,
        flags=re.IGNORECASE,
    )
    if found_column != 1 or found_key != 1:
        raise RuntimeError(
            f"table {table} is not defined as csbot made it (its id column or primary key "
            "differs): it was left as it was"
        )
    return sql


def _copy_rows(
    conn: Connection, table: str, columns: list[str], key: str | None, own: list[str]
) -> None:
    """Copy the old table's rows into the new one with one INSERT … SELECT. The columns
    pointing into the same table (``own``) are set afterwards, once every row they may name is
    there."""
    old = _q(table + OLD)
    listed = ", ".join(_q(c) for c in columns)
    chosen = ", ".join("NULL" if c in own else _q(c) for c in columns)
    try:
        conn.exec_driver_sql(f"INSERT INTO {_q(table)} ({listed}) SELECT {chosen} FROM {old}")
        for column in own:
            row_key = key or "rowid"
            conn.exec_driver_sql(
                f"UPDATE {_q(table)} SET {_q(column)} = (SELECT o.{_q(column)} FROM {old} AS o "
                f"WHERE o.{_q(row_key)} = {_q(table)}.{_q(row_key)}) "
                f"WHERE {_q(row_key)} IN (SELECT {_q(row_key)} FROM {old} "
                f"WHERE {_q(column)} IS NOT NULL)"
            )
    except IntegrityError as exc:
        raise RuntimeError(
            f"table {table} has rows pointing at rows that are not there (see PRAGMA "
            "foreign_key_check): the database was left as it was"
        ) from exc
