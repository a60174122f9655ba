"""What the user is told when the core, or the database under it, fails: one wording for
every adapter (Slack, Teams), chosen by the kind of failure and by whether the request
changes things.

- ``conflict``: the core ran the work ATTEMPTS times and it clashed with somebody else's
  change every time (:class:`commands.errors.ConflictError`). Nothing was changed; trying
  again will very likely work.
- ``unreachable``: the database did not answer: the connection failed, was cut, timed out,
  or the database was locked or busy. Trying again in a moment will very likely work.
- ``refused``: the database answered with an error that trying again will not cure (a
  missing table, a full disk, no permission, data it would not take): an administrator has
  to look, so the user is asked to pass on the error id.
- ``bug``: anything else (a fault in csbot itself).

A request that only reads is told "I couldn't read that", never "Not saved".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from commands.errors import ConflictError
from commands.safe_log import describe_error, log_failure
from storage.db_errors import is_transient

Kind = Literal["conflict", "unreachable", "refused", "bug"]
CONFLICT: Kind = "conflict"
UNREACHABLE: Kind = "unreachable"
REFUSED: Kind = "refused"
BUG: Kind = "bug"

_TRY_AGAIN_LATER = (
    "Trying again will not help until an administrator has looked: give them the error id."
)


def kind_of(exc: BaseException) -> Kind:
    """What kind of failure ``exc`` is (see the module's docstring)."""
    if isinstance(exc, ConflictError):
        return CONFLICT
    if isinstance(exc, (DisconnectionError, PoolTimeout)):
        return UNREACHABLE
    if isinstance(exc, DBAPIError):
        return UNREACHABLE if is_transient(exc) else REFUSED
    # Anything else, SQLAlchemy's own errors included (a misuse of the ORM, a value no column
    # type takes), is not the database's answer.
    return BUG


@dataclass(frozen=True)
class Failure:
    """One failure, as the user is told of it: its kind, its error id (logged with it) and,
    for a conflict, the core's own sentence."""

    kind: Kind
    error_id: str
    message: str = ConflictError.MESSAGE

    @classmethod
    def of(cls, exc: BaseException, error_id: str) -> Failure:
        """The failure ``exc`` is."""
        if isinstance(exc, ConflictError):
            return cls(CONFLICT, error_id, exc.message)
        return cls(kind_of(exc), error_id)

    @property
    def database(self) -> bool:
        """True when the database failed (not csbot itself): a channel message is then
        answered with HTTP 500, so that Slack delivers it again."""
        return self.kind != BUG

    def text(self, *, writes: bool = True) -> str:
        """What the user is told, straight away, about a request that failed; ``writes``
        says whether the request changes things (else it only reads)."""
        eid = self.error_id
        if self.kind == CONFLICT:
            if not writes:  # a read changes nothing: "Not saved … Nothing was changed" is wrong
                return (
                    "I couldn't read that just now: something it needs was being changed at "
                    f"the same moment. Please try again. (error id {eid})"
                )
            return f"{self.message} (error id {eid})"
        if self.kind == UNREACHABLE:
            if not writes:
                return (
                    "I couldn't read that from the database just now: it did not answer. "
                    f"Please try again in a moment. (error id {eid})"
                )
            return (
                "Not saved: the database did not answer. Nothing was changed — please try "
                f"again in a moment. (error id {eid})"
            )
        if self.kind == REFUSED:
            if not writes:
                return (
                    f"I couldn't read that from the database: it refused (error id {eid}). "
                    "Trying again will not help until an administrator has looked: give your "
                    "administrator the error id."
                )
            return (
                f"Not saved: the database refused the change (error id {eid}). Nothing was "
                f"changed. {_TRY_AGAIN_LATER}"
            )
        if not writes:
            return (
                "Something went wrong on my side. Please try again; if it keeps happening, "
                f"give your administrator the error id {eid}."
            )
        return (
            "Something went wrong on my side, so this may not have been saved. Please try "
            f"again; if it keeps happening, give your administrator the error id {eid}."
        )

    def text_before_redelivery(
        self, *, writes: bool = True, last: bool = False, platform: str = "Slack"
    ) -> str:
        """What the author of a chat message is told when ``platform`` will deliver the
        message again by itself (Slack, after HTTP 500); ``last`` when it will not any more."""
        eid = self.error_id
        if self.kind == REFUSED:
            if not writes:
                return self.text(writes=False)
            head = "Still not saved" if last else "Not saved"
            return (
                f"{head}: the database refused the change (error id {eid}). Nothing was "
                f"changed. {_TRY_AGAIN_LATER}"
            )
        if writes:
            head = f"{'Still not saved' if last else 'Not saved yet'}: {_WHY[self.kind]}."
        else:
            head = _READ_HEAD[self.kind]
        if last:
            then = (
                "Please post your message again later."
                if writes
                else ("Please send your message again later.")
            )
        elif writes:
            then = (
                f"{platform} will send your message again in a moment; if it isn't logged by "
                "then, post it again."
            )
        else:
            then = (
                f"{platform} will send your message again in a moment; if you get no answer "
                "by then, send it again."
            )
        if self.kind == BUG:
            tail = f"If it keeps happening, give your administrator the error id {eid}."
        else:
            tail = f"(error id {eid})"
        return f"{head} {then} {tail}"


_WHY = {
    CONFLICT: "someone else changed the same thing at the same moment",
    UNREACHABLE: "I couldn't reach the database",
    BUG: "something went wrong on my side",
}
_READ_HEAD = {
    CONFLICT: "I couldn't read that just now: someone else was changing the same thing.",
    UNREACHABLE: "I couldn't read that from the database just now: it did not answer.",
    BUG: "Something went wrong on my side.",
}


def log_failure_of(
    logger: logging.Logger,
    failure: Failure,
    exc: BaseException,
    message: str,
    *args: object,
) -> None:
    """Log a failure without its data (see ``commands.safe_log``). A conflict is expected
    under load and is logged at WARNING, with what clashed and no traceback; anything else
    at ERROR with where it happened."""
    if failure.kind == CONFLICT:
        cause = exc.__cause__ if exc.__cause__ is not None else exc
        logger.warning(message + ": %s", *args, describe_error(cause))
        return
    log_failure(logger, message, *args, exc=exc)
