"""``csbot db copy --to URL``: copy the database csbot uses (DATABASE_URL) into an empty one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from bot.cli import EXIT_ERROR, EXIT_OK, CliError, database_errors, shown_url
from bot.config import Settings, normalise_database_url

# The tables the report counts, in the order it names them: (singular, plural).
REPORTED = {
    "workspace": ("workspace", "workspaces"),
    "person": ("person", "people"),
    "plan": ("plan", "plans"),
    "action": ("action", "actions"),
    "action_update": ("update", "updates"),
    "indicator": ("indicator", "indicators"),
    "indicator_value": ("KPI value", "KPI values"),
    "committee": ("committee", "committees"),
    "meeting": ("meeting", "meetings"),
    "audit_event": ("audit event", "audit events"),
}
NOTHING_WRITTEN = "No data was written to {target}."


def counted(rows: dict[str, int]) -> str:
    """The report's counts in words: "1 workspace, 15 people, …" (tables with no rows left out)."""
    words = []
    for table, (one, many) in REPORTED.items():
        n = rows.get(table, 0)
        if n:
            words.append(f"{n:,} {one if n == 1 else many}")
    return ", ".join(words)


def missing_sqlite_file(url: str) -> bool:
    """True when ``url`` names a SQLite file that does not exist (opening it would create it)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    name = parsed.database or ""
    return (
        parsed.get_backend_name() == "sqlite"
        and name not in ("", ":memory:")
        and not (Path(name).exists())
    )


def missing_file_hint(url: str) -> str:
    """Why a SQLite URL may name no file when the file is there: `~` is not expanded in a
    URL, and three slashes make a path relative to the current folder. '' for neither."""
    try:
        name = make_url(url).database or ""
    except (ArgumentError, ValueError):
        return ""
    if name.startswith("~"):
        return f" A URL does not expand `~`: write the whole path, sqlite:///{Path(name).expanduser()}."
    if not Path(name).is_absolute():
        return (
            f" Three slashes make {name} a path in this folder ({Path.cwd()}); an absolute path "
            "has four: sqlite:////home/…/csbot.db."
        )
    return ""


def in_memory(url: str) -> bool:
    """True when ``url`` is a SQLite database with no file (``sqlite://``, ``:memory:``)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return parsed.get_backend_name() == "sqlite" and (parsed.database or "") in ("", ":memory:")


def cmd_db_copy(args: argparse.Namespace, settings: Settings) -> int:
    """Copy every workspace of DATABASE_URL into the empty database at ``--to``."""
    from storage.copy import CopyRefused, check_source, copy_database
    from storage.database import make_engine

    if args.workspace:
        raise CliError("csbot db copy copies every workspace; --workspace does not apply to it.")
    source_url = settings.effective_database_url()
    target_url = normalise_database_url(args.to.strip())
    if not target_url:
        raise CliError("--to needs the URL of the database to copy into.")
    # URLs are shown as typed (postgresql://…), their passwords hidden.
    source_typed, target_typed = settings.database_url.strip() or source_url, args.to.strip()
    source_shown, target_shown = shown_url(source_typed), shown_url(target_typed)
    nothing = NOTHING_WRITTEN.format(target=target_shown)
    if missing_sqlite_file(source_url):
        named = "DATABASE_URL names" if settings.database_url else "set DATABASE_URL to"
        raise CliError(
            f"There is no database at {source_shown} ({named} the one to copy): nothing to "
            f"copy.{missing_file_hint(source_url)}"
        )
    if in_memory(target_url):
        raise CliError(
            f"--to {args.to.strip()} names no file: the copy would vanish when csbot exits. "
            "Give a path, like sqlite:///PATH/csbot.db."
        )
    source = target = None
    try:
        with database_errors(source_typed, opening=True):
            source = make_engine(source_url, reading_only=True)
            check_source(source)  # before the target is touched (a new SQLite file made)
        with database_errors(target_typed, opening=True, setting="--to", then=nothing):
            target = make_engine(target_url)
            target.connect().close()

        def progress(table: str, rows: int) -> None:
            if rows:
                print(f"copying {table}: {rows:,} row{'' if rows == 1 else 's'}", file=sys.stderr)

        # A failure while copying is the target's (writing) or the source's (reading): either
        # way the target's transaction is rolled back, which the message says.
        with database_errors(target_typed, setting="--to", then=nothing):
            report = copy_database(source, target, progress=progress)
    except CopyRefused as exc:
        print(f"csbot: Not copied: {exc}. {nothing}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        # The target's transaction was rolled back as the interruption passed through it.
        print(f"csbot: Interrupted. {nothing}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if source is not None:
            source.dispose()
        if target is not None:
            target.dispose()
    print(
        f"Copied {source_shown} to {target_shown} (revision {report.revision}): "
        f"{counted(report.rows)}; {report.total:,} rows in all."
    )
    print(f"Point DATABASE_URL at {target_shown} to use the copy; {source_shown} is as it was.")
    return EXIT_OK
