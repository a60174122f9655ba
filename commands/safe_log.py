"""Logging a failure without the personal data it may carry.

A failure is logged with an error id, what was being done (a command's name, never the text
typed after it) and where in the code it happened, but not the exception's own text in full:
a database error quotes the failed statement's values (the engine hides its bound parameters,
yet PostgreSQL's DETAIL line still shows a row or a key), and other errors may quote whatever
data they choked on. In children's services that text can name children and families.
"""

from __future__ import annotations

import logging
import traceback

from sqlalchemy.exc import DBAPIError

# Errors whose message is about the code (a missing attribute, a wrong type), not about data.
_CODE_ERRORS = (
    AttributeError,
    ImportError,
    NameError,
    NotImplementedError,
    RecursionError,
    TypeError,
)
_MAX_DETAIL = 200


def describe_error(exc: BaseException) -> str:
    """The kind of failure without the data: ``OperationalError (sqlite3.OperationalError):
    database is locked``; for most errors only the class name."""
    name = type(exc).__name__
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        if orig is None:
            return name
        kind = f"{type(orig).__module__}.{type(orig).__name__}"
        return f"{name} ({kind}): {_first_line(str(orig))}".rstrip(": ")
    if isinstance(exc, _CODE_ERRORS):
        return f"{name}: {_first_line(str(exc))}".rstrip(": ")
    return name


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0][:_MAX_DETAIL] if lines else ""


def where(exc: BaseException) -> str:
    """The traceback's frames (files, lines, functions, code), without the exception's text."""
    frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    return f"Traceback (most recent call last):\n{frames}" if frames else "(no traceback)"


def log_failure(
    logger: logging.Logger,
    message: str,
    *args: object,
    exc: BaseException,
    level: int = logging.ERROR,
) -> None:
    """Log ``message % args`` with :func:`describe_error` and :func:`where` of ``exc``."""
    logger.log(level, message + ": %s\n%s", *args, describe_error(exc), where(exc))
