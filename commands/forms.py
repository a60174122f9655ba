"""Core functions behind forms and buttons (Slack modals, Teams cards).

Adapters run them through ``Core.run_view(msg, lambda h: ...)`` (one unit of work each) or,
for data that is not a reply, through :func:`fetch`. Progress is logged only through
:func:`commands.action_updates.record_update`; the rules are the commands' own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from commands.action_updates import check_update_length, clean_text, logged_view, record_update
from commands.context import MessageContext
from commands.core import Core
from commands.errors import NotFound, UserError, about
from commands.formatting import fmt_date
from commands.handler_context import HandlerContext
from commands.handlers.actions_read import action_detail
from commands.handlers.actions_write import actions_add, actions_done, check_due_range
from commands.lookup import find_action
from commands.permissions import require_can_change_action, require_can_edit_action
from commands.status import label
from commands.views import ActionDetail, Notice, View
from storage.models import STATUSES, Action

T = TypeVar("T")


def fetch(core: Core, msg: MessageContext, fn: Callable[[HandlerContext], T]) -> T | Notice:
    """Run a read-only core function that returns data rather than a reply.

    Returns what ``fn`` returned, or the Notice the core made of a user error.
    """
    holder: list[T] = []

    def call(h: HandlerContext) -> View:
        holder.append(fn(h))
        return Notice(text="")

    outcome = core.run_view(msg, call, writes=False)
    if holder:
        return holder[0]
    reply = outcome.reply
    return reply if isinstance(reply, Notice) else Notice(level="error", text="Nothing to show.")


def action_by_id(h: HandlerContext, action_id: int) -> Action:
    """An action of this workspace by its id (buttons and forms carry ids)."""
    action = h.repos.actions.by_id(action_id)
    if action is None:
        raise NotFound("That action no longer exists. Nothing was changed.")
    return action


def command_ref(action: Action) -> str:
    """The ref that names this action in any command: ``plan-slug:ref``."""
    return f"{action.plan.slug}:{action.ref}"


def action_form(h: HandlerContext, action_id: int) -> ActionDetail:
    """An action as the update form shows it (status and due date to start from)."""
    return action_detail(h, action_by_id(h, action_id))


def mark_done(h: HandlerContext, action_id: int) -> View:
    """The Mark done button: exactly what ``/actions done <ref>`` does."""
    return actions_done(h, {"ref": command_ref(action_by_id(h, action_id))})


def _check_status(status: str | None) -> str | None:
    if status is not None and status not in STATUSES:
        raise UserError(f"“{status}” is not a status. Nothing was changed.")
    return status


def moves_due(h: HandlerContext, action: Action, due: date | None) -> bool:
    """Whether the update form moves the action's due date to ``due``; a new date outside
    the range ``/actions due`` accepts is refused (a date left as it was is not checked)."""
    if due is None or due == action.due_date:
        return False
    check_due_range(due, h.today)
    return True


@dataclass(frozen=True)
class Shown:
    """What an update form's pickers started from when it opened."""

    status: str | None
    due: date | None


def submit_action_update(
    h: HandlerContext,
    action_id: int,
    *,
    note: str = "",
    status: str | None = None,
    due: date | None = None,
    shown: Shown | None = None,
    due_sent: bool = True,
) -> View:
    """The update form: log a note and/or a status change, and move the due date.

    With ``shown`` (what the form's pickers started from), a picker left as it was changes
    nothing, even when the action changed since the form opened; a value the user picked
    replaces the current one, and the reply names the current one, not the form's.
    ``due_sent`` False: the form's date field was not in what the client sent (one may leave
    out a field its user did not touch), so the due date is left as it is; only a date the
    user took out clears it.
    """
    action = action_by_id(h, action_id)
    require_can_change_action(h.me, action)
    if not due_sent:
        due = shown.due if shown is not None else None  # as the form showed it: no change
    # A date the form showed and its user took out: the due date is cleared (TBC).
    cleared = shown is not None and shown.due is not None and due is None
    if shown is not None:
        status = None if status == shown.status else status
        due = None if due == shown.due else due
    note = clean_text(note)
    with about("note"):
        check_update_length(note)
    with about("status"):
        status = submitted = _check_status(status)
    if status == action.status:
        status = None
    with about("due"):
        new_due = due if moves_due(h, action, due) else None
        if new_due is not None or (cleared and action.due_date is not None):
            require_can_edit_action(h.me, action, "due date")
    since = _changed_since(action, shown, status, new_due)
    moved = ""
    if new_due is not None:
        before = _due_words(action)
        action.due_date = new_due
        action.due_text = fmt_date(new_due)  # as chat keeps a date typed ("31 Mar 2027")
        moved = f"Due date moved to {fmt_date(new_due)} (was {before})."
    elif cleared and action.due_date is not None:
        before = _due_words(action)
        action.due_date, action.due_text = None, "TBC"
        moved = f"Due date cleared: now TBC (was {before})."
    if not note and status is None:
        if moved:
            h.uow.session.flush()
            return Notice(level="success", text=f"{action.ref}: {moved} {since}".strip())
        nothing = f"Nothing to change on {action.ref}: add a note, a status or a date."
        return Notice(text=f"{nothing} {since}".strip())
    key = _form_key(h, action, note, submitted)
    earlier = h.repos.actions.update_by_source_key(key)
    if earlier is not None and earlier.id == h.repos.actions.newest_update_id(action.id):
        return logged_view(h, earlier, message=f"That was logged on {action.ref} already.")
    # The same words logged earlier today, with other updates since: a new update, unkeyed.
    update = record_update(
        h, action, note, status=status, source="form", source_key=None if earlier else key
    )
    logged = f"Logged on {action.ref} ({action.plan.name})."
    return logged_view(h, update, message=" ".join(m for m in (logged, moved, since) if m))


def _due_words(action: Action) -> str:
    return fmt_date(action.due_date) if action.due_date else (action.due_text or "no date")


def _changed_since(
    action: Action, shown: Shown | None, status: str | None, due: date | None
) -> str:
    """What someone else changed since the form opened (said before this submission changes
    anything): what the user's choice replaced, or what was kept as it is now."""
    if shown is None:
        return ""
    said = []
    since = "since this form opened"
    if shown.status is not None and action.status != shown.status:
        kept = "your choice replaced it" if status is not None else "it was left as it is"
        said.append(f"The status had been changed to {label(action.status)} {since}; {kept}.")
    if action.due_date != shown.due:
        kept = "your date replaced it" if due is not None else "it was left as it is"
        said.append(f"The due date had been changed to {_due_words(action)} {since}; {kept}.")
    return " ".join(said)


def _form_key(h: HandlerContext, action: Action, note: str, status: str | None) -> str:
    """The key of a form's update: the same person's same note and status on the same action
    and day. A form submitted twice (a double press, a resubmit) logs once: two at the same
    moment meet at the key's unique index."""
    who = f"{h.platform}:{h.msg.caller.user_id}"
    said = hashlib.sha256(f"{who}|{status or ''}|{note}".encode()).hexdigest()[:32]
    return f"form:{action.id}:{h.today.isoformat()}:{said}"


def submit_new_action(
    h: HandlerContext,
    *,
    title: str,
    owners: str,
    due: date | None,
    due_text: str = "",
    plan: str | None = None,
) -> View:
    """The add form: exactly what ``/actions add ... owner ... due ... [plan ...]`` does."""
    when = due.isoformat() if due is not None else (clean_text(due_text) or "TBC")
    args: dict[str, str | bool] = {"title": title, "owner": owners, "when": when}
    if plan:
        args["plan"] = plan
    try:
        return actions_add(h, args)
    except UserError as exc:
        if exc.field == "due" and due is None:
            exc.field = "due_text"  # the form's typed timescale, not its date picker
        raise


@dataclass(frozen=True)
class PlanChoice:
    """A plan offered in a form's picker."""

    slug: str
    name: str


def plan_choices(h: HandlerContext) -> tuple[list[PlanChoice], str | None]:
    """Every plan (for a picker) and the one to preselect: the channel's, or the only one."""
    plans = list(h.repos.plans.all())
    choices = [PlanChoice(p.slug, p.name) for p in plans]
    channel = h.channel_plan()
    if channel is not None:
        return choices, channel.slug
    return choices, (plans[0].slug if len(plans) == 1 else None)


def log_message_as_update(
    h: HandlerContext,
    *,
    ref: str,
    text: str,
    status: str | None,
    channel_id: str,
    message_ts: str,
    permalink: str | None,
) -> View:
    """The "Log as action update" shortcut: a chat message becomes an update on an action.

    The message's source key makes this idempotent: a message already logged (by the
    shortcut or as a progress message in a plan's channel) is not logged twice.
    """
    with about("ref"):
        action = find_action(h, ref)
    require_can_change_action(h.me, action)
    with about("status"):
        status = _check_status(status)
    source_key = f"{h.platform}:{channel_id}:{message_ts}"
    existing = h.repos.actions.update_by_source_key(source_key)
    if existing is not None:
        return logged_view(h, existing, message="That message was already logged.")
    # The status was checked above: what record_update may still refuse is the note.
    with about("note"):
        if not clean_text(text) and status is None:
            raise UserError("Nothing to log: add a note or a status. Nothing was changed.")
        update = record_update(
            h,
            action,
            text,
            status=status,
            source="shortcut",
            source_key=source_key,
            source_key_checked=True,  # looked up just above
            channel_id=channel_id,
            message_ts=message_ts,
            permalink=permalink,
        )
    return logged_view(h, update)


def status_choices() -> list[tuple[str, str]]:
    """Every status with its label, in the vocabulary's order (for pickers)."""
    return [(s, label(s)) for s in STATUSES]
