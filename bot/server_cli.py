"""``csbot serve [--port N] [--host H] [--workers N] [--no-scheduler]``: the HTTP server (and
Socket Mode)."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import socket

from starlette.applications import Starlette

from bot.config import MAX_PORT, MIN_PORT, Settings

log = logging.getLogger(__name__)

# How the parent tells worker processes (which build the app themselves) what was asked for.
SCHEDULER_ENV = "CSBOT_SERVE_SCHEDULER"
VERBOSE_ENV = "CSBOT_SERVE_VERBOSE"


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Slack (and other adapters) until interrupted."""
    import uvicorn

    from bot.cli import EXIT_ERROR, EXIT_OK, CliError, open_store
    from bot.server import build_app, tune_gc_for_serving
    from bot.slack.app import SlackConfigError

    if args.workers < 1:
        raise CliError(f"--workers must be 1 or more, not {args.workers}.")
    if args.port is not None and not MIN_PORT <= args.port <= MAX_PORT:
        raise CliError(
            f"--port must be a whole number from {MIN_PORT} to {MAX_PORT} (got {args.port})."
        )
    port = args.port if args.port is not None else settings.port
    taken = port_problem(args.host, port)
    if taken is not None:
        raise CliError(taken)
    try:
        store = open_store(settings)  # migrates the database once, before any worker starts
    except CliError as exc:
        # A server's output is its log: the reason it did not start is one line of it.
        log.error("Not starting: %s", exc)
        return EXIT_ERROR
    try:
        app = build_app(settings, store, scheduler=not args.no_scheduler)
    except SlackConfigError as exc:
        raise CliError(str(exc)) from exc
    options = {
        "host": args.host,
        "port": port,
        "log_level": "info" if args.verbose else "warning",
        "access_log": bool(args.verbose),
    }
    if args.workers == 1:
        tune_gc_for_serving()
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return EXIT_OK
    # Several processes: each builds its own app (and database pool) from the environment.
    # Scheduled work is claimed in the database, so every worker may run the scheduler.
    store.engine.dispose()
    os.environ[SCHEDULER_ENV] = "0" if args.no_scheduler else "1"
    os.environ[VERBOSE_ENV] = "1" if args.verbose else "0"
    uvicorn.run("bot.server_cli:worker_app", factory=True, workers=args.workers, **options)  # type: ignore[arg-type]
    return EXIT_OK


def port_problem(host: str, port: int) -> str | None:
    """Why ``csbot serve`` cannot listen on ``host``:``port`` (in use, not allowed, no such
    address), or None when it can. Asked before start-up, so the refusal is one line naming
    the port rather than the server's own error after the database was opened."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return f"--host {host} is not an address of this machine."
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} is in use (another csbot serve?): stop it, or choose another "
                    "port with --port or PORT."
                )
            if exc.errno == errno.EACCES:
                return f"Not allowed to listen on port {port}: choose one from 1024 up."
            return f"Cannot listen on {host} port {port}: {exc.strerror or exc}."
    return None


def worker_app() -> Starlette:
    """The app of one worker process of ``csbot serve --workers N``. A worker is a new
    process: its log is set up as the parent's was (else its lines came without time, level
    or logger, and ``-v`` did nothing there)."""
    from bot.cli import configure_logging
    from bot.server import build_app, tune_gc_for_serving

    configure_logging(verbose=os.environ.get(VERBOSE_ENV) == "1")

    app = build_app(Settings(), scheduler=os.environ.get(SCHEDULER_ENV) == "1")
    tune_gc_for_serving()
    return app


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``csbot serve``."""
    serve = sub.add_parser(
        "serve", parents=[common], help="serve Slack over HTTP (and Socket Mode), run the scheduler"
    )
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (default 1; use about one per CPU core for HTTP mode)",
    )
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not send scheduled summaries, reminders and digests from this process",
    )
    serve.set_defaults(func=cmd_serve)
