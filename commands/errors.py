"""Domain errors: each becomes a clear message for the user, never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class UserError(Exception):
    """Something the user asked for cannot be done; the message says why. Nothing changed.

    ``field`` names the part of the request the refusal is about ("title", "due", "note"…),
    when it is about one: a form shows the message under that field.
    """

    def __init__(
        self, message: str, suggestions: list[str] | None = None, *, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []
        self.field = field


@contextmanager
def about(field: str) -> Iterator[None]:
    """A refusal raised inside is about ``field`` (unless it already names a field)."""
    try:
        yield
    except UserError as exc:
        if exc.field is None:
            exc.field = field
        raise


class NotUnderstood(UserError):
    """The text could not be parsed as a command."""


class NotAllowed(UserError):
    """The caller may not make this change."""


class NotFound(UserError):
    """A named thing (action, person, plan, indicator, meeting) does not exist."""


class ConflictError(Exception):
    """The work clashed with somebody else's change of the same thing at the same moment (a
    duplicate key, a PostgreSQL serialization failure or deadlock), every time it was tried.
    Nothing was changed. Not a UserError: the adapters word it (``message`` is a sentence
    they may show as it is), as they do other failures of the database."""

    MESSAGE = (
        "Not saved: someone else changed the same thing at the same moment. "
        "Nothing was changed — please try again."
    )

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)
        self.message = message
