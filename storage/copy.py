"""Copy a whole csbot database into an empty one: from SQLite to PostgreSQL when a council
outgrows one machine, or from either into a SQLite file (a copy to keep or to try things on).

The source is read in one consistent snapshot, and the target is written in one transaction:
it ends up with all of the data or none of it. Ids are kept, because audit events, scheduled
posts and Slack's stored ids name them; each table's id counter in the target (PostgreSQL's
sequence, SQLite's ``sqlite_sequence``) then starts past the highest id the source ever gave,
not only past the rows left, so that an id deleted before the copy is not given again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Table,
    bindparam,
    func,
    inspect,
    literal,
    select,
    text,
    update,
)

from storage.migrate import HEAD_REVISION, current_revision, refuse_unknown, upgrade
from storage.models import Base

BATCH_ROWS = 2000


class CopyRefused(Exception):
    """The copy could not be made; the message says why. The target holds no data from it."""


@dataclass(frozen=True)
class CopyReport:
    """What was copied: the schema revision, and the rows of each table in copying order."""

    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows copied, all tables together."""
        return sum(self.rows.values())


def same_database(a: Engine, b: Engine) -> bool:
    """True when the two engines name the same database (the same SQLite file, or the same
    PostgreSQL server, database and options such as a ``search_path``)."""
    ua, ub = a.url, b.url
    if ua.get_backend_name() != ub.get_backend_name():
        return False
    if ua.get_backend_name() == "sqlite":
        files = [u.database for u in (ua, ub)]
        if any(not f or f == ":memory:" for f in files):
            return False
        return Path(files[0] or "").resolve() == Path(files[1] or "").resolve()

    def place(u: Any) -> tuple[object, ...]:
        return (u.host or "localhost", u.port or 5432, u.database, u.query.get("options"))

    return place(ua) == place(ub)


def copy_database(
    source: Engine,
    target: Engine,
    *,
    batch: int = BATCH_ROWS,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of ``source`` (a csbot database at the newest revision) into
    ``target``, which must hold no csbot data; ``target`` is migrated first. ``progress`` is
    told each table's name and row count before the table is copied."""
    if same_database(source, target):
        raise CopyRefused("the target is the database being copied")
    revision = check_source(source)
    refuse_unknown(current_revision(target))
    _refuse_data(target)  # before migrating it: a database holding data is left untouched
    upgrade(target)
    tables = Base.metadata.sorted_tables
    with _snapshot(source) as src, target.begin() as dst:
        _hold(dst)
        _refuse_data(target, dst)  # again, once no other copy can be writing
        counts = {t.name: _count(src, t) for t in tables}
        given = _ids_given(src, tables)
        rows: dict[str, int] = {}
        for table in tables:
            if progress is not None:
                progress(table.name, counts[table.name])
            rows[table.name] = _copy_table(src, dst, table, batch)
        _move_counters(dst, tables, given)
        wrong = [t.name for t in tables if _count(dst, t) != counts[t.name]]
        if wrong or rows != counts:
            raise CopyRefused(f"the copy of {', '.join(wrong) or 'a table'} did not add up")
    return CopyReport(revision, rows)


def check_source(source: Engine) -> str:
    """The revision of the database to copy; CopyRefused when it cannot be copied as it is
    (no csbot tables, or an older revision than this csbot writes)."""
    revision = current_revision(source)
    refuse_unknown(revision)
    if revision is None:
        raise CopyRefused("the database being copied has no csbot tables: nothing to copy")
    if revision != HEAD_REVISION:
        raise CopyRefused(
            f"the database being copied is at revision {revision}, this csbot writes "
            f"{HEAD_REVISION}: run `csbot db upgrade` on it first"
        )
    return revision


# The key of the PostgreSQL advisory lock a copy holds on its target ("csbot copy" in ASCII).
COPY_LOCK_KEY = 0x63736B6F7079


def _hold(dst: Connection) -> None:
    """Make a second copy into the same target wait for this one (and then find it full)."""
    if dst.dialect.name == "postgresql":
        dst.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": COPY_LOCK_KEY})
    else:
        dst.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's write lock, held to the commit


# What a workspace made and left empty holds: its row and the audit of its creation.
_EMPTY_WORKSPACE_TABLES = frozenset({"workspace", "audit_event"})


def _refuse_data(engine: Engine, conn: Connection | None = None) -> None:
    """Raise CopyRefused when any of csbot's tables in the database holds a row."""

    def held(c: Connection) -> list[str]:
        present = set(inspect(c).get_table_names())
        return [
            t.name
            for t in Base.metadata.sorted_tables
            if t.name in present and c.execute(select(literal(1)).select_from(t).limit(1)).first()
        ]

    def keys(c: Connection) -> list[str]:
        table = Base.metadata.tables["workspace"]
        return [str(k) for k in c.execute(select(table.c.key).order_by(table.c.key)).scalars()]

    if conn is not None:
        names = held(conn)
        workspaces = keys(conn) if "workspace" in names else []
    else:
        with engine.connect() as c:
            names = held(c)
            workspaces = keys(c) if "workspace" in names else []
    if names and set(names) <= _EMPTY_WORKSPACE_TABLES:
        # A workspace a command made when it was run against the target (`csbot say whoami`
        # to check the new database): nothing in it, but a copy must not merge into it.
        listed = ", ".join(f"“{k}”" for k in workspaces[:4])
        first = workspaces[0] if workspaces else "local"
        raise CopyRefused(
            f"the target holds an empty workspace ({listed}), made when a csbot command was "
            "run against it: copy only into an empty database. If it holds nothing you need, "
            f"delete it with DATABASE_URL set to the target: `csbot db delete-workspace {first}"
            f" --confirm {first}`, then copy again"
        )
    if names:
        raise CopyRefused(
            f"the target already holds csbot data (in {', '.join(names[:4])}"
            + (", …" if len(names) > 4 else "")
            + "): copy only into an empty database"
        )


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads one consistent state of the database, whatever is written
    meanwhile (PostgreSQL: a repeatable-read transaction; SQLite: one read transaction)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
            return
        # Python's sqlite3 opens a transaction only before a write; without one each SELECT
        # would read the file as it is at that moment.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _writer(table: Table) -> Table:
    """``table`` as the copy writes it: a JSON column stores Python ``None`` as SQL NULL, so
    that SQL NULL and JSON ``null`` are each copied as what they are (see ``_copy_table``)."""
    columns = [
        Column(c.name, JSON(none_as_null=True) if isinstance(c.type, JSON) else c.type)
        for c in table.columns
    ]
    return Table(table.name, MetaData(), *columns)


def _copy_table(src: Connection, dst: Connection, table: Table, batch: int) -> int:
    """Copy one table's rows in primary-key order; the number copied."""
    writer = _writer(table)
    keys = list(table.primary_key.columns)
    json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
    # A column pointing into its own table (an update superseded by a later one) is written
    # once every row is there: the row it names may come later in the copy.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    flags = [table.c[name].is_(None).label(f"_sql_null_{name}") for name in json_columns]
    query = select(table, *flags).order_by(*keys)
    later: dict[str, list[dict[str, Any]]] = {name: [] for name in self_refs}
    copied = 0
    result = src.execute(query, execution_options={"yield_per": batch})
    for part in result.partitions(batch):
        values = []
        for row in part:
            mapping = row._mapping
            value = {c.name: mapping[c.name] for c in table.columns}
            for name in json_columns:
                if value[name] is None and not mapping[f"_sql_null_{name}"]:
                    value[name] = JSON.NULL
            for name in self_refs:
                if value[name] is not None:
                    later[name].append({"_key": value[keys[0].name], "_ref": value[name]})
                    value[name] = None
            values.append(value)
        dst.execute(writer.insert(), values)
        copied += len(values)
    for name, pairs in later.items():
        if pairs:
            dst.execute(
                update(writer)
                .where(writer.c[keys[0].name] == bindparam("_key"))
                .values({name: bindparam("_ref")}),
                pairs,
            )
    return copied


def _id_column(table: Table) -> Column[Any] | None:
    """The table's integer id, when that is its whole primary key (the ids a counter gives)."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return None
    return keys[0]


def _sequence(conn: Connection, table: Table, column: Column[Any]) -> str | None:
    """The name of the PostgreSQL sequence giving ``table``'s ids, quoted as SQL (None: none)."""
    name = conn.execute(
        text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": table.name, "column": column.name},
    ).scalar()
    return str(name) if name is not None else None


def _ids_given(src: Connection, tables: list[Table]) -> dict[str, int]:
    """The highest id the source's counter of each table has given: rows deleted since may
    have had ids above those of the rows left (PostgreSQL: its sequences; SQLite: the
    ``sqlite_sequence`` of its AUTOINCREMENT tables)."""
    given: dict[str, int] = {}
    if src.dialect.name == "postgresql":
        for table in tables:
            column = _id_column(table)
            sequence = _sequence(src, table, column) if column is not None else None
            if sequence is None:
                continue
            # The sequence's name comes from the server, quoted by it.
            last, called = src.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
            given[table.name] = int(last) if called else int(last) - 1
        return given
    if inspect(src).has_table("sqlite_sequence"):
        for name, seq in src.execute(text("SELECT name, seq FROM sqlite_sequence")):
            if seq is not None:
                given[str(name)] = int(seq)
    return given


def _move_counters(dst: Connection, tables: list[Table], given: dict[str, int]) -> None:
    """Start each id counter of the target past the ids copied and past the highest id the
    source gave (``given``), so the next row gets an id that no row ever had."""
    for table in tables:
        column = _id_column(table)
        if column is None:
            continue
        copied = dst.execute(select(func.max(column))).scalar()
        highest = max(int(copied or 0), given.get(table.name, 0))
        if dst.dialect.name == "postgresql":
            sequence = _sequence(dst, table, column)
            if sequence is not None:
                dst.execute(
                    text("SELECT setval(:sequence, :next, false)"),
                    {"sequence": sequence, "next": highest + 1},
                )
        elif highest > 0 and table.dialect_options["sqlite"]["autoincrement"]:
            # Rows inserted with their ids set the counter to the highest copied; it is
            # raised to the source's where that is higher, or made for a table left empty.
            dst.execute(
                text("UPDATE sqlite_sequence SET seq = :seq WHERE name = :name AND seq < :seq"),
                {"name": table.name, "seq": highest},
            )
            dst.execute(
                text(
                    "INSERT INTO sqlite_sequence (name, seq) SELECT :name, :seq WHERE NOT EXISTS "
                    "(SELECT 1 FROM sqlite_sequence WHERE name = :name)"
                ),
                {"name": table.name, "seq": highest},
            )
