"""The one ASGI app behind ``csbot serve`` (Starlette, served by uvicorn).

Routes:
- ``GET /healthz`` — liveness (``ok``);
- ``GET /readyz`` — readiness: the database answers, the scheduler runs and Socket Mode, when
  used, is connected (else 503);
- ``POST /slack/events`` — all Slack traffic (events, slash commands, interactivity);
- ``GET /slack/install``, ``GET /slack/oauth_redirect`` — installing the app in a workspace
  (many-workspace mode only).

Adding an adapter's route is one line in :func:`build_routes` (see the comment there). The
scheduler (summaries, reminders, digests) starts with the app unless told not to.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.config import Settings
from commands.core import Core
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

# How long /readyz waits for the database's answer.
READY_TIMEOUT = 2.0
# Threads of the readiness probe, apart from the core's: a probe must not queue behind slow
# commands (it would say the database did not answer when it was never asked), and probes
# stuck on a hung database must not take the threads commands run on.
READY_THREADS = 1
# Allocations between young-generation collections (CPython's default is 700).
GC_YOUNG_THRESHOLD = 20_000


async def healthz(_: Request) -> Response:
    """Liveness: the process is up and serving."""
    return PlainTextResponse("ok")


def _database_answers(store: Store) -> None:
    engine = store.engine
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if path and path != ":memory:" and not path.startswith("file:") and not Path(path).exists():
        # A pooled connection still reads and writes a deleted (or unmounted) file, whose
        # changes are lost for good: SELECT 1 on it would say ready.
        raise FileNotFoundError("the SQLite database file is gone")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


async def readyz(request: Request) -> Response:
    """Readiness: the database answers (within ``READY_TIMEOUT`` seconds), the scheduler,
    when this process runs it, is running, and Slack's Socket Mode link, when it is used, is
    connected. 503 naming which is not, otherwise ``ready``."""
    state = request.app.state
    asked = asyncio.get_running_loop().run_in_executor(
        state.ready_executor, _database_answers, state.store
    )
    try:
        await asyncio.wait_for(asked, READY_TIMEOUT)
    except TimeoutError:
        log.warning("not ready: the database did not answer within %s s", READY_TIMEOUT)
        return PlainTextResponse(f"database did not answer within {READY_TIMEOUT:g} s", 503)
    except Exception as exc:  # the driver's error names the server: only its kind is logged
        log.warning("not ready: the database failed (%s)", type(exc).__name__)
        return PlainTextResponse("database unreachable", 503)
    scheduler = state.scheduler
    if scheduler is not None and not scheduler.running:
        log.warning("not ready: the scheduler has stopped")
        return PlainTextResponse("scheduler stopped", 503)
    slack = state.slack
    problem = await slack.socket_mode_problem() if slack is not None else None
    if problem is not None:
        log.warning("not ready: %s", problem)
        return PlainTextResponse(problem, 503)
    return PlainTextResponse("ready")


def build_routes(
    settings: Settings, store: Store, core: Core, state: dict[str, Any]
) -> list[Route]:
    """Every HTTP route of the server. ``state`` collects what the lifespan starts and stops."""
    from bot.slack.app import (
        EVENTS_PATH,
        INSTALL_PATH,
        REDIRECT_PATH,
        build_slack,
        slack_configured,
    )

    routes = [Route("/healthz", healthz, methods=["GET"])]
    if slack_configured(settings):
        slack = build_slack(settings, store, core)
        state["slack"] = slack
        if slack.http_enabled:
            routes.append(Route(EVENTS_PATH, slack.handle, methods=["POST"]))
        if slack.oauth_enabled:
            routes.append(Route(INSTALL_PATH, slack.handle, methods=["GET"]))
            routes.append(Route(REDIRECT_PATH, slack.handle, methods=["GET"]))
    else:
        log.warning("Slack is not configured (no SLACK_BOT_TOKEN or SLACK_CLIENT_ID)")
    # Other adapters add their routes here, one line each, for example:
    #     routes.append(Route("/api/messages", teams.handle, methods=["POST"]))
    if settings.teams_enabled():
        # Imported only when needed: the Teams SDK takes about a second to import.
        from bot.teams.endpoint import MESSAGES_PATH, build_teams

        teams = build_teams(settings, store, core)
        if teams is not None:
            routes.append(Route(MESSAGES_PATH, teams.handle, methods=["POST"]))
    else:
        log.warning("Teams is not configured (no TEAMS_APP_ID)")
    # Last: every route before it is matched first, and chat's requests are the many.
    routes.append(Route("/readyz", readyz, methods=["GET"]))
    return routes


def start_scheduler(settings: Settings, store: Store, clock: Callable[[], datetime]) -> Any:
    """Start the scheduled work (every minute, in a background thread); returns its handle."""
    from bot.jobs_cli import build_notifiers
    from commands.jobs.scheduler import start_scheduler as start

    return start(
        store,
        build_notifiers(settings, store),
        clock=clock,
        default_timezone=settings.csbot_timezone,
    )


def use_core_threads(count: int) -> None:
    """Run the core (``asyncio.to_thread``) on ``count`` threads of the running loop."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max(1, count), thread_name_prefix="csbot-core")
    )


def tune_gc_for_serving() -> None:
    """Make the garbage collector cheaper for a long-running server (call once start-up is
    done): what start-up allocated is frozen out of collections, and young objects are
    collected less often. Full collections otherwise add tens of ms to unlucky requests.

    No collection runs first: start-up leaves next to no garbage (a handful of objects), and
    a full pass over its ~100,000 objects would add about 70 ms to the time to first answer."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def build_app(
    settings: Settings,
    store: Store | None = None,
    *,
    core: Core | None = None,
    scheduler: bool = False,
) -> Starlette:
    """The server app for these settings (the database is opened here unless given)."""
    store = store or Store.from_url(
        settings.effective_database_url(), default_timezone=settings.csbot_timezone
    )
    core = core or Core(store, timezone=settings.csbot_timezone)
    state: dict[str, Any] = {}
    routes = build_routes(settings, store, core, state)
    # Its thread is made at the first probe.
    ready_executor = ThreadPoolExecutor(READY_THREADS, thread_name_prefix="csbot-ready")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        use_core_threads(settings.csbot_core_threads)
        slack = state.get("slack")
        if slack is not None:
            await slack.start()
        # The scheduler keeps the core's time (tests freeze both together).
        jobs = start_scheduler(settings, store, core.clock) if scheduler else None
        app.state.scheduler = jobs
        try:
            yield
        finally:
            if jobs is not None:
                # Let a run in progress finish its posts (each is claimed in the database, so
                # a process killed instead loses nothing either: its claims expire).
                jobs.shutdown(wait=True)
            if slack is not None:
                await slack.stop()
            ready_executor.shutdown(wait=False, cancel_futures=True)

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.store = store
    app.state.core = core
    app.state.slack = state.get("slack")
    app.state.scheduler = None
    app.state.ready_executor = ready_executor
    return app
