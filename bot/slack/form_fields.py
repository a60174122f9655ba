"""Which field of a form a refusal is about, so Slack shows the error under that field.

The core refuses a form with one message and no field. When it does, :class:`FieldBlame`
asks which field is at fault, in the order the core checks them and with the core's own
lookups and parsers (nothing is decided here that the core does not decide). A refusal that is
not about one field (an unknown caller, a missing permission) stays on the form's main field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from commands.action_updates import MAX_UPDATE_CHARS, clean_text
from commands.errors import UserError
from commands.forms import moves_due
from commands.handler_context import HandlerContext
from commands.handlers.actions_write import MAX_TITLE_CHARS, check_due_range, parse_when
from commands.lookup import default_plan, find_plan
from commands.permissions import require_can_change_action
from commands.safe_log import log_failure
from commands.views import View
from storage.models import STATUSES

log = logging.getLogger(__name__)

Check = Callable[[HandlerContext], str | None]


@dataclass
class FieldBlame:
    """Wraps a form's core function; after a refusal, ``field`` names the field at fault."""

    check: Check
    field: str | None = None

    def wrap(self, fn: Callable[[HandlerContext], View]) -> Callable[[HandlerContext], View]:
        """``fn``, noting the field at fault when it refuses (the refusal itself goes on)."""

        def run(h: HandlerContext) -> View:
            try:
                return fn(h)
            except UserError:
                self.field = self._blame(h)
                raise

        return run

    def _blame(self, h: HandlerContext) -> str | None:
        try:
            return self.check(h)
        except Exception as exc:  # finding the field must never replace the user's message
            # The error's class and where it was raised, never its text: that could quote
            # what was typed into the form.
            log_failure(
                log,
                "could not tell which form field a refusal is about",
                exc=exc,
                level=logging.WARNING,
            )
            return None


def add_form(title: str, plan: str | None, due: date | None, due_text: str) -> Check:
    """The add form's field at fault, checked in ``actions add``'s order."""

    def check(h: HandlerContext) -> str | None:
        if not h.me.is_known:
            return None
        try:
            find_plan(h, plan) if plan else default_plan(h)
        except UserError:
            return "plan"
        cleaned = clean_text(title)
        if not cleaned or len(cleaned) > MAX_TITLE_CHARS:
            return "title"
        return due_fault(h, due, due_text) or "owners"

    return check


def update_form(action_id: int, status: str | None, note: str, due: date | None) -> Check:
    """The update form's field at fault, checked in ``submit_action_update``'s order: the
    note when too long, the status when it is not one, the due date when out of range."""

    def check(h: HandlerContext) -> str | None:
        if not h.me.is_known:
            return None
        action = h.repos.actions.by_id(action_id)
        if action is None:
            return None
        try:
            require_can_change_action(h.me, action)
        except UserError:
            return None
        if len(clean_text(note)) > MAX_UPDATE_CHARS:
            return "note"
        if status is not None and status not in STATUSES:
            return "status"
        try:
            moves_due(h, action, due)
        except UserError:
            return "due"
        return None

    return check


def log_form(status: str | None, note: str) -> Check:
    """The "Log as action update" form's field at fault (else the ref)."""

    def check(_: HandlerContext) -> str | None:
        if status is not None and status not in STATUSES:
            return "status"
        return "note" if len(clean_text(note)) > MAX_UPDATE_CHARS else None

    return check


def due_fault(h: HandlerContext, due: date | None, due_text: str) -> str | None:
    """The add form's date field ``actions add`` refuses: the picked date (``due``) or the typed
    timescale (``due_text``) when unreadable or out of chat's range; None when it is fine.
    Both are read by the core's own ``parse_when`` and ``check_due_range``."""
    try:
        if due is not None:
            check_due_range(due, h.today)
        else:
            parse_when(h, clean_text(due_text) or "TBC")
    except UserError:
        return "due" if due is not None else "due_text"
    return None
