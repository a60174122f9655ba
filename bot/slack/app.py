"""Build the Slack adapter from Settings: a Bolt AsyncApp, its Starlette handler, and (when
``SLACK_APP_TOKEN`` is set) a Socket Mode connection. Nothing is created at import time.

Modes:
- one workspace: ``SLACK_BOT_TOKEN`` (+ ``SLACK_SIGNING_SECRET`` for HTTP);
- many workspaces: ``SLACK_CLIENT_ID`` + ``SLACK_CLIENT_SECRET`` (+ signing secret); the app is
  installed at ``/slack/install`` and installations are kept in the database;
- Socket Mode: either of the above plus ``SLACK_APP_TOKEN`` (HTTP events are then optional).
``SLACK_API_URL`` points the Web API client elsewhere (tests use a local fake Slack).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.listener.async_listener_error_handler import AsyncDefaultListenerErrorHandler
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from starlette.requests import Request
from starlette.responses import Response

from bot.config import Settings
from bot.slack.form_seal import FormSeal
from bot.slack.guard import Refusal, checked_request, describe, shape_problem
from bot.slack.installation_store import DbInstallationStore, DbOAuthStateStore
from bot.slack.listeners import commands, events, install, interactions
from bot.slack.runner import ARRIVED
from bot.slack.scopes import BOT_SCOPES
from bot.slack.services import SlackServices
from commands.core import Core
from storage.unit_of_work import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
RATE_LIMIT_RETRIES = 3
BOLT_LOGGER = "bot.slack.bolt"
# How much of a name from a request (an event type, a callback id) a log line shows.
LOGGED_NAME_MAX = 40


class SlackConfigError(ValueError):
    """The Slack settings are incomplete or contradictory (the message says what to set)."""


def slack_configured(settings: Settings) -> bool:
    """True when any Slack credentials are set (the adapter then starts)."""
    return bool(settings.slack_bot_token or settings.slack_client_id)


def api_url(settings: Settings) -> str:
    """The Web API base URL, ending in a slash as slack_sdk expects."""
    url = settings.slack_api_url or "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"


def configure_client(client: AsyncWebClient, settings: Settings) -> AsyncWebClient:
    """Point a Web API client at SLACK_API_URL and make it retry after Slack's 429
    (honouring Retry-After) and after dropped connections."""
    client.base_url = api_url(settings)
    client.retry_handlers = [
        AsyncConnectionErrorRetryHandler(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]
    return client


def _secret(value: object) -> str | None:
    get = getattr(value, "get_secret_value", None)
    text = get() if callable(get) else None
    return str(text) if text else None


def _oauth_settings(settings: Settings, store: Store) -> AsyncOAuthSettings:
    client_id = settings.slack_client_id or ""
    secret = _secret(settings.slack_client_secret)
    if not secret:
        raise SlackConfigError("SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not.")
    scopes = [s.strip() for s in settings.slack_scopes.split(",") if s.strip()] or BOT_SCOPES
    installations = DbInstallationStore(store, client_id)
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=secret,
        scopes=scopes,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=DbOAuthStateStore(store),
    )


def build_bolt_app(settings: Settings, store: Store, services: SlackServices) -> AsyncApp:
    """The Bolt app with every csbot listener registered."""
    signing_secret = _secret(settings.slack_signing_secret)
    app_token = _secret(settings.slack_app_token)
    bot_token = _secret(settings.slack_bot_token)
    if not signing_secret and not app_token:
        raise SlackConfigError(
            "SLACK_SIGNING_SECRET is required to receive Slack's requests over HTTP "
            "(or set SLACK_APP_TOKEN to use Socket Mode)."
        )
    oauth = _oauth_settings(settings, store) if settings.slack_client_id else None
    if oauth is not None and bot_token:
        log.warning(
            "SLACK_BOT_TOKEN is not used: SLACK_CLIENT_ID is set, so each workspace's own "
            "installation token is (unset SLACK_BOT_TOKEN to silence this)"
        )
    if oauth is None and not bot_token:
        raise SlackConfigError("Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.")
    app = AsyncApp(
        # Named, so Bolt does not inspect the call stack (reading source files) to find a name.
        name="csbot",
        signing_secret=signing_secret or "",
        token=None if oauth else bot_token,
        oauth_settings=oauth,
        # Events are acknowledged after the core ran: a failure answers 500 and Slack retries.
        # Everything slow runs after the answer (see the listeners).
        process_before_response=True,
        request_verification_enabled=bool(signing_secret),
        # Bolt's own warning about a request nothing handles logs what the user typed (a
        # block_suggestion's value) and multi-line hints for developers: on_error logs it.
        raise_error_for_unhandled_request=True,
        logger=logging.getLogger(BOLT_LOGGER),
    )
    # Bolt copies this client's base URL and retry handlers into every per-request client
    # (and the OAuth flow uses it to exchange codes).
    configure_client(app.client, settings)
    app.error(on_error)
    if app_token:
        # HTTP requests were checked before Bolt saw them; Socket Mode's were not.
        app.use(refuse_malformed)
    commands.register(app, services)
    events.register(app, services)
    stored = oauth.installation_store if oauth is not None else None
    install.register(app, services, stored if isinstance(stored, DbInstallationStore) else None)
    seal = FormSeal.from_first(signing_secret, _secret(settings.slack_client_secret), bot_token)
    interactions.register(app, services, seal)
    register_fallbacks(app)
    return app


async def refuse_malformed(
    body: dict[str, Any], next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """Bolt middleware: ignore a payload of the wrong shape (see bot.slack.guard). Requests
    over HTTP were refused with 400 before Bolt saw them; this is for Socket Mode, where the
    envelope is acknowledged (so Slack does not deliver it again) and nothing else is done."""
    problem = shape_problem(body)
    if problem is None:
        await next()
        return None
    log.warning("ignored a malformed Slack request: %s", problem)
    return BoltResponse(status=200, body="")


def register_fallbacks(app: AsyncApp) -> None:
    """Answer the interactions no csbot listener takes (registered last, so ours match
    first): an empty list of options, and a bare acknowledgement (which closes a form) for
    other shortcuts, forms and closed forms."""
    anything = re.compile(".*")
    app.options(anything)(_no_options)
    app.shortcut(anything)(_acknowledge)
    app.view_submission(anything)(_acknowledge)
    app.view_closed(anything)(_acknowledge)


async def _no_options(ack: AsyncAck) -> None:
    await ack(options=[])


async def _acknowledge(ack: AsyncAck, body: dict[str, Any]) -> None:
    await ack()
    if body.get("type") != "view_closed":
        log.info("ignored a Slack request nothing handles: %s", request_kind(body))


async def on_error(
    error: Exception, request: AsyncBoltRequest, response: BoltResponse | None
) -> None:
    """Bolt's error handler: a request nothing handles (answered 404) is logged in one line
    naming its kind; any other error as Bolt logs it."""
    if isinstance(error, BoltUnhandledRequestError):
        log.warning("no listener for a Slack request: %s", request_kind(request.body))
        return
    default = AsyncDefaultListenerErrorHandler(logging.getLogger(BOLT_LOGGER))
    await default.handle(error=error, request=request, response=response)


def request_kind(body: dict[str, Any]) -> str:
    """What a request is, for a log line: its type and the name it is routed by (an event's
    type, a command, a callback or action id), quoted and cut short; never what was typed."""
    event = body.get("event")
    view = body.get("view")
    if isinstance(event, dict):
        kind, name = "event", event.get("type")
    elif "command" in body:
        kind, name = "command", body.get("command")
    elif isinstance(view, dict):
        kind, name = _type_of(body), view.get("callback_id")
    else:
        kind, name = _type_of(body), body.get("callback_id") or body.get("action_id")
    shown = repr(str(name)[:LOGGED_NAME_MAX]) if name is not None else "-"
    return f"{kind} {shown}"


def _type_of(body: dict[str, Any]) -> str:
    kind = body.get("type")
    named = isinstance(kind, str) and kind.isidentifier() and len(kind) <= LOGGED_NAME_MAX
    return str(kind) if named else "request"


@dataclass
class SlackAdapter:
    """The running Slack side of ``csbot serve``."""

    app: AsyncApp
    services: SlackServices
    handler: AsyncSlackRequestHandler
    app_token: str | None = None
    http_enabled: bool = True
    signing_secret: str | None = None
    _socket: object | None = None
    _session: aiohttp.ClientSession | None = None

    @property
    def oauth_enabled(self) -> bool:
        """True in many-workspace mode (install pages are served)."""
        return self.app.oauth_flow is not None

    async def handle(self, request: Request) -> Response:
        """Every Slack request over HTTP: events, commands, interactions, OAuth pages.
        A POST is size-checked, verified and parsed first (see bot.slack.guard)."""
        if request.method != "POST":
            return await self.handler.handle(request)
        arrived = time.monotonic()
        try:
            bolt = await checked_request(request, self.signing_secret)
        except Refusal as refused:
            log.warning("%s", describe(refused, request))
            return refused.response()
        # Slack's 3 seconds run from here: listeners measure their deadlines from it.
        bolt.context[ARRIVED] = arrived
        return to_starlette_response(await self.app.async_dispatch(bolt))

    async def start(self) -> None:
        """Open the process's connection pool to Slack, check the bot token (in the
        background: start-up does not wait), and connect over Socket Mode when an app-level
        token is set."""
        if self.app.client.session is None:
            # One HTTP session for every Web API call of the process (Bolt hands it to each
            # request's client): connections to Slack are kept and reused, rather than a new
            # TCP and TLS handshake for every message posted and every users.info.
            self.app.client.session = aiohttp.ClientSession()
            self._session = self.app.client.session
        # Many-workspace mode answers with each installation's token: a SLACK_BOT_TOKEN left
        # set (Bolt's client still picks it up) is not used, so Slack is not asked about it.
        if self.app.client.token and not self.oauth_enabled:
            self.services.background.spawn(check_bot_token(self.app.client), "auth.test")
        if not self.app_token:
            return
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        socket = AsyncSocketModeHandler(self.app, self.app_token)
        await socket.connect_async()
        self._socket = socket
        log.info("connected to Slack over Socket Mode")

    async def socket_mode_problem(self) -> str | None:
        """Why Slack cannot reach this process over Socket Mode (not connected, or its link
        gone quiet); None when it is connected or Socket Mode is not used."""
        if not self.app_token:
            return None
        client = getattr(self._socket, "client", None)
        if client is None or not await client.is_connected():
            return "Slack Socket Mode not connected"
        return None

    async def stop(self) -> None:
        """Disconnect and let work started after acknowledgements finish."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[attr-defined]
            self._socket = None
        await self.services.drain()
        if self._session is not None:
            self.app.client.session = None
            await self._session.close()
            self._session = None


# What Slack answers auth.test with when the token itself is wrong (not when Slack is down).
TOKEN_REFUSED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
TOKEN_CHECK_TIMEOUT = 10.0


async def check_bot_token(client: AsyncWebClient) -> bool | None:
    """Ask Slack whether SLACK_BOT_TOKEN works (``auth.test``), and log the answer: an error
    naming the setting when Slack refuses the token, so a wrong token shows at start-up
    rather than as the first user's failed command. True when it works, False when refused,
    None when Slack could not be asked."""
    try:
        response = await asyncio.wait_for(client.auth_test(), TOKEN_CHECK_TIMEOUT)
    except SlackApiError as exc:
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        if error in TOKEN_REFUSED:
            log.error(
                "Slack refused SLACK_BOT_TOKEN (%s): every command will fail until it is "
                "corrected (the bot token starts xoxb-, from the app's OAuth & Permissions).",
                error,
            )
            return False
        log.warning("could not check SLACK_BOT_TOKEN with Slack: %s", error or "no answer")
        return None
    except Exception as exc:  # Slack unreachable: nothing to say about the token yet
        log.warning("could not check SLACK_BOT_TOKEN with Slack: %s", type(exc).__name__)
        return None
    log.info("Slack accepted the bot token (team %s)", response.get("team_id"))
    return True


def build_slack(settings: Settings, store: Store, core: Core) -> SlackAdapter:
    """The Slack adapter for these settings (raises SlackConfigError when incomplete)."""
    services = SlackServices(store=store, core=core)
    app = build_bolt_app(settings, store, services)
    return SlackAdapter(
        app=app,
        services=services,
        handler=AsyncSlackRequestHandler(app),
        app_token=_secret(settings.slack_app_token),
        http_enabled=bool(_secret(settings.slack_signing_secret)),
        signing_secret=_secret(settings.slack_signing_secret),
    )
