"""``csbot jobs run-due [--now ISO-DATETIME]``: run due scheduled work once and exit.

Also builds the notifiers (one per platform) that ``csbot serve``'s scheduler uses.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.optional import import_optional
from commands.dates import clocks_pass_twice, clocks_skip, impossible_day
from commands.jobs.notifier import (
    JsonLinesNotifier,
    LocalOutputError,
    Notifier,
    NotifierRegistry,
    PrintingNotifier,
)
from storage.models import utcnow
from storage.unit_of_work import Store

# Each platform's notifier module, and whether to import it at all (the Teams SDK is slow to
# import, so it is loaded only when Teams is configured).
PLATFORM_MODULES: dict[str, tuple[str, Callable[[Settings], bool]]] = {
    "slack": ("bot.slack.notifier", lambda _: True),
    "teams": ("bot.teams.notifier", Settings.teams_enabled),
}


def build_notifiers(settings: Settings, store: Store) -> NotifierRegistry:
    """A notifier for each configured platform; the console platform prints."""
    from bot.console.render import render

    registry = NotifierRegistry({"console": PrintingNotifier(render)})
    for platform, (module_name, wanted) in PLATFORM_MODULES.items():
        module = import_optional(module_name) if wanted(settings) else None
        if module is None:
            continue
        notifier: Notifier | None = module.build_notifier(settings, store)
        if notifier is not None:
            registry.register(platform, notifier)
    return registry


# The scheduler looks weeks either side of ``--now``; keep well inside what dates can hold.
EARLIEST_NOW = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_NOW = datetime(3000, 1, 1, tzinfo=UTC)
# A --now earlier than this before the real time is "in the past" (a little clock skew is not).
PAST_GRACE = timedelta(hours=1)


def parse_now(text: str, timezone: str) -> datetime:
    """``--now`` as an aware datetime; without an offset it is wall time in ``timezone``:
    a time the clocks skip there is refused, one they pass twice is the first (as
    ``/meeting add`` reads a meeting's time; see :func:`twice_note`)."""
    from bot.cli import CliError

    if not text.strip():
        raise CliError(
            "--now is empty: give an ISO date-time such as 2027-01-04T09:00, or leave --now "
            "out to use the current time. Nothing was run."
        )
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        if no_such_day := _no_such_day(text.strip()):
            raise CliError(f"--now {text!r}: {no_such_day}. Nothing was run.") from exc
        raise CliError(
            f"--now {text!r} is not an ISO date-time such as 2027-01-04T09:00 "
            "or 2027-01-04T09:00+00:00."
        ) from exc
    wall_time = moment.tzinfo is None
    if wall_time:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))  # fold=0: the first of two
    if not EARLIEST_NOW.date() < moment.date() < LATEST_NOW.date():
        raise _out_of_range(text)
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError as exc:
        raise _out_of_range(text) from exc
    if not EARLIEST_NOW <= in_utc < LATEST_NOW:
        raise _out_of_range(text)
    if wall_time and clocks_skip(moment):
        raise CliError(
            f"--now {text!r} does not exist in {timezone}: the clocks go forward over "
            f"{moment:%H:%M} on {moment:%a} {moment.day} {moment:%b %Y}. Give a time before or "
            "after the change, or one with its UTC offset (such as "
            f"{moment.replace(tzinfo=None).isoformat(timespec='minutes')}+00:00). Nothing was run."
        )
    return moment


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)")


def _no_such_day(text: str) -> str | None:
    """Why an ISO date-time names no day (``2027-02-30``: February 2027 has 28 days), or
    None when its date is not the trouble."""
    m = _ISO_DAY.match(text)
    if m is None:
        return None
    month, day = int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    why = impossible_day(text[:10])
    return f"{why}, so there is no day {day}" if why else None


def twice_note(text: str, moment: datetime) -> str | None:
    """``Note: --now … happens twice in Europe/London …`` when ``--now`` (read as
    ``moment`` by :func:`parse_now`) was given without an offset at a time the clocks pass
    twice: which of the two it was read as, and how to give the other; else None."""
    # Given with an offset, it has a fixed zone and names one moment.
    if not isinstance(moment.tzinfo, ZoneInfo) or not clocks_pass_twice(moment):
        return None
    second = moment.replace(fold=1)
    return (
        f"Note: --now {text} happens twice in {moment.tzinfo.key} (the clocks go back): it is "
        "read as "
        f"the first, {moment:%H:%M %Z} ({moment.astimezone(UTC):%H:%M} UTC). For the second, "
        f"give its offset: --now {second.isoformat(timespec='minutes')}."
    )


def _out_of_range(text: str) -> Exception:
    from bot.cli import CliError

    return CliError(
        f"--now {text!r} is out of range: give a moment after 1 January {EARLIEST_NOW.year} "
        f"and before {LATEST_NOW.year}. Nothing was run."
    )


def cmd_run_due(args: argparse.Namespace, settings: Settings) -> int:
    """Plan and send everything that is due, once."""
    from bot.cli import EXIT_OK, CliError, choose_workspace, open_store
    from commands.jobs.runner import run_due

    if args.to_file is not None and not args.to_file.strip():
        # An unset shell variable ("--to-file $OUT") must not turn a look into real posts.
        raise CliError(
            "--to-file is empty: give the file to write the posts to, or leave --to-file out "
            "to post them to chat. Nothing was run."
        )
    if args.send_early and args.now is None:
        raise CliError(
            "--send-early goes with a --now ahead of the clock: without --now, what is due "
            "now is sent, and nothing early. Nothing was run."
        )
    now = parse_now(args.now, settings.csbot_timezone) if args.now is not None else None
    note = twice_note(args.now, now) if args.now is not None and now is not None else None
    if note is not None:
        print(note, file=sys.stderr)
    file_notifier = _file_notifier(args.to_file) if args.to_file else None
    if now is not None:
        _check_now_against_clock(args, now)
    store = open_store(settings)
    workspaces = [choose_workspace(store, args.workspace)] if args.workspace else None
    if file_notifier is not None:
        notifiers = NotifierRegistry({p: file_notifier for p in ("console", "slack", "teams")})
    else:
        notifiers = build_notifiers(settings, store)
    try:
        report = run_due(
            store,
            notifiers,
            now=now,
            worker=args.worker,
            workspaces=workspaces,
            default_timezone=settings.csbot_timezone,
        )
    except LocalOutputError as exc:
        raise CliError(
            f"--to-file {args.to_file}: cannot write to it ({exc}). The run stopped; posts "
            "written before it are done, the others wait for the next run."
        ) from exc
    print(report.summary(TO_FILE_HINT, written_to=args.to_file or ""))
    return EXIT_OK


def _check_now_against_clock(args: argparse.Namespace, now: datetime) -> None:
    """Before anything is sent: refuse a ``--now`` ahead of the clock that would post to chat
    (what is due by then would be sent now and marked sent, and so never go at its time)
    unless ``--send-early`` says so; warn of one in the past."""
    from bot.cli import CliError

    clock = utcnow()
    if now > clock + PAST_GRACE and not args.to_file and not args.send_early:
        raise CliError(
            f"--now {args.now} is ahead of the clock: what is due by then would be posted to "
            "chat now and marked sent, and would not go again at its time. Add --to-file FILE "
            "to see those posts without sending them, or --send-early to send them now. "
            "Nothing was run."
        )
    if now < clock - PAST_GRACE:
        print(
            f"Warning: --now {args.now} is in the past, but posts are composed from today's "
            "data (actions, reports and indicators as they stand now).",
            file=sys.stderr,
        )


# Why posts wait when their platform is not configured, and what --to-file would do to them.
TO_FILE_HINT = (
    "--to-file FILE would write them to FILE instead of sending them (they would then be "
    "done, and never sent to chat)"
)


def _file_notifier(path: str) -> JsonLinesNotifier:
    """The ``--to-file`` notifier, once FILE is known to be writable (before any post is
    claimed, so a bad path costs no post an attempt)."""
    from bot.cli import CliError

    notifier = JsonLinesNotifier(path)
    try:
        notifier.check()
    except LocalOutputError as exc:
        raise CliError(f"--to-file {path}: cannot write to it ({exc}). Nothing was run.") from exc
    return notifier


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``csbot jobs run-due``."""
    jobs = sub.add_parser("jobs", parents=[common], help="scheduled work")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True)
    run = jobs_sub.add_parser(
        "run-due", parents=[common], help="run due summaries, reminders and digests once"
    )
    run.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        help="act as if it were this moment (default: now); without an offset it is wall time "
        "in CSBOT_TIMEZONE: a time the clocks skip is refused, one they pass twice is the "
        "first (add the offset, such as +00:00, for the second)",
    )
    run.add_argument(
        "--to-file",
        metavar="FILE",
        help="append every due post to FILE as JSON lines instead of posting it to chat "
        "(the posts are then done: they are not sent to chat later)",
    )
    run.add_argument(
        "--send-early",
        action="store_true",
        help="with a --now ahead of the clock and no --to-file: post what is due by then to "
        "chat now (it is then done, and does not go again at its time)",
    )
    run.add_argument("--worker", help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run_due)
