"""The ``csbot`` command line (see DESIGN.md, "CLI")."""

from __future__ import annotations

import argparse
import calendar
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from bot.config import ConfigError, Settings, load_settings
from commands.errors import ConflictError
from storage.migrate import DatabaseTooNew
from storage.unit_of_work import Store

if TYPE_CHECKING:
    from commands.exporters import AuditWanted

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_NOT_UNDERSTOOD = 2


class CliError(Exception):
    """A problem with how csbot was invoked; printed without a stack trace."""


def open_store(settings: Settings) -> Store:
    """Open (and, if needed, upgrade) the configured database; a database that cannot be
    opened is a CliError naming the problem (and the URL, its password hidden)."""
    url = settings.effective_database_url()
    with database_errors(url, opening=True):
        return Store.from_url(url, default_timezone=settings.csbot_timezone)


URL_FORMS = "use sqlite:///PATH or postgresql://USER@HOST/NAME"
# Hints for the SQLite errors people meet, by a word of the driver's message.
_SQLITE_HINTS = {
    "unable to open database file": "does its directory exist, and may csbot write there?",
    "database is locked": "another program is writing to it; try again in a moment",
    "readonly database": "the file or its directory is read-only",
}


# URL query parameters that carry a secret (libpq reads a password from ``?password=``).
_SECRET_PARAMETERS = {"password", "sslpassword", "passfile"}


def shown_url(url: str) -> str:
    """``url`` as it may be shown: its password hidden (in ``user:password@`` or as a query
    parameter); not shown at all when it cannot be parsed, or parses oddly (an ``@`` in the
    host means part of a password could be in it)."""
    try:
        parsed = make_url(url)
        if "@" in (parsed.host or "") or "@" in (parsed.database or ""):
            return "(not shown)"
        secret = {k: "***" for k in parsed.query if k.lower() in _SECRET_PARAMETERS}
        shown = parsed.update_query_dict(secret).render_as_string(hide_password=True)
        return shown.replace("%2A%2A%2A", "***")
    except (ArgumentError, ValueError):
        return f"“{url}”" if not re.search(r"[:@]", url) else "(not shown)"


def _scheme(url: str) -> str:
    try:
        return make_url(url).drivername
    except (ArgumentError, ValueError):
        return url.partition(":")[0]


def _password_with_at(url: str) -> bool:
    """True when ``url`` reads with an ``@`` in its host: a password holding an ``@`` that
    was not written as ``%40``."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return "@" in (parsed.host or "")


def _unparseable(url: str) -> bool:
    try:
        make_url(url).port  # noqa: B018 (a port that is not a number raises here)
    except (ArgumentError, ValueError):
        return True
    return False


def database_problem(
    exc: BaseException, url: str, *, opening: bool = False, setting: str = "DATABASE_URL"
) -> str | None:
    """One line describing why the database at ``url`` failed with ``exc`` (None when
    ``exc`` is not about the database); ``setting`` is where the URL came from."""
    shown = shown_url(url)
    if isinstance(exc, DatabaseTooNew):
        return str(exc)
    if _password_with_at(url):
        # The driver's own message would quote the "host", part of the password.
        return (
            f"{setting} (not shown) has an @ in its password: write it as %40 "
            f"(postgresql://USER:PASS%40WORD@HOST/NAME)."
        )
    if isinstance(exc, NoSuchModuleError):
        return f"Unknown database scheme “{_scheme(url)}” in {shown}: {URL_FORMS}."
    if isinstance(exc, ArgumentError) or (isinstance(exc, ValueError) and _unparseable(url)):
        return f"{setting} {shown} is not a database URL: {URL_FORMS}."
    if isinstance(exc, ImportError):
        return (
            f"There is no driver for the database scheme “{_scheme(url)}” ({shown}): "
            f"csbot works with SQLite and PostgreSQL ({URL_FORMS})."
        )
    if not isinstance(exc, SQLAlchemyError):
        return None
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [" ".join(line.split()) for line in str(cause).splitlines()]
    reason = next((line for line in lines if line), type(cause).__name__)[:300].rstrip(".")
    hint = next((h for word, h in _SQLITE_HINTS.items() if word in reason.lower()), "")
    reason += f" ({hint})" if hint else ""
    if opening:
        return f"Can't open the database {shown}: {reason}. Check {setting}."
    return f"The database {shown} failed: {reason}."


@contextmanager
def database_errors(
    url: str, *, opening: bool = False, setting: str = "DATABASE_URL", then: str = ""
) -> Iterator[None]:
    """Turn a failure of the database at ``url`` into a CliError of one line (``then``
    added to it: what became of the work)."""
    try:
        yield
    except Exception as exc:
        problem = database_problem(exc, url, opening=opening, setting=setting)
        if problem is None:
            raise
        log.debug("database failure", exc_info=exc)
        raise CliError(f"{problem} {then}".strip()) from exc


# Why a Slack team's (or a Teams tenant's) workspace may not be there yet, and what makes it.
FIRST_CONTACT = (
    "A Slack team's or Teams tenant's workspace is made the first time somebody there talks "
    "to csbot (any command, such as `/actions whoami`, once `csbot serve` runs): do that "
    "first, then run this again."
)


def choose_workspace(store: Store, requested: str | None, *, create_local: bool = True) -> str:
    """The workspace a command works in: the one asked for (spaces around it dropped, as a
    pasted id has them), or the only one there is."""
    requested = (requested or "").strip() or None
    keys = store.workspace_keys()
    if requested:
        if requested not in keys:
            if requested == "local" and create_local:
                store.ensure_workspace("local", name="Local")
                return requested
            known = ", ".join(keys) or "none yet"
            raise CliError(
                f"There is no workspace “{requested}”. Workspaces: {known}. {FIRST_CONTACT}"
            )
        return requested
    if len(keys) == 1:
        return keys[0]
    if not keys:
        if create_local:
            store.ensure_workspace("local", name="Local")
            return "local"
        raise CliError("The database holds no workspace yet.")
    raise CliError(
        "The database holds several workspaces; choose one with --workspace: " + ", ".join(keys)
    )


def _core(store: Store, settings: Settings):  # type: ignore[no-untyped-def]
    from commands.core import Core

    return Core(store, timezone=settings.csbot_timezone)


def cmd_say(args: argparse.Namespace, settings: Settings) -> int:
    """One message in, the reply out on stdout."""
    from bot.console.session import ConsoleSession

    blank = blank_as_text(args.as_person)
    if blank:
        print(blank)
        return EXIT_OK  # a polite refusal, as for any name that is nobody
    store = open_store(settings)
    workspace = choose_workspace(store, args.workspace)
    session = ConsoleSession(_core(store, settings), workspace, args.as_person, args.channel)
    text, understood = session.send(" ".join(args.text))
    print(text)
    return EXIT_OK if understood else EXIT_NOT_UNDERSTOOD


def blank_as_text(as_person: str | None) -> str:
    """The refusal of an ``--as`` given with no name (``--as ""``), else ''. Without it an
    empty name would silently mean the console operator."""
    if as_person is None or as_person.strip():
        return ""
    return (
        f"✖ --as needs the name of a person or a role; “{as_person}” names nobody. Leave --as "
        "out to speak as the console operator. Nothing was done."
    )


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """An interactive console."""
    from bot.console.repl import run_repl

    if blank_as_text(args.as_person):
        raise CliError(blank_as_text(args.as_person).removeprefix("✖ "))
    store = open_store(settings)
    workspace = choose_workspace(store, args.workspace)
    return run_repl(_core(store, settings), workspace, args.as_person, args.channel)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Database maintenance: ``csbot db upgrade``, ``copy --to URL``, ``workspaces`` and
    ``delete-workspace ID``."""
    from storage.database import make_engine
    from storage.migrate import current_revision, known_revisions, upgrade

    if args.db_command == "copy":
        from bot.db_copy_cli import cmd_db_copy

        return cmd_db_copy(args, settings)
    if args.db_command in ("workspaces", "delete-workspace"):
        from bot.db_workspaces_cli import cmd_db_workspaces

        return cmd_db_workspaces(args, settings)
    wanted = str(args.revision).strip()
    known = sorted(known_revisions())
    if wanted != "head" and wanted not in known:
        raise CliError(
            f"“{wanted}” is not a revision csbot knows: give one of {', '.join(known)}, or "
            "none (the latest). Nothing was changed."
        )
    url = settings.effective_database_url()
    with database_errors(url, opening=True):
        engine = make_engine(url)
        before = current_revision(engine)
        if wanted != "head" and before is not None and before in known and before > wanted:
            print(
                f"Database is at revision {before}, past {wanted}: csbot does not downgrade. "
                "Nothing was changed."
            )
            return EXIT_OK
        upgrade(engine, wanted)
        revision = current_revision(engine)
    print(f"Database is at revision {revision}.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import actions, KPIs, meetings or minutes from a file."""
    from commands.importers import ImportFailed, run_import

    store = open_store(settings)
    workspace = choose_workspace(store, args.workspace)
    try:
        report = run_import(
            store,
            workspace,
            args.kind,
            args.file,
            plan=getattr(args, "plan", None),
            new_plan=getattr(args, "new_plan", None),
            meeting=getattr(args, "meeting", None),
        )
    except ImportFailed as exc:
        print(f"Import refused: {exc}", file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return EXIT_ERROR
    print(report.summary())
    return EXIT_OK


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Export an action plan or the KPI values to a file (or CSV on stdout)."""
    from commands.exporters import ExportFailed, run_export

    audit = audit_wanted(args) if args.kind == "audit" else None
    store = open_store(settings)
    workspace = choose_workspace(store, args.workspace, create_local=False)
    try:
        account = run_export(
            store,
            workspace,
            args.kind,
            args.file,
            plan=getattr(args, "plan", None),
            audit=audit,
            overwrite=args.overwrite,
            stdout=sys.stdout,
        )
    except ExportFailed as exc:
        print(f"Export refused: {exc}", file=sys.stderr)
        print("No file was written.", file=sys.stderr)
        return EXIT_ERROR
    print(account, file=sys.stderr if args.file == "-" else sys.stdout)
    return EXIT_OK


def audit_wanted(args: argparse.Namespace) -> AuditWanted:
    """Which changes ``csbot export audit`` was asked for; CliError naming an option that is
    not as it should be."""
    from commands.exporters import AuditWanted

    def day(option: str) -> date | None:
        text = getattr(args, option)
        if text is None:
            return None
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            written = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
            if written and 1 <= int(written[2]) <= 12:  # a day its month does not have
                year, month = int(written[1]), int(written[2])
                length = calendar.monthrange(year, month)[1]
                raise CliError(
                    f"--{option} {written[0]} is not a day: {calendar.month_name[month]} "
                    f"{year} has {length} days."
                ) from None
            raise CliError(
                f"--{option} takes a day written YYYY-MM-DD, like 2026-11-01, not “{text[:40]}”."
            ) from None

    entity_id = None
    if args.id is not None:
        if not args.id.strip().isdigit():
            raise CliError(f"--id takes a row's id, a whole number, not “{args.id[:40]}”.")
        if not args.entity:
            raise CliError("--id names one row of a kind: give its kind too, with --entity.")
        entity_id = int(args.id)
    actor = (args.actor or "").strip() or None
    entity = (args.entity or "").strip().lower() or None
    return AuditWanted(day("since"), day("until"), entity, entity_id, actor)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Build the demo database and open the console (or print the tour)."""
    from commands.demo import DemoRefused, build_demo

    if blank_as_text(args.as_person):
        raise CliError(blank_as_text(args.as_person).removeprefix("✖ "))
    store = open_store(settings)
    # A Slack or Teams workspace is made by its first request, as its platform's: one the
    # demo made first would stay a local one, and its summaries would never reach chat.
    workspace = choose_workspace(store, args.workspace) if args.workspace else "local"
    try:
        summary = build_demo(store, workspace)
    except DemoRefused as exc:
        raise CliError(str(exc)) from None
    print(summary)
    if args.tour:
        from bot.console.tour import run_tour

        return run_tour(_core(store, settings), workspace)
    from bot.console.repl import run_repl

    return run_repl(_core(store, settings), workspace, args.as_person, args.channel)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every csbot subcommand."""
    # SUPPRESS: a sub-parser must not reset --workspace given before its subcommand to None
    # (``csbot import --workspace T1 actions f.csv``); main() fills in None when never given.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workspace",
        default=argparse.SUPPRESS,
        help="workspace id (default: the only one there is)",
    )

    parser = argparse.ArgumentParser(
        prog="csbot", description="csbot: action plans, KPIs and committees, in chat."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--workspace", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    say = sub.add_parser("say", parents=[common], help="send one message, print the reply")
    say.add_argument("--as", dest="as_person", metavar="PERSON", help="speak as this person")
    say.add_argument("--channel", metavar="NAME", help="speak in this channel")
    say.add_argument("text", nargs="+", help="what a user types in chat")
    say.set_defaults(func=cmd_say)

    console = sub.add_parser("console", parents=[common], help="an interactive console")
    console.add_argument(
        "--as", dest="as_person", metavar="PERSON", help="speak as this person (or role)"
    )
    console.add_argument("--channel", metavar="NAME", help="speak in this channel")
    console.set_defaults(func=cmd_console)

    demo = sub.add_parser("demo", help="build the demo data, open the console")
    demo.add_argument(
        "--workspace",
        default=argparse.SUPPRESS,
        help="workspace id to build the demo in (default: local)",
    )
    demo.add_argument("--tour", action="store_true", help="print a scripted tour instead")
    demo.add_argument(
        "--as", dest="as_person", metavar="PERSON", help="in the console, speak as this person"
    )
    demo.add_argument("--channel", metavar="NAME", help="in the console, speak in this channel")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import", parents=[common], help="import a file")
    imp_sub = imp.add_subparsers(dest="kind", required=True)
    a = imp_sub.add_parser("actions", parents=[common], help="an action plan (CSV, TSV, XLSX)")
    a.add_argument("file", help="the plan's file (.csv, .tsv or .xlsx)")
    which = a.add_mutually_exclusive_group()
    which.add_argument(
        "--plan",
        metavar="NAME",
        help="the plan, named as in chat (enough of its name, or its short name); a name no "
        "plan matches makes a new plan (default: the file's name)",
    )
    which.add_argument(
        "--new-plan",
        metavar="NAME",
        help="make a new plan called exactly NAME, even one that loosely matches a plan "
        "there is (refused when a plan is called NAME already)",
    )
    k = imp_sub.add_parser("kpis", parents=[common], help="KPI values (CSV, TSV, XLSX)")
    k.add_argument("file", help="the KPI file (.csv, .tsv or .xlsx)")
    m = imp_sub.add_parser("meetings", parents=[common], help="agenda planning (CSV, TSV, XLSX)")
    m.add_argument("file", help="the agenda planning file (.csv, .tsv or .xlsx)")
    mi = imp_sub.add_parser("minutes", parents=[common], help="minutes (plain text)")
    mi.add_argument("file", help="the minutes, as plain text")
    mi.add_argument(
        "--meeting",
        required=True,
        metavar="ID",
        help="e.g. 'CPAC' (its last meeting held) or 'CPAC YYYY-MM-DD'",
    )
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser(
        "export", parents=[common], help="export a plan, the KPIs or the audit trail to a file"
    )
    exp_sub = exp.add_subparsers(dest="kind", required=True)
    ea = exp_sub.add_parser(
        "actions", parents=[common], help="an action plan with its latest progress"
    )
    ea.add_argument("file", help="a .csv, .tsv or .xlsx file to write, or - for CSV on stdout")
    ea.add_argument("--plan", metavar="NAME", help="the plan (default: the only one there is)")
    ek = exp_sub.add_parser("kpis", parents=[common], help="every KPI value, a row per period")
    ek.add_argument("file", help="a .csv, .tsv or .xlsx file to write, or - for CSV on stdout")
    eu = exp_sub.add_parser(
        "audit",
        parents=[common],
        help="the audit trail: who changed what, when (a row per change, oldest first)",
    )
    eu.add_argument("file", help="a .csv, .tsv or .xlsx file to write, or - for CSV on stdout")
    eu.add_argument("--since", metavar="YYYY-MM-DD", help="changes from this day on")
    eu.add_argument("--until", metavar="YYYY-MM-DD", help="changes up to this day (included)")
    eu.add_argument("--entity", metavar="TABLE", help="one kind of row, e.g. action, person")
    eu.add_argument("--id", type=str, metavar="N", help="one row of that kind, by its id")
    eu.add_argument("--actor", metavar="TEXT", help="changes by actors whose name holds TEXT")
    for p in (ea, ek, eu):
        p.add_argument("--overwrite", action="store_true", help="replace the file if it exists")
    exp.set_defaults(func=cmd_export)

    db = sub.add_parser("db", parents=[common], help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    up.add_argument(
        "revision",
        nargs="?",
        default="head",
        help="a revision to stop at (e.g. 0005; default: the latest); never downgrades",
    )
    cp = db_sub.add_parser(
        "copy",
        help="copy every workspace into an empty database (e.g. SQLite to PostgreSQL)",
    )
    cp.add_argument(
        "--to", required=True, metavar="URL", help="the database to copy into; it must be empty"
    )
    db_sub.add_parser("workspaces", help="list every workspace and what it holds")
    dw = db_sub.add_parser(
        "delete-workspace",
        help="delete one workspace and everything in it (a council leaving a shared csbot)",
    )
    dw.add_argument("key", metavar="ID", help="the workspace's id, as `csbot db workspaces` lists")
    dw.add_argument(
        "--confirm",
        metavar="ID",
        help="the same id again; without it nothing is deleted and what would be is listed",
    )
    db.set_defaults(func=cmd_db)

    _register_optional(sub, common)
    _name_subcommands_by_choice(parser)
    return parser


def _name_subcommands_by_choice(parser: argparse.ArgumentParser) -> None:
    """A missing subcommand is named by what it may be (``required: {actions,kpis,…}``)
    rather than by its internal name (``kind``, ``db_command``); usage and help read as
    before."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            if action.metavar is None:
                action.metavar = "{" + ",".join(action.choices) + "}"
            for sub in action.choices.values():
                _name_subcommands_by_choice(sub)


def _register_optional(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Subcommands contributed by adapters (serve, jobs, teams-package)."""
    try:
        from bot.cli_extra import register
    except ImportError:
        return
    register(sub, common)


# How each log line reads: its time, level and logger.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(*, verbose: bool) -> None:
    """Log to stderr, each line with its time, level and logger; DEBUG and up with ``-v``,
    else WARNING and up (also in each worker process of ``csbot serve --workers N``)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format=LOG_FORMAT,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``csbot`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "workspace"):
        args.workspace = None
    configure_logging(verbose=bool(args.verbose))
    settings: Settings | None = None
    try:
        settings = load_settings()
        code = int(args.func(args, settings))
        sys.stdout.flush()  # a closed pipe shows up here, not at exit
        return code
    except (CliError, ConfigError) as exc:
        print(f"csbot: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ConflictError as exc:
        print(f"csbot: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except (SQLAlchemyError, DatabaseTooNew) as exc:
        # The database failed after it was opened (locked for too long, gone away): one line,
        # the details with -v.
        if settings is None:
            raise
        log.debug("database failure", exc_info=exc)
        problem = database_problem(exc, settings.effective_database_url())
        print(f"csbot: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return _quiet_after_broken_pipe()
    except KeyboardInterrupt:
        # Every change is one transaction, rolled back when it is cut short.
        print("csbot: Interrupted. What was under way was not saved.", file=sys.stderr)
        return EXIT_ERROR


def _quiet_after_broken_pipe() -> int:
    """The reader of our output went away (``csbot say … | head -3``): stop without a word.

    stdout is pointed at /dev/null so the interpreter's final flush cannot fail again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_ERROR


if __name__ == "__main__":
    # Run as `python -m bot.cli`, this file is __main__, and the modules that raise
    # `bot.cli.CliError` import it again as bot.cli: run that module's main, so that their
    # errors are the ones caught (and said in one line) rather than a traceback.
    from bot.cli import main as cli_main

    sys.exit(cli_main())
