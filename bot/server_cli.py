"""``csbot serve [--port N] [--host H] [--no-scheduler]``: the HTTP server (and Socket Mode)."""

from __future__ import annotations

import argparse

from bot.config import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Slack (and other adapters) until interrupted."""
    import uvicorn

    from bot.cli import EXIT_OK, CliError, open_store
    from bot.server import build_app
    from bot.slack.app import SlackConfigError

    store = open_store(settings)
    try:
        app = build_app(settings, store, scheduler=not args.no_scheduler)
    except SlackConfigError as exc:
        raise CliError(str(exc)) from exc
    port = args.port if args.port is not None else settings.port
    uvicorn.run(
        app,
        host=args.host,
        port=port,
        log_level="info" if args.verbose else "warning",
        access_log=bool(args.verbose),
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``csbot serve``."""
    serve = sub.add_parser(
        "serve", parents=[common], help="serve Slack over HTTP (and Socket Mode), run the scheduler"
    )
    serve.add_argument("--port", type=int, help="port to listen on (default: $PORT or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not send scheduled summaries, reminders and digests from this process",
    )
    serve.set_defaults(func=cmd_serve)
