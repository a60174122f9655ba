"""``POST /api/messages``: where the Bot Connector service delivers Teams activities.

The request is authenticated first (``bot.teams.auth``; 401 without a valid token, 403 for
an unendorsed channel), unless ``TEAMS_ALLOW_UNAUTHENTICATED`` is set for local development.
Then the activity goes to ``TeamsBot``: invokes are answered in the response, everything
else is acknowledged at once and handled after the response has gone.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.config import Settings
from bot.http_body import read_capped
from bot.teams.auth import AuthError, BotFrameworkAuth
from bot.teams.bot import TeamsBot
from bot.teams.pick import PickSeal
from bot.teams.setup import (
    allowed_tenants,
    build_auth,
    build_sender,
    teams_configured,
)
from commands.core import Core
from storage.app_secrets import app_secret
from storage.teams_references import ReferenceStore
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
MAX_BODY_BYTES = 1_000_000
TEAMS_CHANNEL = "msteams"


@dataclass
class TeamsEndpoint:
    """The ASGI endpoint of the Teams adapter (mount it as ``POST /api/messages``)."""

    bot: TeamsBot
    auth: BotFrameworkAuth | None

    async def handle(self, request: Request) -> Response:
        """Authenticate, parse and hand one activity to the bot."""
        body = await read_capped(request, MAX_BODY_BYTES)
        if body is None:
            return JSONResponse(
                {"error": "activity too large"}, status_code=413, headers={"Connection": "close"}
            )
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"error": "body is not an activity"}, status_code=400)
        if self.auth is not None:
            try:
                await self.auth.authenticate(request.headers.get("authorization"), payload)
            except AuthError as exc:
                log.warning("refused a Teams request: %s", exc.reason)
                error = "Forbidden" if exc.status == 403 else "Unauthorized"
                return JSONResponse({"error": error}, status_code=exc.status)
        if payload.get("channelId") != TEAMS_CHANNEL:
            # Other Bot Framework channels (Web Chat, Direct Line) let their client say who it
            # is, whatever key signed the token: csbot serves Teams only.
            log.warning("refused an activity from channel %.40r", payload.get("channelId"))
            return JSONResponse({"error": "csbot serves Microsoft Teams only"}, status_code=403)
        received = await self.bot.receive(payload)
        task = BackgroundTask(received.later) if received.later is not None else None
        if received.body is None:
            return Response(status_code=received.status, background=task)
        return JSONResponse(received.body, status_code=received.status, background=task)


# The app_secret kept for the pick buttons' key, where the app has no password.
PICK_SECRET = "teams pick seal"


def pick_seal(settings: Settings, store: Store) -> PickSeal:
    """The seal of Teams' pick buttons: keyed from the app's password, or (an app run with a
    managed identity has none) from a random secret every process reads from the database;
    never from the app id, which anybody may know."""
    if settings.teams_app_password:
        return PickSeal.from_secrets(settings.teams_app_password.get_secret_value())
    return PickSeal.from_secrets(app_secret(store, PICK_SECRET))


def build_teams(settings: Settings, store: Store, core: Core) -> TeamsEndpoint | None:
    """The Teams endpoint for these settings; None when Teams is not configured."""
    if not teams_configured(settings):
        return None
    if settings.teams_allow_unauthenticated:
        log.warning(
            "TEAMS_ALLOW_UNAUTHENTICATED is set: %s accepts requests WITHOUT checking who sent "
            "them. Use it only for local development, never where the server can be reached.",
            MESSAGES_PATH,
        )
        auth = None
    else:
        auth = build_auth(settings)
    bot = TeamsBot(
        core=core,
        store=store,
        sender=build_sender(settings),
        references=ReferenceStore(store),
        allowed_tenants=allowed_tenants(settings),
        read_all_channel_messages=settings.teams_read_all_channel_messages,
        pick_seal=pick_seal(settings, store),
    )
    return TeamsEndpoint(bot=bot, auth=auth)
