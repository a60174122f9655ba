"""Records an AuditEvent for every inserted, changed or deleted row, on flush."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from storage.models import AuditEvent, Base, utcnow

_SKIPPED = {"audit_event"}
_INSERT = insert(AuditEvent)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _columns(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: _jsonable(getattr(obj, c.key)) for c in mapper.column_attrs}


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    # Only attributes set since the last flush have a committed value recorded; the others
    # have no history, so their (costly) history is not worked out.
    touched = state.committed_state
    for attr in state.mapper.column_attrs:
        if attr.key not in touched:
            continue
        # Not state.attrs[...].history: that memoises attribute objects on the state which
        # point back at it, a reference cycle per audited row for the cycle collector.
        hist = state.get_history(attr.key, PASSIVE_NO_INITIALIZE)
        if hist.has_changes():
            before[attr.key] = _jsonable(hist.deleted[0]) if hist.deleted else None
            after[attr.key] = _jsonable(hist.added[0]) if hist.added else None
    return before, after


def _row(session: Session, obj: Base, change: str, before: Any, after: Any) -> dict[str, Any]:
    workspace_id = getattr(obj, "workspace_id", None) or session.info.get("workspace_id")
    if obj.__tablename__ == "workspace":
        workspace_id = obj.id  # type: ignore[attr-defined]
    return {
        "workspace_id": workspace_id,
        "at": session.info.get("now") or utcnow(),
        "actor": session.info.get("actor", "system"),
        "entity": obj.__tablename__,
        "entity_id": getattr(obj, "id", None),
        "change": change,
        "before": before,
        "after": after,
    }


def created_row(session: Session, obj: Base) -> dict[str, Any] | None:
    """The audit row a flush would record for inserting ``obj`` (for rows inserted without
    the unit of work; the caller writes it): None where nothing is audited."""
    if session.info.get("audit") is False or obj.__tablename__ in _SKIPPED:
        return None
    row = _row(session, obj, "create", None, _columns(obj))
    return row if row["workspace_id"] is not None else None


def changed_row(
    session: Session, obj: Base, changes: dict[str, tuple[Any, Any]]
) -> dict[str, Any] | None:
    """The audit row a flush would record for a change of ``obj`` made without the unit of
    work (see :func:`created_row`): ``changes`` maps each changed attribute to (before,
    after). None when nothing changed or nothing is audited."""
    if not changes or session.info.get("audit") is False or obj.__tablename__ in _SKIPPED:
        return None
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in changes:
            old, new = changes[attr.key]
            before[attr.key] = _jsonable(old)
            after[attr.key] = _jsonable(new)
    row = _row(session, obj, "update", before, after)
    return row if row["workspace_id"] is not None else None


def with_new_id(row: dict[str, Any], new_id: int) -> dict[str, Any]:
    """A :func:`created_row` of a row inserted since, with its new id filled in (first in
    ``after``, as a flush records it)."""
    after = {"id": new_id, **{k: v for k, v in (row["after"] or {}).items() if k != "id"}}
    return {**row, "entity_id": new_id, "after": after}


def write_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write audit rows (as recorded by a flush, :func:`created_row` or :func:`changed_row`)."""
    if rows:
        session.connection().execute(_INSERT, rows)


def _deleted(ctx: UOWTransaction) -> list[Base]:
    """The rows a flush deletes: those given to ``session.delete`` and also the orphans of a
    replaced collection (``action.owners = [...]``, cascade delete-orphan), which the unit of
    work finds itself and ``session.deleted`` never shows. Read from the flush's own plan:
    no queries. Explicit deletes come first (the flush registers them before it looks for
    orphans)."""
    deleted: list[Base] = []
    for state, (isdelete, listonly) in ctx.states.items():
        if not isdelete or listonly:
            continue
        obj = state.obj()
        if isinstance(obj, Base):
            deleted.append(obj)
    return deleted


def _after_flush(session: Session, ctx: UOWTransaction) -> None:
    if session.info.get("audit") is False:
        return
    rows: list[dict[str, Any]] = []
    deleted = _deleted(ctx)
    gone = {id(obj) for obj in deleted}
    for obj in session.new:
        if isinstance(obj, Base) and obj.__tablename__ not in _SKIPPED:
            rows.append(_row(session, obj, "create", None, _columns(obj)))
    for obj in session.dirty:
        if isinstance(obj, Base) and obj.__tablename__ not in _SKIPPED and id(obj) not in gone:
            before, after = _changes(obj)
            if after:
                rows.append(_row(session, obj, "update", before, after))
    for obj in deleted:
        if obj.__tablename__ not in _SKIPPED:
            rows.append(_row(session, obj, "delete", _columns(obj), None))
    write_rows(session, [r for r in rows if r["workspace_id"] is not None])


def install_audit(session_class: type[Session] = Session) -> None:
    """Register the flush hook (idempotent)."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
