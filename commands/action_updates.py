"""The one place that logs progress on an action and moves its status.

Every path (slash commands, channel messages, forms, buttons) calls :func:`record_update`.
Updates are never edited in place: an edited chat message *supersedes* its update with a new
one, a deleted message *retracts* it, and the action's status and ``last_update_at`` follow.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from commands.errors import UserError
from commands.formatting import fmt_date
from commands.handler_context import HandlerContext
from commands.mentions import readable_mentions
from commands.presenters import action_summary, update_view
from commands.typed_message import PICK_AFTER_DELETE, was_deleted
from commands.views import UpdateLogged, UpdateView
from storage.audit import changed_row, created_row
from storage.models import STATUSES, Action, AuditEvent, Update

MAX_UPDATE_CHARS = 10_000
# The columns an update is inserted with (the id comes from the database).
_UPDATE_COLUMNS = [c for c in Update.__table__.c if c.key != "id"]

# Control characters (NUL in particular, which PostgreSQL refuses) except tab and newlines.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """User text as it is stored: control characters removed, outer whitespace stripped."""
    return _CONTROL.sub("", text).strip()


def check_update_length(text: str) -> None:
    """Refuse update text over the limit, naming the limit (nothing is changed)."""
    if len(text) > MAX_UPDATE_CHARS:
        raise UserError(
            f"That update is too long ({len(text):,} characters; the limit is "
            f"{MAX_UPDATE_CHARS:,}): please shorten it, or link to a document. Nothing was changed."
        )


def record_update(
    h: HandlerContext,
    action: Action,
    text: str,
    *,
    status: str | None = None,
    source: str,
    source_key: str | None = None,
    channel_id: str | None = None,
    message_ts: str | None = None,
    permalink: str | None = None,
    source_key_checked: bool = False,
    edited_ts: str | None = None,
) -> Update:
    """Log an update on ``action`` (and change its status when ``status`` is given).

    A ``source_key`` (e.g. ``slack:C123:1700000000.0001``) makes this idempotent: the update
    already logged from that source is returned and nothing changes. ``source_key_checked``
    skips looking the key up before the insert (which finds a key taken anyway): for callers
    that look it up themselves, or only once something has failed.
    """
    if source_key is not None and not source_key_checked:
        existing = h.repos.actions.update_by_source_key(source_key)
        if existing is not None:
            return existing
    _refuse_deleted_direct_message(h, channel_id, message_ts)
    text = readable_mentions(h, clean_text(text))
    check_update_length(text)
    if status is not None and status not in STATUSES:
        raise UserError(f"“{status}” is not a status. Statuses: {', '.join(STATUSES)}.")
    if source_key is None or not h.uow.is_postgresql:
        # The status this update starts from is the one the last update left, even one
        # committed a moment ago (PostgreSQL's keyed insert checks it in its statement).
        h.repos.actions.lock_for_update(action)
    update = Update(
        workspace_id=h.uow.workspace_id,
        action_id=action.id,
        author_person_id=h.me.person.id if h.me.person is not None else None,
        author_name=h.me.name[:200],
        created_at=h.now,
        text=text,
        status_before=action.status,
        status_after=status,
        source=source,
        source_key=source_key,
        channel_id=channel_id,
        message_ts=message_ts,
        permalink=permalink,
        superseded_by_id=None,
        retracted_at=None,
        retracted_because=None,
        edited_ts=edited_ts,
    )
    if not _insert_once(h, update, action, status):
        # The same message arrived twice at once; the other delivery logged it.
        existing = h.repos.actions.update_by_source_key(source_key or "")
        if existing is None:  # pragma: no cover - the conflict was on this very key
            raise UserError("That update could not be saved. Nothing was changed.")
        return existing
    return update


def _refuse_deleted_direct_message(
    h: HandlerContext, channel_id: str | None, message_ts: str | None
) -> None:
    """Refuse an update typed in a direct message that was deleted before it was delivered
    (Slack's retry of a message csbot had not answered in time). A channel message is
    checked before this, and left unanswered (``commands.progress``)."""
    msg = h.msg
    if not (msg.is_direct and message_ts):
        return
    if (channel_id, message_ts) == (msg.channel_id, msg.message_id) and was_deleted(h):
        raise UserError(PICK_AFTER_DELETE)


def _insert_once(h: HandlerContext, update: Update, action: Action, status: str | None) -> bool:
    """Insert the update and move the action's status and ``last_update_at`` (audited as one
    flush would); False (and nothing changed) when the source key was taken already."""
    session = h.uow.session
    if session.new or session.dirty or session.deleted:
        # Other changes are pending (an edit undoing the old update's status): they are
        # flushed before the update and the action's change, so the audit trail records them
        # as separate steps.
        if update.source_key is None:
            session.add(update)
        session.flush()
    if update.source_key is None:
        _stage(session, update, action, status)
        session.flush()
        return True
    # INSERT ... ON CONFLICT DO NOTHING: no look-up first and no savepoint, and a delivery
    # racing another one waits for it and then finds its key taken.
    values = {c.key: getattr(update, c.key) for c in _UPDATE_COLUMNS}
    # The action's change is written the same way (the ORM's flush would cost more than the
    # statement), with the insert: only the columns whose value changes, as a flush would.
    changes: dict[str, tuple[object, object]] = {}
    if status is not None and status != action.status:
        changes["status"] = (action.status, status)
    if update.created_at != action.last_update_at:
        changes["last_update_at"] = (action.last_update_at, update.created_at)
    # The audit rows a flush would write, written with the insert (its id filled in then).
    new_id = h.repos.actions.insert_update_and_set(
        values,
        action.id,
        {k: new for k, (_, new) in changes.items()},
        expect_status=action.status,
        created=created_row(session, update),
        changed=changed_row(session, action, changes),
    )
    if new_id is None:
        return False
    update.id = new_id
    make_transient_to_detached(update)
    session.add(update)
    for key, (_, value) in changes.items():
        set_committed_value(action, key, value)
    return True


def _stage(session: Session, update: Update, action: Action, status: str | None) -> None:
    session.add(update)
    _stage_action(action, status, update.created_at)


def _stage_action(action: Action, status: str | None, at: datetime) -> None:
    if status is not None:
        action.status = status
    action.last_update_at = at


def retract_update(h: HandlerContext, update: Update, *, because: str) -> Action | None:
    """Retract a live update: its chat message was ``"deleted"``, or ``"edited"`` so that it
    no longer reads as an update.

    The action's status goes back to what it was before the update, unless a later update set
    the status since. Returns the action, or None when the update was not live.
    """
    if update.retracted_at is not None or update.superseded_by_id is not None:
        return None
    action = _action_of(h, update)
    _undo_status(h, action, update)
    update.retracted_at = h.now
    update.retracted_because = because
    if because == "edited" and h.msg.edited_at is not None:
        update.edited_ts = h.msg.edited_at
    h.uow.session.flush()
    _refresh_last_update(h, action, update)
    return action


def supersede_update(
    h: HandlerContext,
    old: Update,
    action: Action,
    text: str,
    *,
    status: str | None = None,
) -> Update:
    """Replace a live update with a new one (its chat message was edited).

    The old update's status change is undone first, so the new one starts from the status the
    action had before the message. ``action`` may differ from the old one's when the edit
    changed the ref.
    """
    check_update_length(clean_text(text))
    old_action = _action_of(h, old)
    _undo_status(h, old_action, old)
    new = record_update(
        h,
        action,
        text,
        status=status,
        source=old.source,
        channel_id=old.channel_id,
        message_ts=old.message_ts,
        permalink=old.permalink,
        edited_ts=h.msg.edited_at,
    )
    old.superseded_by_id = new.id
    h.uow.session.flush()
    if old_action.id != action.id:
        _refresh_last_update(h, old_action, old)
    return new


def logged_view(h: HandlerContext, update: Update, message: str = "") -> UpdateLogged:
    """The confirmation shown after an update was logged."""
    action = _action_of(h, update)
    return UpdateLogged(
        action=action_summary(action, h.today),
        update=update_view(update),
        message=message,
        update_id=update.id,
    )


def _action_of(h: HandlerContext, update: Update) -> Action:
    action = h.repos.actions.by_id(update.action_id)
    if action is None:  # pragma: no cover - updates cascade with their action
        raise UserError("The action of that update no longer exists.")
    return action


def _later_status_update_exists(h: HandlerContext, update: Update) -> bool:
    """True when a live update logged after ``update`` set the action's status."""
    later = h.uow.session.scalars(
        select(Update.id).where(
            Update.workspace_id == h.uow.workspace_id,
            Update.action_id == update.action_id,
            Update.id != update.id,
            Update.status_after.is_not(None),
            Update.superseded_by_id.is_(None),
            Update.retracted_at.is_(None),
            (Update.created_at > update.created_at)
            | ((Update.created_at == update.created_at) & (Update.id > update.id)),
        )
    ).first()
    return later is not None


def _undo_status(h: HandlerContext, action: Action, update: Update) -> None:
    """Put the status back to what it was before ``update``, if that update still decides it."""
    if update.status_after is None or update.status_before is None:
        return
    if action.status != update.status_after or _later_status_update_exists(h, update):
        return
    action.status = _status_without(h, update)


def _status_without(h: HandlerContext, update: Update) -> str:
    """The status the action would have without ``update``: the status before it, looking
    through earlier status changes that were themselves retracted or superseded."""
    status = update.status_before or "not_started"
    earlier = h.uow.session.scalars(
        select(Update)
        .where(
            Update.workspace_id == h.uow.workspace_id,
            Update.action_id == update.action_id,
            Update.id != update.id,
            Update.status_after.is_not(None),
            (Update.created_at < update.created_at)
            | ((Update.created_at == update.created_at) & (Update.id < update.id)),
        )
        .order_by(Update.created_at.desc(), Update.id.desc())
    )
    for previous in earlier:
        if previous.retracted_at is None and previous.superseded_by_id is None:
            break
        status = previous.status_before or status
    return status


def _refresh_last_update(h: HandlerContext, action: Action, gone: Update) -> None:
    """After ``gone`` stopped being live, ``last_update_at`` is the newest live update's time."""
    if action.last_update_at is not None and action.last_update_at != gone.created_at:
        return
    latest = h.repos.actions.latest_updates([action.id]).get(action.id)
    action.last_update_at = latest.created_at if latest is not None else None
    h.uow.session.flush()


# -- changes recorded only in the audit trail ----------------------------------------------

_ACTOR_NAME = re.compile(r"\(([^()]*)\)\s*$")


def recorded_changes(h: HandlerContext, action: Action) -> list[UpdateView]:
    """Due-date moves and changes of owners (kept only in ``audit_event``), newest first, as
    history entries: "due date moved 31 Aug 2027 → 31 Mar 2028"."""
    rows = h.uow.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.workspace_id == h.uow.workspace_id,
            AuditEvent.entity == "action",
            AuditEvent.entity_id == action.id,
            AuditEvent.change == "update",
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    entries: list[UpdateView] = []
    for row in rows:
        text = _change_text(row.before or {}, row.after or {})
        if text:
            entries.append(
                UpdateView(at=row.at, author=_actor_name(row.actor), text=text, source="change")
            )
    return entries


def _change_text(before: dict[str, object], after: dict[str, object]) -> str:
    parts: list[str] = []
    if "due_date" in after:
        parts.append(
            f"due date moved {_due_words(before.get('due_date'), before.get('due_text'))} → "
            f"{_due_words(after.get('due_date'), after.get('due_text'))}"
        )
    elif "due_text" in after:
        parts.append(f"timescale changed “{before.get('due_text') or ''}” → “{after['due_text']}”")
    if "lead_text" in after:
        was = str(before.get("lead_text") or "nobody")
        parts.append(f"owners changed {was} → {after['lead_text'] or 'nobody'}")
    return "; ".join(parts)


def _due_words(iso: object, raw: object) -> str:
    if isinstance(iso, str) and iso:
        try:
            return fmt_date(date.fromisoformat(iso[:10]))
        except ValueError:
            return iso
    return f"no date ({raw})" if raw else "no date"


def _actor_name(actor: str) -> str:
    """``console:operator (console operator)`` -> ``console operator``."""
    m = _ACTOR_NAME.search(actor)
    return (m.group(1) if m else actor)[:200] or "someone"
