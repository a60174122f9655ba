"""What a database error means, for whoever decides what to do about it: the core (run the
work again?) and the adapters (what to tell the user?). PostgreSQL says it with a SQLSTATE,
SQLite with a result code or only its message."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError


class RowMoved(Exception):
    """A row the work read changed before the work wrote it (another request changed the
    same action's status at the same moment). Nothing was written; the work may run again
    and start from what the other committed."""


# PostgreSQL's serialization failure, deadlock, unique and foreign-key violations: the work
# lost a race with another transaction; run it again.
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505", "23503"})

# PostgreSQL SQLSTATEs that say the connection failed, was cut or timed out, or that the
# database is busy (the class 08 "connection exception" counts whole). Any other SQLSTATE is
# an answer from the database that trying again will not change.
_PG_TRANSIENT_CLASSES = ("08",)
_PG_TRANSIENT = frozenset(
    {
        "40001",  # serialization failure (the core retries these; left over after that)
        "40P01",  # deadlock
        "53300",  # too many connections
        "55P03",  # lock not available
        "57014",  # query cancelled (statement timeout)
        "57P01",  # admin shutdown
        "57P02",  # crash shutdown
        "57P03",  # cannot connect now (starting up)
        "57P05",  # idle session timeout
        "25P03",  # idle in transaction session timeout
    }
)
# SQLite's result codes (``sqlite_errorname``) for a database another process holds.
_SQLITE_TRANSIENT = ("SQLITE_BUSY", "SQLITE_LOCKED")
# When the driver gives no code: words of its message that say the same.
_TRANSIENT_WORDS = (
    "locked",
    "busy",
    "timeout",
    "timed out",
    "connect",
    "closed",
    "terminat",
    "went away",
    "broken pipe",
    "reset by peer",
    "could not receive",
    "could not send",
    "eof detected",
)


def lost_a_race(exc: DBAPIError) -> bool:
    """True when ``exc`` means the work lost a race with concurrent work and may succeed when
    run again: a unique key taken meanwhile (or a row referred to deleted meanwhile), a
    PostgreSQL serialization failure or deadlock. A NOT NULL or CHECK violation is a bug
    that no second attempt mends."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state is not None:
        return state in _RETRY_SQLSTATES
    if isinstance(exc, IntegrityError):  # SQLite: only the message tells which constraint
        return str(orig).startswith(("UNIQUE constraint failed", "FOREIGN KEY constraint failed"))
    return False


def is_transient(exc: DBAPIError) -> bool:
    """True when ``exc`` says the database did not answer (the connection failed, was cut or
    timed out, or the database was locked or busy): trying again in a moment may work."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(sqlstate, str) and sqlstate:
        return sqlstate.startswith(_PG_TRANSIENT_CLASSES) or sqlstate in _PG_TRANSIENT
    errorname = getattr(orig, "sqlite_errorname", None)
    if isinstance(errorname, str) and errorname:
        return errorname.startswith(_SQLITE_TRANSIENT)
    if isinstance(orig, (ConnectionError, TimeoutError)):
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    first_line = (str(orig).strip().splitlines() or [""])[0].lower()
    return any(word in first_line for word in _TRANSIENT_WORDS)
