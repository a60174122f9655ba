"""Actions, their owners and their update history."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from typing import cast as as_type

from sqlalchemy import (
    JSON,
    ColumnElement,
    Row,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import (
    InstrumentedAttribute,
    contains_eager,
    defer,
    joinedload,
    lazyload,
    selectinload,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.sqltypes import NullType

from storage.audit import with_new_id, write_rows
from storage.db_errors import RowMoved
from storage.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionOwner,
    AuditEvent,
    Person,
    PersonRole,
    Plan,
    PlanChannel,
    Role,
    Update,
)
from storage.repositories.base import Repository, like_escaped
from storage.write_guard import ATOMIC_WRITE_OPTION

# Lists of actions are shown with action_summaries, which fetches the owners of the shown
# actions in one query: loading every listed action's owners (and their people's roles)
# eagerly would cost more than the list itself. Owners still load lazily when touched.
_LIST_OPTIONS = (lazyload(Action.owners),)
# Lists that never show an action's extra columns or import snapshot (summaries, digests, home)
# leave those JSON columns unread: decoding them was a tenth of a pre-meeting summary's time.
# Touching them raises, so a new use cannot quietly add a query per action.
_LEAN_LIST_OPTIONS = (
    *_LIST_OPTIONS,
    defer(Action.extra, raiseload=True),
    defer(Action.import_snapshot, raiseload=True),
)
# One action (by id or by ref) with its owners; their people's roles are rarely needed, so
# they load lazily.
_BY_ID_OPTIONS = (
    selectinload(Action.owners).joinedload(ActionOwner.person).lazyload(Person.roles),
)

# The same, in the query that finds the action (see channel_plan_and_action), its plan being
# the one that query selects.
_CHANNEL_ACTION_OPTIONS = (
    contains_eager(Action.plan),
    joinedload(Action.owners).joinedload(ActionOwner.person).lazyload(Person.roles),
)

# SQLite's lock_actions: a write that changes nothing, for the database's write lock.
_TOUCH_ACTIONS = text("UPDATE action SET status = status WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)

# Built once, with bound parameters: building a statement and working out its cache key cost
# more than running it, on the paths every channel update takes.
_CHANNEL_PLAN_AND_ACTION = (
    select(Plan, Action)
    .select_from(PlanChannel)
    .join(Plan, Plan.id == PlanChannel.plan_id)
    .outerjoin(
        Action,
        (Action.plan_id == Plan.id)
        & (Action.ref == bindparam("ref"))
        & (Action.workspace_id == bindparam("ws")),
    )
    .where(
        PlanChannel.workspace_id == bindparam("ws"),
        PlanChannel.platform == bindparam("platform"),
        PlanChannel.channel_id == bindparam("channel"),
    )
    .options(*_CHANNEL_ACTION_OPTIONS)
)


# The tables behind the models (declarative models type ``__table__`` as a plain FromClause).
_UPDATES = as_type(Table, Update.__table__)
_ACTIONS = as_type(Table, Action.__table__)
_AUDIT = as_type(Table, AuditEvent.__table__)
# A column of a select: a SQL expression or a model's attribute.
SelectColumn = ColumnElement[Any] | InstrumentedAttribute[Any]


def _insert_update_once(insert: Any) -> Any:
    table = _UPDATES
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.workspace_id, table.c.source_key])
        .returning(table.c.id)
    )


_UPDATE_ACTION = update(_ACTIONS).where(_ACTIONS.c.id == bindparam("_action_id"))


@functools.cache
def _insert_update_and_set_pg(
    keys: tuple[str, ...], audit_created: bool, audit_changed: bool
) -> Any:
    """One statement, whole on its own, for logging an update: ``WITH ins AS (INSERT … ON
    CONFLICT DO NOTHING RETURNING id), upd AS (UPDATE action SET <keys> … WHERE id =
    :_action_id AND EXISTS (SELECT FROM ins)), aud AS (INSERT INTO audit_event … SELECT … FROM
    ins) SELECT ins.id, <actions changed>, <audit rows> FROM ins``. Built once per shape.

    The audit row of the insert takes its entity id from ``ins``, and its ``after`` is the
    JSON text ``{"id": <id>, `` followed by the rest of the columns' JSON (``_a_rest``), so it
    reads exactly as the row a flush would have written."""
    table, actions, audit = _UPDATES, _ACTIONS, _AUDIT
    # The action's row, locked for the statement: a request logging on the same action at the
    # same moment waits, then reads the status this one left. The update is written only when
    # the status is still the one its "before" was read as (else the caller runs it again).
    cur = (
        select(actions.c.status)
        .where(actions.c.id == bindparam("_action_id"))
        .with_for_update()
        .cte("cur")
    )
    expected = cur.c.status.is_not_distinct_from(
        bindparam("_expect_status", type_=actions.c.status.type)
    )
    columns = [c for c in table.c if c.key != "id"]
    # Every parameter's name is prefixed: SQLAlchemy adds a SET (or VALUES) entry for any
    # executed parameter named like a column of the table being changed.
    values = select(*[bindparam(f"_v_{c.key}", type_=c.type) for c in columns]).where(
        exists(select(cur.c.status).where(expected))
    )
    ins = (
        pg_insert(table)
        .from_select([c.key for c in columns], values)
        .on_conflict_do_nothing(index_elements=[table.c.workspace_id, table.c.source_key])
        .returning(table.c.id)
        .cte("ins")
    )
    # Each count is checked by the caller: the action changed (1 when nothing is to change)...
    actions_changed: Any = literal(1)
    if keys:
        upd = (
            update(actions)
            .where(actions.c.id == bindparam("_action_id"), exists(select(ins.c.id)))
            .values({k: bindparam(f"_set_{k}", type_=actions.c[k].type) for k in keys})
            .returning(actions.c.id)
            .cte("upd")
        )
        actions_changed = select(func.count()).select_from(upd).scalar_subquery()
    rows: list[Select[Any]] = []
    audit_written: Any = literal(0)
    if audit_created:
        after = literal('{"id": ', String) + cast(ins.c.id, String) + literal(", ", String)
        after = after + func.substr(bindparam("_a_rest", type_=String), 2)
        rows.append(_audit_select(ins, "create", ins.c.id, cast(after, JSON)))
    if audit_changed:
        after_changed = bindparam("_a_after", type_=audit.c.after.type)
        rows.append(_audit_select(ins, "update", bindparam("_action_id"), after_changed))
    if rows:
        aud = (
            insert(audit)
            .from_select(_AUDIT_COLUMNS, rows[0] if len(rows) == 1 else union_all(*rows))
            .returning(audit.c.id)
            .cte("aud")
        )
        audit_written = select(func.count()).select_from(aud).scalar_subquery()
    # ...and the audit rows written, and the action's status as the statement found it. The
    # guard of a unit of work that may send one write lets this statement through.
    stmt = select(
        select(ins.c.id).scalar_subquery(),
        actions_changed,
        audit_written,
        select(cur.c.status).scalar_subquery(),
    )
    return stmt.execution_options(**{ATOMIC_WRITE_OPTION: True})


# The columns of an audit row, in the order _audit_select selects them.
_AUDIT_COLUMNS = ("workspace_id", "at", "actor", "entity", "entity_id", "change", "before", "after")


def _audit_select(ins: Any, change: str, entity_id: Any, after: Any) -> Select[Any]:
    """One audit row of :func:`_insert_update_and_set_pg`, selected from ``ins`` (so it is
    written only when the update is)."""
    c = _AUDIT.c
    prefix = "_a_created" if change == "create" else "_a_changed"
    return select(
        bindparam(f"{prefix}_ws", type_=c.workspace_id.type),
        bindparam("_a_at", type_=c.at.type),
        bindparam("_a_actor", type_=c.actor.type),
        bindparam(f"{prefix}_entity", type_=c.entity.type),
        entity_id,
        literal(change, c.change.type),
        bindparam(f"{prefix}_before", type_=c.before.type),
        after,
    ).select_from(ins)


_INSERT_UPDATE_ONCE_SQLITE = _insert_update_once(sqlite_insert)


def _overdue_first() -> tuple[SelectColumn, ...]:
    """Overdue first (before ``l_today``), then by due date (undated last) and plan order."""
    return (
        case((Action.due_date < bindparam("l_today"), 0), else_=1),
        Action.due_date.is_(None),
        Action.due_date,
        Action.plan_id,
        Action.position,
        Action.id,  # two actions can share a position: one added in chat, then a longer file
    )


# Apostrophes as phones and word processors type them ("children’s") and as keyboards do.
_APOSTROPHES = re.compile(r"['’‘`´]")


def _like_word(word: str) -> str:
    """A searched word as a LIKE pattern (escape ``\\``): lower case, its wildcards escaped,
    and any apostrophe matching any other ("children’s" finds "Children's")."""
    escaped = like_escaped(word.lower())
    if not any(c.isalnum() for c in word):
        return escaped  # "'" alone is that character, not any character
    return _APOSTROPHES.sub("_", escaped)


def _search_order(today: date | None) -> tuple[SelectColumn, ...]:
    """The order of search results: outstanding actions as ``/actions mine`` lists them
    (overdue first, then by due date, undated last), then the finished ones the same way.
    Ordered before the limit, so an overdue action is never the one cut off."""
    outstanding = Action.status.in_(OUTSTANDING_STATUSES)
    overdue = outstanding & (Action.due_date < today) if today is not None else false()
    return (
        case((overdue, 0), (outstanding, 1), else_=2),
        Action.due_date.is_(None),
        Action.due_date,
        Action.plan_id,
        Action.position,
        Action.id,
    )


def _latest_live(newer: Any) -> Select[Any]:
    """``newer`` (an alias of the update table) cut to the action's newest live update,
    correlated to the action: a LIMIT 1 per action walks the (action_id, created_at) index
    where a window over all their updates would sort them all."""
    return (
        select(newer)
        .where(
            newer.c.workspace_id == Action.workspace_id,
            newer.c.action_id == Action.id,
            newer.c.superseded_by_id.is_(None),
            newer.c.retracted_at.is_(None),
        )
        .order_by(newer.c.created_at.desc(), newer.c.id.desc())
        .limit(1)
        .correlate(Action)
    )


_newer = _UPDATES.alias("newer")
# The id of an action's newest live update (a scalar subquery correlated to the action).
_LATEST_LIVE_ID = _latest_live(_newer).with_only_columns(_newer.c.id).scalar_subquery()
# The whole newest live update, as a LATERAL subquery joined to the action (PostgreSQL).
_LATEST_LIVE_LATERAL = _latest_live(_UPDATES.alias("latest")).lateral("latest_update")


# An owner as lists show it: (person's name, None) or (role's key, role's title); the
# presenters name a role from both (see commands.formatting.role_label).
OwnerName = tuple[str, str | None]

# An action's owners (see OwnerName) in owner order, as a two-dimensional array (PostgreSQL),
# correlated to the action: lists need no second query for their owners. Each owner is an
# index look-up (a join here would be planned as a hash join per action).
_OWNER_PAIR = func.coalesce(
    select(pg_array([Person.name, null()]))
    .where(Person.id == ActionOwner.person_id)
    .scalar_subquery(),
    select(pg_array([Role.key, Role.title]))
    .where(Role.id == ActionOwner.role_id)
    .scalar_subquery(),
)
_OWNER_NAMES_ARRAY = (
    select(
        func.array_agg(
            aggregate_order_by(_OWNER_PAIR, ActionOwner.position, ActionOwner.id),
            # Read as the driver gives it (lists of [name, title] pairs of text): an ARRAY
            # type would copy every pair item by item, about a tenth of a long list's time.
            type_=NullType(),
        )
    )
    .where(ActionOwner.action_id == Action.id)
    .correlate(Action)
    .scalar_subquery()
    .label("owner_names")
)


# The same for SQLite, whose aggregates keep no order before 3.44: a JSON array of
# [position, id, person's name, role's key, role's title] per owner, put in owner order when
# read (see _owners_from_json).
_OWNER_NAMES_JSON = (
    select(
        func.json_group_array(
            func.json_array(ActionOwner.position, ActionOwner.id, Person.name, Role.key, Role.title)
        )
    )
    .select_from(ActionOwner)
    .outerjoin(Person, Person.id == ActionOwner.person_id)
    .outerjoin(Role, Role.id == ActionOwner.role_id)
    .where(ActionOwner.action_id == Action.id)
    .correlate(Action)
    .scalar_subquery()
    .label("owner_names")
)


def _owners_from_json(text: str | None) -> list[OwnerName]:
    """An action's owners from :data:`_OWNER_NAMES_JSON`, in owner order."""
    owners: list[OwnerName] = []
    for _, _, person, role, title in sorted(json.loads(text or "[]"), key=lambda o: o[:2]):
        if person is not None:
            owners.append((person, None))
        elif role is not None:
            owners.append((role, title))
    return owners


def _summary_columns(update: Any) -> tuple[SelectColumn, ...]:
    """What a list of action summaries shows, one row per action; ``update`` holds the
    columns of its newest live update (live: neither superseded nor retracted, so those two
    columns, always null, are not read)."""
    return (
        Action.id,
        Action.ref,
        Action.title,
        Action.lead_text,
        Action.due_date,
        Action.due_text,
        Action.status,
        Plan.slug.label("plan_slug"),
        Plan.name.label("plan_name"),
        update.created_at.label("update_created_at"),
        update.author_name.label("update_author_name"),
        update.text.label("update_text"),
        update.status_before.label("update_status_before"),
        update.status_after.label("update_status_after"),
        update.source.label("update_source"),
        update.permalink.label("update_permalink"),
    )


@dataclass(frozen=True)
class ActionListing:
    """Which actions a list shows and in what order: loaded as objects or as summary rows.

    The conditions use bound parameters (``params`` holds their values) and ``shape`` names
    which conditions there are, so each statement made from a listing is built, and its cache
    key worked out, once per shape rather than on every command.
    """

    shape: tuple[Any, ...]
    params: dict[str, Any]


def _listing_where(shape: tuple[Any, ...]) -> tuple[ColumnElement[bool], ...]:
    kind, *flags = shape
    where: list[ColumnElement[bool]] = [
        Action.workspace_id == bindparam("l_ws"),
        Action.status.in_(bindparam("l_statuses", expanding=True)),
    ]
    if kind == "owned":
        persons, roles, due_before, due_from = flags
        owners = []
        if persons:
            owners.append(ActionOwner.person_id.in_(bindparam("l_persons", expanding=True)))
        if roles:
            owners.append(ActionOwner.role_id.in_(bindparam("l_roles", expanding=True)))
        where.append(Action.id.in_(select(ActionOwner.action_id).where(or_(*owners))))
        if due_before:
            where.append(Action.due_date < bindparam("l_due_before"))
        if due_from:
            where.append(Action.due_date >= bindparam("l_due_from"))
    else:  # overdue
        (in_plan,) = flags
        where.append(Action.due_date < bindparam("l_today"))
        if in_plan:
            where.append(Action.plan_id == bindparam("l_plan"))
    return tuple(where)


# Statements made from listings, by (use, dialect, listing shape): built once each.
_LISTING_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _listing_statement(use: str, dialect: str, shape: tuple[Any, ...], build: Any) -> Any:
    key = (use, dialect, shape)
    stmt = _LISTING_STATEMENTS.get(key)
    if stmt is None:
        stmt = _LISTING_STATEMENTS[key] = build(_listing_where(shape))
    return stmt


class ActionRepository(Repository):
    """Queries and changes of actions and updates."""

    def _base(self):  # type: ignore[no-untyped-def]
        return select(Action).where(Action.workspace_id == self.workspace_id)

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> Any:
        """Rows of a select of columns (no ORM objects), run on the unit of work's connection:
        skipping the ORM's result machinery halves the cost of a long list. (Pending changes
        are flushed first, as the ORM would.)"""
        self.session.flush()
        return self.session.connection().execute(stmt, params or {})

    def _is_postgresql(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def by_id(self, action_id: int) -> Action | None:
        """The action with this id, if it belongs to this workspace."""
        # Already loaded in this unit of work (e.g. the action an update was just logged on):
        # the identity map answers without a query.
        known = self.session.get(Action, action_id, options=_BY_ID_OPTIONS)
        return known if known is not None and known.workspace_id == self.workspace_id else None

    def by_ref(self, ref: str, plan_id: int | None = None) -> Sequence[Action]:
        """Actions with this ref (in one plan, or in every plan)."""
        stmt = self._base().where(Action.ref == ref).options(*_BY_ID_OPTIONS)
        if plan_id is not None:
            stmt = stmt.where(Action.plan_id == plan_id)
        return self.session.scalars(stmt.order_by(Action.plan_id)).all()

    def channel_plan_and_action(
        self, platform: str, channel_id: str, ref: str
    ) -> tuple[Plan | None, Action | None]:
        """The plan linked to a chat channel and its action ``ref`` (owners loaded), in one
        query: (None, None) for a channel linked to no plan, (plan, None) for an unknown ref."""
        params = {"ws": self.workspace_id, "platform": platform, "channel": channel_id, "ref": ref}
        row = self.session.execute(_CHANNEL_PLAN_AND_ACTION, params).unique().first()
        return (row[0], row[1]) if row is not None else (None, None)

    def refs(self, plan_id: int | None = None) -> Sequence[tuple[str, int]]:
        """(ref, plan id) of every action, for suggesting near matches."""
        stmt = select(Action.ref, Action.plan_id).where(Action.workspace_id == self.workspace_id)
        if plan_id is not None:
            stmt = stmt.where(Action.plan_id == plan_id)
        return [(r, p) for r, p in self.session.execute(stmt)]

    def in_plan(
        self,
        plan_id: int,
        statuses: Collection[str] | None = None,
        *,
        with_owners: bool = True,
    ) -> Sequence[Action]:
        """The actions of a plan in plan order, optionally only some statuses.

        ``with_owners=False`` leaves the owners to load lazily (for lists of summaries).
        """
        return self.in_plans([plan_id], statuses, with_owners=with_owners)

    def in_plans(
        self,
        plan_ids: Collection[int],
        statuses: Collection[str] | None = None,
        *,
        with_owners: bool = True,
    ) -> Sequence[Action]:
        """The actions of several plans, each plan's in plan order (plans in the given order)."""
        ids = list(plan_ids)
        if not ids:
            return []
        stmt = self._base().where(Action.plan_id.in_(ids))
        if statuses:
            stmt = stmt.where(Action.status.in_(list(statuses)))
        if with_owners:
            rows = self.session.scalars(
                stmt.order_by(Action.plan_id, Action.position, Action.id)
            ).all()
        else:
            # A few plans hold hundreds of actions: the plans are loaded once and handed to
            # their actions, rather than joined to (and read from) every action's row.
            stmt = stmt.options(*_LEAN_LIST_OPTIONS, lazyload(Action.plan))
            rows = self.session.scalars(
                stmt.order_by(Action.plan_id, Action.position, Action.id)
            ).all()
            plans = self.load_plans(ids)
            for action in rows:
                set_committed_value(action, "plan", plans[action.plan_id])
        if len(ids) == 1:
            return rows
        rank = {plan_id: n for n, plan_id in enumerate(ids)}
        return sorted(rows, key=lambda a: rank[a.plan_id])

    def people_owning_outstanding(self) -> set[int]:
        """The ids of the people :meth:`owned_by` finds an outstanding action for: those who
        own one, and those who hold a role that owns one (one query for the workspace)."""
        outstanding = (
            Action.workspace_id == self.workspace_id,
            Action.status.in_(OUTSTANDING_STATUSES),
        )
        direct = (
            select(ActionOwner.person_id)
            .join(Action, Action.id == ActionOwner.action_id)
            .where(*outstanding, ActionOwner.person_id.is_not(None))
        )
        by_role = (
            select(PersonRole.person_id)
            .join(ActionOwner, ActionOwner.role_id == PersonRole.role_id)
            .join(Action, Action.id == ActionOwner.action_id)
            .where(*outstanding)
        )
        return {p for p in self.session.scalars(union_all(direct, by_role)) if p is not None}

    def owned_by_listing(
        self,
        person_ids: Collection[int],
        role_ids: Collection[int],
        today: date,
        *,
        statuses: Collection[str] = OUTSTANDING_STATUSES,
        due_before: date | None = None,
        due_on_or_after: date | None = None,
    ) -> ActionListing | None:
        """The listing of :meth:`owned_by`; None when nobody is given (nothing is owned)."""
        if not person_ids and not role_ids:
            return None
        params: dict[str, Any] = {
            "l_ws": self.workspace_id,
            "l_statuses": list(statuses),
            "l_today": today,
            "l_persons": list(person_ids),
            "l_roles": list(role_ids),
            "l_due_before": due_before,
            "l_due_from": due_on_or_after,
        }
        shape = (
            "owned",
            bool(person_ids),
            bool(role_ids),
            due_before is not None,
            due_on_or_after is not None,
        )
        return ActionListing(shape, params)

    def owned_by(
        self,
        person_ids: Collection[int],
        role_ids: Collection[int],
        today: date,
        *,
        statuses: Collection[str] = OUTSTANDING_STATUSES,
        due_before: date | None = None,
        due_on_or_after: date | None = None,
        with_owners: bool = False,
    ) -> Sequence[Action]:
        """Actions owned by any of these people or roles, overdue first (``with_owners``:
        their owners loaded with them, for a caller that touches every action's owners)."""
        listing = self.owned_by_listing(
            person_ids,
            role_ids,
            today,
            statuses=statuses,
            due_before=due_before,
            due_on_or_after=due_on_or_after,
        )
        if listing is None:
            return []
        return self.listed(listing, with_owners=with_owners)

    def overdue_listing(self, today: date, plan_id: int | None = None) -> ActionListing:
        """The listing of :meth:`overdue`."""
        params = {
            "l_ws": self.workspace_id,
            "l_statuses": list(OUTSTANDING_STATUSES),
            "l_today": today,
            "l_plan": plan_id,
        }
        return ActionListing(("overdue", plan_id is not None), params)

    def overdue(self, today: date, plan_id: int | None = None) -> Sequence[Action]:
        """Outstanding actions due before today, oldest due first."""
        return self.listed(self.overdue_listing(today, plan_id))

    def listed(self, listing: ActionListing, *, with_owners: bool = False) -> Sequence[Action]:
        """The actions of a listing, in its order (owners load lazily, or with them)."""
        stmt = _listing_statement("listed", "any", listing.shape, _listed_statement)
        rows = self.session.scalars(stmt, listing.params).all()
        if with_owners and rows:
            # One more query fills in every listed action's owners (the identity map hands
            # them to the rows above), rather than one query per action as they are touched.
            self.session.scalars(
                self._base().where(Action.id.in_([a.id for a in rows])).options(*_BY_ID_OPTIONS)
            ).all()
        return rows

    def summary_rows_and_owners(
        self, listing: ActionListing
    ) -> tuple[Sequence[Any], dict[int, list[OwnerName]]]:
        """One row per action of a listing, in its order: what a summary of it shows, with its
        plan and its newest live update (``update_*``, all None when it has none); and the
        owner names of those actions (see :meth:`owner_names`), by action id.

        One query: each row carries its owners (aggregated in owner order on PostgreSQL, as
        JSON put in order here on SQLite).
        """
        dialect = "postgresql" if self._is_postgresql() else "sqlite"
        stmt = _listing_statement(
            "summary_and_owners", dialect, listing.shape, _SUMMARY_AND_OWNERS_BUILDERS[dialect]
        )
        rows = []
        owners: dict[int, list[OwnerName]] = {}
        for row in self._rows(stmt, listing.params).all():
            names = (
                [(name, title) for name, title in row[-1] or ()]
                if dialect == "postgresql"
                else _owners_from_json(row[-1])
            )
            if names:
                owners[row[0]] = names
            rows.append(row[:-1])
        return rows, owners

    def outstanding_due_between(self, first: date, last: date) -> Sequence[Action]:
        """Outstanding actions due on or after ``first`` and on or before ``last``."""
        stmt = self._base().where(
            Action.status.in_(OUTSTANDING_STATUSES),
            Action.due_date >= first,
            Action.due_date <= last,
        )
        return self.session.scalars(stmt.order_by(Action.due_date, Action.id)).all()

    def search(
        self, words: Sequence[str], limit: int = 200, *, today: date | None = None
    ) -> Sequence[Action]:
        """Actions whose title, ref or lead contains every word (case-insensitive), in the
        order of the other lists (see :func:`_search_order`; ``today`` tells what is overdue)."""
        stmt = self._base()
        for word in words:
            pattern = "%" + _like_word(word) + "%"
            stmt = stmt.where(
                or_(
                    func.lower(Action.title).like(pattern, escape="\\"),
                    func.lower(Action.ref).like(pattern, escape="\\"),
                    func.lower(Action.lead_text).like(pattern, escape="\\"),
                )
            )
        return self.session.scalars(
            stmt.options(*_LIST_OPTIONS).order_by(*_search_order(today)).limit(limit)
        ).all()

    def arising_from(self, meeting_id: int) -> Sequence[Action]:
        """Actions arising from a meeting's minutes."""
        return self.session.scalars(
            self._base()
            .where(Action.meeting_id == meeting_id)
            .options(*_LIST_OPTIONS)
            .order_by(Action.position, Action.id)
        ).all()

    def arising_due_before(self, meeting_ids: Collection[int], today: date) -> Sequence[Action]:
        """Actions arising from any of these meetings' minutes due before ``today`` (in one
        query; done or not)."""
        if not meeting_ids:
            return []
        return self.session.scalars(
            self._base()
            .where(Action.meeting_id.in_(list(meeting_ids)), Action.due_date < today)
            .options(*_LIST_OPTIONS)
            .order_by(Action.meeting_id, Action.position, Action.id)
        ).all()

    def arising_due(
        self, meeting_ids: Collection[int], due: date, due_text: str
    ) -> Sequence[Action]:
        """Actions arising from any of these meetings that are due ``due``, written
        ``due_text`` (in one query)."""
        if not meeting_ids:
            return []
        return self.session.scalars(
            self._base()
            .where(
                Action.meeting_id.in_(list(meeting_ids)),
                Action.due_date == due,
                Action.due_text == due_text,
            )
            .order_by(Action.meeting_id, Action.position, Action.id)
        ).all()

    def due_at_meeting(self, label: str, day: date) -> Sequence[Action]:
        """Actions not arising from minutes whose due date was typed as a meeting (``Before
        next CPAC``, kept as ``Before CPAC 2027-01-05`` and due the day before ``day``, or on
        ``day`` when typed too late for the day before; ``by the next CPAC``: ``By CPAC
        2027-01-05``, due ``day``) and not changed since."""
        return self.session.scalars(
            self._base()
            .where(
                Action.meeting_id.is_(None),
                or_(
                    and_(
                        Action.due_text == f"Before {label}",
                        Action.due_date.in_([day - timedelta(days=1), day]),
                    ),
                    and_(Action.due_text == f"By {label}", Action.due_date == day),
                ),
            )
            .order_by(Action.plan_id, Action.position, Action.id)
        ).all()

    def due_near_in_words(self, day: date) -> Sequence[Action]:
        """Actions due ``day`` or the day before whose timescale is words naming a next
        meeting, as a file gives them ("Before next CPAC", "by the next CPAC"): the caller
        tells which committee they name."""
        return self.session.scalars(
            self._base()
            .where(
                Action.due_date.in_([day - timedelta(days=1), day]),
                func.lower(Action.due_text).contains("next"),
            )
            .order_by(Action.plan_id, Action.position, Action.id)
        ).all()

    def by_source_key(self, source_key: str) -> Action | None:
        """The action created from this source (e.g. a line of minutes)."""
        return self.session.scalar(self._base().where(Action.source_key == source_key))

    def max_position(self, plan_id: int) -> int:
        """The highest position used in a plan (0 when empty)."""
        return int(
            self.session.scalar(
                select(func.coalesce(func.max(Action.position), 0)).where(
                    Action.workspace_id == self.workspace_id, Action.plan_id == plan_id
                )
            )
            or 0
        )

    # -- updates ----------------------------------------------------------------------------

    def history(self, action_id: int, limit: int | None = None) -> Sequence[Update]:
        """Updates of an action, newest first (superseded and retracted ones included)."""
        stmt = (
            select(Update)
            .where(Update.workspace_id == self.workspace_id, Update.action_id == action_id)
            .order_by(Update.created_at.desc(), Update.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        return self.session.scalars(stmt).all()

    def _newest_live_ids(self, action_ids: Collection[int]) -> Select[Any]:
        """The ids of the newest live update of each of these actions (a subquery)."""
        if self._is_postgresql():
            latest = _LATEST_LIVE_LATERAL
            stmt = select(latest.c.id).select_from(Action).join(latest, true())
        else:
            stmt = select(_LATEST_LIVE_ID)
        return stmt.where(Action.workspace_id == self.workspace_id, Action.id.in_(list(action_ids)))

    def latest_updates(self, action_ids: Collection[int]) -> dict[int, Update]:
        """The newest live update of each action (one query)."""
        if not action_ids:
            return {}
        rows = self.session.scalars(
            select(Update).where(Update.id.in_(self._newest_live_ids(action_ids)))
        ).all()
        return {u.action_id: u for u in rows}

    def latest_texts(self, action_ids: Collection[int]) -> dict[int, str]:
        """The text of each action's newest live update that has words (a status change
        alone has none), in one query; actions with none are left out."""
        if not action_ids:
            return {}
        rows = self.session.execute(
            select(Update.action_id, Update.text)
            .where(
                Update.workspace_id == self.workspace_id,
                Update.action_id.in_(list(action_ids)),
                Update.superseded_by_id.is_(None),
                Update.retracted_at.is_(None),
                Update.text != "",
            )
            .order_by(Update.action_id, Update.created_at.desc(), Update.id.desc())
        )
        texts: dict[int, str] = {}
        for action_id, said in rows:
            texts.setdefault(action_id, said)
        return texts

    def latest_update_rows(self, action_ids: Collection[int]) -> dict[int, Row[Any]]:
        """Like :meth:`latest_updates`, as plain rows (no ORM objects) for read-only views."""
        if not action_ids:
            return {}
        rows = self.session.execute(
            select(*_UPDATES.c).where(Update.id.in_(self._newest_live_ids(action_ids)))
        ).all()
        return {row.action_id: row for row in rows}

    def owner_names(self, action_ids: Collection[int]) -> dict[int, list[OwnerName]]:
        """The owners of each action (see :data:`OwnerName`), in owner order, in one query."""
        if not action_ids:
            return {}
        where = (Action.workspace_id == self.workspace_id, Action.id.in_(list(action_ids)))
        return _owner_names_by_action(self._rows(_owner_names_statement(where)).all())

    def update_by_id(self, update_id: int) -> Update | None:
        """The update with this id, if it belongs to this workspace."""
        found = self.session.get(Update, update_id)
        return found if found is not None and found.workspace_id == self.workspace_id else None

    def update_by_source_key(self, source_key: str) -> Update | None:
        """The update created from this source (a chat message, an import row)."""
        return self.session.scalar(
            select(Update).where(
                Update.workspace_id == self.workspace_id, Update.source_key == source_key
            )
        )

    def insert_update_and_set(
        self,
        values: dict[str, Any],
        action_id: int,
        action_values: dict[str, Any],
        *,
        expect_status: str,
        created: dict[str, Any] | None = None,
        changed: dict[str, Any] | None = None,
    ) -> int | None:
        """Insert an update row unless one with its ``source_key`` exists (no look-up first:
        a delivery racing another waits for it, then finds the key taken); only when it was
        inserted, set ``action_values`` on its action and write the audit rows ``created``
        (the insert's, its id filled in, see :func:`storage.audit.with_new_id`) and ``changed``
        (the action's). Returns the new id, or None when the key was taken and nothing changed.

        On PostgreSQL all of it is one statement, whole on its own: one round trip, and a unit
        of work that may send one write (see ``UnitOfWork``) runs it without a transaction. It
        locks the action's row and writes only while the action's status is ``expect_status``
        (what the update's "before" says); else it raises :class:`RowMoved` having written
        nothing. On SQLite the caller holds the write lock already (:meth:`lock_for_update`)."""
        if not self._is_postgresql():
            conn = self.session.connection()
            new_id = conn.execute(_INSERT_UPDATE_ONCE_SQLITE, values).scalar()
            if new_id is None:
                return None
            if action_values:
                params = {"_action_id": action_id, **action_values}
                if conn.execute(_UPDATE_ACTION, params).rowcount != 1:
                    raise StaleDataError(f"action {action_id} was not found to update")
            audit = [] if created is None else [with_new_id(created, new_id)]
            write_rows(self.session, audit + ([] if changed is None else [changed]))
            return new_id
        keys = tuple(sorted(action_values))
        stmt = _insert_update_and_set_pg(keys, created is not None, changed is not None)
        params = {f"_v_{k}": v for k, v in values.items()}
        params["_action_id"] = action_id
        params.update({f"_set_{k}": v for k, v in action_values.items()})
        for prefix, audit_row in (("_a_created", created), ("_a_changed", changed)):
            if audit_row is not None:
                params["_a_at"], params["_a_actor"] = audit_row["at"], audit_row["actor"]
                params[f"{prefix}_ws"] = audit_row["workspace_id"]
                params[f"{prefix}_entity"] = audit_row["entity"]
                params[f"{prefix}_before"] = audit_row["before"]
        if created is not None:
            rest = {k: v for k, v in created["after"].items() if k != "id"}
            params["_a_rest"] = json.dumps(rest)
        if changed is not None:
            params["_a_after"] = changed["after"]
        params["_expect_status"] = expect_status
        row = self.session.connection().execute(stmt, params).one()
        if row[0] is None:
            if row[3] != expect_status:
                raise RowMoved(f"action {action_id}'s status changed while its update was logged")
            return None
        if row[1] != 1 or row[2] != (created is not None) + (changed is not None):
            raise StaleDataError(f"action {action_id} was not found to update")
        return int(row[0])

    def updates_for_message(
        self, channel_id: str, message_ts: str, *, fresh: bool = False
    ) -> Sequence[Update]:
        """Live updates that came from one chat message (``fresh``: their rows read again
        into updates this unit of work loaded before, as another request may have changed
        them since)."""
        found = select(Update).where(
            Update.workspace_id == self.workspace_id,
            Update.channel_id == channel_id,
            Update.message_ts == message_ts,
            Update.superseded_by_id.is_(None),
            Update.retracted_at.is_(None),
        )
        if fresh:
            found = found.execution_options(populate_existing=True)
        return self.session.scalars(found.order_by(Update.id)).all()

    def edit_times(self, channel_id: str, message_ts: str) -> list[str]:
        """The edit times (Slack's ``edited.ts``) that a chat message's updates came from or
        were retracted by, live or not."""
        return list(
            self.session.scalars(
                select(Update.edited_ts).where(
                    Update.workspace_id == self.workspace_id,
                    Update.channel_id == channel_id,
                    Update.message_ts == message_ts,
                    Update.edited_ts.is_not(None),
                )
            )
        )

    def lock_actions(self, action_ids: Collection[int]) -> None:
        """Hold these actions' rows until the transaction ends, taken in id order (two
        requests that lock the same ones never wait on each other in a circle). SQLite has no
        FOR UPDATE; there a write that changes nothing takes the database's write lock."""
        ids = sorted(action_ids)
        if not ids:
            return
        if not self._is_postgresql():
            self.session.execute(_TOUCH_ACTIONS, {"ids": ids})
            return
        self.session.execute(
            select(Action.id)
            .where(Action.workspace_id == self.workspace_id, Action.id.in_(ids))
            .order_by(Action.id)
            .with_for_update()
        )

    def lock_for_update(self, action: Action) -> None:
        """Hold the action's row until the transaction ends and read its status and last
        update again (unless this unit changed them): two requests logging on one action take
        turns, and the second starts from what the first committed. SQLite has no FOR UPDATE;
        there a write that changes nothing takes the database's write lock first."""
        where = (Action.workspace_id == self.workspace_id, Action.id == action.id)
        if not self._is_postgresql():
            self.lock_actions([action.id])
        found = select(Action.status, Action.last_update_at).where(*where)
        if self._is_postgresql():
            found = found.with_for_update()
        row = self.session.execute(found).one()
        state = sa_inspect(action)
        for key, value in (("status", row[0]), ("last_update_at", row[1])):
            # get_history, not state.attrs[key]: see storage.audit._changes.
            if not state.get_history(key, PASSIVE_NO_INITIALIZE).has_changes():
                set_committed_value(action, key, value)

    def newest_update_id(self, action_id: int) -> int | None:
        """The id of the action's newest update (live or not), or None."""
        return self.session.scalar(
            select(func.max(Update.id)).where(
                Update.workspace_id == self.workspace_id, Update.action_id == action_id
            )
        )

    def message_deleted(self, channel_id: str, message_ts: str) -> bool:
        """Whether an update of this chat message was retracted because it was deleted."""
        found = self.session.scalar(
            select(Update.id)
            .where(
                Update.workspace_id == self.workspace_id,
                Update.channel_id == channel_id,
                Update.message_ts == message_ts,
                Update.retracted_because == "deleted",
            )
            .limit(1)
        )
        return found is not None

    def load_plans(self, plan_ids: Collection[int]) -> dict[int, Plan]:
        """Plans by id, in one query."""
        if not plan_ids:
            return {}
        rows = self.session.scalars(
            select(Plan).where(Plan.workspace_id == self.workspace_id, Plan.id.in_(list(plan_ids)))
        ).all()
        return {p.id: p for p in rows}


def _listed_statement(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(Action).where(*where).options(*_LEAN_LIST_OPTIONS).order_by(*_overdue_first())


def _summary_sqlite(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    # SQLite has no LATERAL; it looks the correlated subquery up per action anyway.
    return (
        select(*_summary_columns(_UPDATES.c))
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(Update, Update.id == _LATEST_LIVE_ID)
        .where(*where)
        .order_by(*_overdue_first())
    )


def _summary_pg(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    # PostgreSQL would hash the whole update table for an outer join on a scalar subquery; a
    # LATERAL join looks up each action's newest update by index.
    latest = _LATEST_LIVE_LATERAL
    return (
        select(*_summary_columns(latest.c))
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(latest, true())
        .where(*where)
        .order_by(*_overdue_first())
    )


def _summary_and_owners_pg(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return _summary_pg(where).add_columns(_OWNER_NAMES_ARRAY)


def _summary_and_owners_sqlite(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return _summary_sqlite(where).add_columns(_OWNER_NAMES_JSON)


_SUMMARY_AND_OWNERS_BUILDERS = {
    "sqlite": _summary_and_owners_sqlite,
    "postgresql": _summary_and_owners_pg,
}


def _owner_names_statement(where: Sequence[ColumnElement[bool]]) -> Select[int, str, str, str]:
    return (
        select(ActionOwner.action_id, Person.name, Role.key, Role.title)
        .select_from(Action)
        .join(ActionOwner, ActionOwner.action_id == Action.id)
        .outerjoin(Person, Person.id == ActionOwner.person_id)
        .outerjoin(Role, Role.id == ActionOwner.role_id)
        .where(*where)
        .order_by(ActionOwner.action_id, ActionOwner.position, ActionOwner.id)
    )


def _owner_names_by_action(rows: Any) -> dict[int, list[OwnerName]]:
    out: dict[int, list[OwnerName]] = {}
    for action_id, person_name, role_key, role_title in rows:
        if person_name is not None:
            out.setdefault(action_id, []).append((person_name, None))
        elif role_key is not None:
            out.setdefault(action_id, []).append((role_key, role_title))
    return out
