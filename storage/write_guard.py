"""What a unit of work without a transaction may send, checked before each statement is sent.

A read-only unit of work, and a unit of work that may send one write, run their statements in
autocommit mode (on PostgreSQL; see ``Store.reads_without_transaction``): each statement is
then committed on its own. So any statement that writes is stopped before it is sent —
except, in a unit that may send one write, one statement marked :data:`ATOMIC_WRITE_OPTION`,
which carries every row of its change, its audit rows included, and is therefore whole on its
own. Work that was stopped raises :class:`NeedsTransaction` and runs again in a transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

# The connection's execution option that marks a unit of work without a transaction: True
# (read-only) or a OneWrite (may send one atomic write).
READ_ONLY_OPTION = "csbot_read_only"
# The statement's execution option that marks it whole on its own (see module docstring).
ATOMIC_WRITE_OPTION = "csbot_atomic_write"


class NeedsTransaction(RuntimeError):
    """A unit of work without a transaction was about to write; nothing was written. Run the
    work again in an ordinary unit of work."""


class WriteAfterAtomicWrite(RuntimeError):
    """A unit of work that may send one write tried to write again after it (a programming
    error: the first write is committed already)."""


class OneWrite:
    """The mode of a unit of work that may send one atomic write; records whether it has."""

    def __init__(self) -> None:
        self.sent = False


def refuse_writes(
    conn: Connection, _cursor: Any, statement: str, _params: Any, ctx: Any, _many: bool
) -> None:
    """``before_cursor_execute``: stop what a unit of work without a transaction may not
    send, before it is sent (see the module docstring)."""
    mode = conn.get_execution_options().get(READ_ONLY_OPTION)
    if not mode or is_plain_select(statement):
        return
    if isinstance(mode, OneWrite):
        if mode.sent:
            raise WriteAfterAtomicWrite(statement.split(None, 1)[0])
        if ctx is not None and ctx.execution_options.get(ATOMIC_WRITE_OPTION):
            mode.sent = True
            return
    raise NeedsTransaction(statement.split(None, 1)[0] if statement.strip() else "")


def is_plain_select(statement: str) -> bool:
    """True for a SELECT that takes no locks."""
    # A locking read (FOR UPDATE / FOR SHARE) is meant for a transaction: without one, its
    # locks would be released at once.
    return statement.lstrip()[:6].upper() == "SELECT" and " FOR " not in statement[-300:].upper()
