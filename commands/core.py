"""The core entry point: one message in, one Outcome out. Owns the unit of work per message."""

from __future__ import annotations

import logging
import random
import re
import time
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from commands.context import MessageContext
from commands.dates import local_today
from commands.errors import ConflictError, NotUnderstood, UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.identity import actor_name, resolve_me
from commands.lookup import AmbiguousRef
from commands.progress import (
    FROM_MESSAGE,
    PICK_GENERATION,
    looks_like_channel_update,
    looks_like_progress,
    several_refs,
    typed_update,
)
from commands.registry import REGISTRY, Command, Registry
from commands.views import Notice, Outcome, View
from storage.db_errors import RowMoved, lost_a_race
from storage.models import utcnow
from storage.unit_of_work import NeedsTransaction, Store, WorkspaceNotFound

log = logging.getLogger(__name__)

MAX_COMMAND_CHARS = 4000
# The command an update typed as ``4.3: …`` in a direct message stands for (group, usage).
UPDATE_COMMAND = ("actions", "update <ref> <text...>")
MAX_MESSAGE_CHARS = 40000
# How often a unit of work that clashed with a concurrent one (see lost_a_race) is tried in
# all, and the most it waits before trying again (randomised, so two clashing requests part).
ATTEMPTS = 3
RETRY_PAUSE = 0.05
ALREADY_DONE = (
    "Already done: this very request was received and carried out before. "
    "Nothing was changed this time."
)


def _load_handlers() -> None:
    import commands.handlers  # noqa: F401  (registers every command on REGISTRY)


class Core:
    """Runs commands and channel messages against the store, one unit of work each."""

    def __init__(
        self,
        store: Store,
        *,
        registry: Registry = REGISTRY,
        clock: Callable[[], datetime] = utcnow,
        timezone: str = "Europe/London",
    ) -> None:
        _load_handlers()
        self.store = store
        self.registry = registry
        self.clock = clock
        self.timezone = timezone

    # -- entry points ------------------------------------------------------------------------

    def handle(
        self,
        msg: MessageContext,
        text: str,
        *,
        read_only: bool = False,
        request_key: str | None = None,
        from_message: bool = False,
        generation: int = 0,
    ) -> Outcome | None:
        """Answer a message: a command, a channel progress update, or None when not for us.

        ``read_only`` refuses commands that change anything (for buttons that only re-show an
        answer: another page of a list, or sharing it in the channel). ``request_key`` names
        the request (an adapter's digest of it): a command that writes is carried out at most
        once per key (see :meth:`UnitOfWork.claim_request`); read-only ones record nothing.
        ``from_message``: an ``/actions update`` that stands for an update typed as ``4.3: …``
        in a direct message (its plan picked afterwards, see ``commands/action_pick.py``;
        ``msg.message_id`` is the typed message): the update keeps the message, as when it
        was logged straight away, so editing or deleting it changes the update; ``generation``
        is the pick's (see ``commands/typed_message.py``): refused when the message was
        edited since the pick was drawn, or deleted."""
        text = text.strip()
        if not text.startswith("/") and looks_like_progress(text):
            # Ref first ("Action 4.3: done", "4.3: done"): an update, never the command its
            # first word may name ("action" is also /actions).
            return None if read_only else self._progress(msg, text, request_key)
        refs = several_refs(text) if not text.startswith("/") else []
        if refs:
            return _one_update_per_action(refs)
        try:
            split = self.registry.split_group(text[:MAX_COMMAND_CHARS])
        except NotUnderstood as exc:
            return _error(exc, understood=False)
        if split is None:
            if not msg.is_direct and not read_only and looks_like_channel_update(text):
                # "CPAC 343/1: done" after an @-mention: only the committees tell it from chat.
                return self.handle_channel_message(msg, text)
            return None
        if len(text) > MAX_COMMAND_CHARS:
            return Outcome(
                reply=Notice(
                    level="error",
                    text=f"That is too long for a command ({len(text):,} characters; "
                    f"the limit is {MAX_COMMAND_CHARS:,}). Nothing was changed.",
                ),
                understood=True,  # a polite refusal of a command recognised (exit 0)
            )
        group, words = split
        if not words or (len(words) == 1 and words[0].lower() in ("help", "?")):
            return Outcome(reply=self.registry.help(group))
        try:
            command, bindings = self.registry.resolve(group, words)
        except NotUnderstood as exc:
            return _error(exc, understood=False)
        if read_only and command.writes:
            return Outcome(
                reply=Notice(
                    level="error",
                    text="That command changes things, so this button cannot run it. "
                    "Nothing was changed.",
                ),
                understood=False,
            )
        if from_message and (command.group, command.usage) == UPDATE_COMMAND:
            bindings = {**bindings, FROM_MESSAGE: True, PICK_GENERATION: str(generation)}
        typed = f"/{group} {' '.join(words)}" if group else " ".join(words)
        return self._run(
            msg,
            lambda h: _answer(command, h, bindings, typed),
            writes=command.writes,
            request_key=request_key,
        )

    def _progress(self, msg: MessageContext, text: str, request_key: str | None) -> Outcome | None:
        """A message shaped like a progress update, sent to the bot. A direct message has no
        plan's channel: it is the ``/actions update`` it stands for (the same checks, and a
        ref in several plans is asked about), its text kept as typed. Anywhere else it is a
        channel message (logged in a plan's channel, else None)."""
        typed = typed_update(text) if msg.is_direct else None
        if typed is None:
            return self.handle_channel_message(msg, text)
        ref, rest = typed
        command, bindings = self.registry.resolve("actions", ["update", ref, *rest.split()])
        # Kept with the message, so that editing or deleting it changes the update too.
        bindings = {**bindings, "text": rest, FROM_MESSAGE: True}
        retyped = f"/actions update {ref} {rest}"
        return self._run(
            msg,
            lambda h: _answer(command, h, bindings, retyped),
            writes=command.writes,
            request_key=request_key,
        )

    def handle_channel_message(self, msg: MessageContext, text: str) -> Outcome | None:
        """A message in a channel: logged when it is a progress update in a plan's channel."""
        from commands.progress import handle_progress_message

        if msg.channel_id is None or not looks_like_channel_update(text):
            return None
        # Logging an update reads, then sends one statement that is whole on its own: on
        # PostgreSQL it needs no transaction around it (see Store.unit_of_work).
        return self._run_optional(msg, lambda h: handle_progress_message(h, text), one_write=True)

    def handle_edit(self, msg: MessageContext, new_text: str) -> Outcome | None:
        """A chat message was edited: its update is superseded (or retracted). A direct
        message with no update (its plan perhaps still to be picked) that now reads as an
        update is answered as if typed anew (logged, or a fresh pick offered), and the picks
        drawn for it before are out of date (``commands/typed_message.py``)."""
        from commands.progress import handle_progress_edit
        from commands.typed_message import message_edited

        anew: list[bool] = []

        def edit(h: HandlerContext) -> View | None:
            view = handle_progress_edit(h, new_text)
            anew[:] = [view is None and message_edited(h)]
            return view

        outcome = self._run_optional(msg, edit)
        text = new_text.strip()
        if outcome is None and anew == [True] and typed_update(text) is not None:
            return self._progress(msg, text, None)
        return outcome

    def handle_delete(self, msg: MessageContext) -> Outcome | None:
        """A chat message was deleted: its update is retracted."""
        from commands.progress import handle_progress_delete

        return self._run_optional(msg, handle_progress_delete)

    def run_view(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View],
        *,
        writes: bool = True,
        request_key: str | None = None,
    ) -> Outcome:
        """Run any core function (used by buttons and forms) in its own unit of work; with
        ``request_key``, writing work is carried out at most once per key (see handle)."""
        return self._run(msg, fn, writes=writes, request_key=request_key)

    # -- machinery ---------------------------------------------------------------------------

    def _context(self, msg: MessageContext) -> tuple[datetime, str]:
        now = msg.now or self.clock()
        return now, self.timezone

    def _run_optional(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View | None],
        *,
        one_write: bool = False,
    ) -> Outcome | None:
        holder: list[View | None] = []

        def call(h: HandlerContext) -> View:
            view = fn(h)
            holder[:] = [view]  # only the attempt that was committed counts
            return view if view is not None else Notice(text="")

        outcome = self._run(msg, call, writes=True, one_write=one_write)
        if holder and holder[0] is None:
            return None
        return outcome

    def _run(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View],
        *,
        writes: bool,
        one_write: bool = False,
        request_key: str | None = None,
    ) -> Outcome:
        """Run ``fn`` in a unit of work. Work that clashed with another request's at the same
        moment (two new rows with one key: two actions given the next ref, one KPI period set
        twice, one role created twice; or PostgreSQL giving up on a deadlock) was rolled back
        whole; it is run again from the start, in a new transaction that sees what the other
        committed, up to ATTEMPTS times. Then ConflictError (nothing was changed)."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._run_attempt(
                    msg,
                    fn,
                    writes=writes,
                    one_write=one_write,
                    request_key=request_key,
                )
            except (DBAPIError, RowMoved) as exc:
                if isinstance(exc, DBAPIError) and not lost_a_race(exc):
                    raise
                log.info(
                    "attempt %d of %d clashed with concurrent work: %s",
                    attempt,
                    ATTEMPTS,
                    type(exc.orig if isinstance(exc, DBAPIError) else exc).__name__,
                )
                if attempt == ATTEMPTS:
                    raise ConflictError() from exc
                time.sleep(random.uniform(0.2, 1.0) * RETRY_PAUSE * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _run_attempt(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View],
        *,
        writes: bool,
        one_write: bool,
        request_key: str | None,
    ) -> Outcome:
        if not writes or one_write:
            try:
                return self._run_once(
                    msg, fn, writes=writes, read_only=not writes, one_write=one_write
                )
            except NeedsTransaction:
                # Something else had to be written (a first-time caller is linked to a
                # person, say); nothing was, so the work runs again in a transaction.
                pass
        key = request_key if writes else None
        return self._run_once(msg, fn, writes=writes, read_only=False, request_key=key)

    def _run_once(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View],
        *,
        writes: bool,
        read_only: bool,
        one_write: bool = False,
        request_key: str | None = None,
    ) -> Outcome:
        now, tz = self._context(msg)
        try:
            with self.store.unit_of_work(
                msg.workspace, actor="unknown", now=now, read_only=read_only, one_write=one_write
            ) as uow:
                # Claimed first, in the work's own transaction: a replay waits for the first
                # request to commit, then finds the key taken (and a failure frees it).
                if request_key and not uow.claim_request(request_key):
                    return Outcome(reply=Notice(level="warning", text=ALREADY_DONE))
                me = resolve_me(uow, msg)  # first: it loads the workspace row too
                tz = uow.timezone or tz
                uow.actor = _actor(msg, actor_name(msg.caller, me))
                h = HandlerContext(
                    uow=uow,
                    msg=msg,
                    me=me,
                    now=now,
                    today=local_today(now, tz),
                    tz=tz,
                    registry=self.registry,
                )
                view = fn(h)
                changed = bool(uow.session.new or uow.session.dirty or uow.session.deleted)
                uow.commit()
                return Outcome(reply=view, changed=changed or writes)  # type: ignore[arg-type]
        except WorkspaceNotFound:
            return Outcome(
                reply=Notice(
                    level="error",
                    text=f"There is no workspace “{msg.workspace}”. Nothing was changed.",
                ),
            )
        except UserError as exc:
            exc.message = refusal_text(exc.message, writes=writes)
            return _error(exc, understood=not isinstance(exc, NotUnderstood))


def _actor(msg: MessageContext, name: str) -> str:
    return f"{msg.caller.platform}:{msg.caller.user_id} ({name})"


def _answer(command: Command, h: HandlerContext, bindings: Bindings, typed: str) -> View:
    """Run a command's handler; a ref in several plans is refused with the command as typed,
    once per plan, to pick from (not another command)."""
    try:
        return command.handler(h, bindings)
    except AmbiguousRef as exc:
        ref = bindings.get("ref")
        if not isinstance(ref, str) or ref not in typed:
            raise
        raise exc.retyped(typed, ref) from None


def _one_update_per_action(refs: list[str]) -> Outcome:
    """The refusal of one update written for several actions ("1.1, 2.3: both progressing")."""
    each = " and ".join(f"`{ref}: …`" for ref in refs[:5])
    return Outcome(
        reply=Notice(
            level="error",
            text=f"One update per action, please: send {each} as separate messages, and each "
            "is logged on its own action. Nothing was changed.",
        ),
        understood=True,  # a polite refusal of an update recognised
    )


def _error(exc: UserError, *, understood: bool) -> Outcome:
    return Outcome(
        reply=Notice(
            level="error",
            text=one_full_stop(exc.message),
            suggestions=exc.suggestions,
            field=exc.field,
        ),
        understood=understood,
    )


UNCHANGED = "Nothing was changed."
_UNCHANGED_RE = re.compile(r"\s*Nothing (?:was )?changed\.")
# An update refused says so its own way ("Nothing was logged: send it again with one.").
_NOT_LOGGED = "Nothing was logged"


def refusal_text(message: str, *, writes: bool) -> str:
    """A refusal as the user reads it, one rule for every command: that of a command that
    writes says that nothing was changed (once), that of one that only reads never does
    (there was nothing it could have changed)."""
    if not writes:
        return _UNCHANGED_RE.sub("", message).strip()
    if _UNCHANGED_RE.search(message) or _NOT_LOGGED in message:  # said already, its way
        return message
    text = message.rstrip()
    return f"{text}{'' if text.endswith(('.', '!', '?', '…')) else '.'} {UNCHANGED}"


# Two full stops ending a sentence ("… id 7.. Nothing was changed."): a message ending in a
# full stop was joined into another that adds its own. An ellipsis ("...") is left alone.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?=\s|$)")


def one_full_stop(text: str) -> str:
    """``text`` with every sentence ending in one full stop, however its parts were joined."""
    return _DOUBLE_STOP.sub(".", text)


def new_error_id() -> str:
    """A short id shown to the user and logged with an unexpected error."""
    return uuid.uuid4().hex[:8]
