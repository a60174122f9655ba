"""A local fake of Slack's Web API (and of response_url), recording every call the bot makes.

Runs on 127.0.0.1 in a thread, so it serves both the in-process app and a ``csbot serve``
subprocess. Every Block Kit payload it receives (messages, ephemeral messages, response_url
posts, modals, the Home tab) is validated through ``slack_sdk.models`` and Slack's limits;
problems are collected in ``invalid`` for the tests to assert on.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.slack.blockkit import BlockKitError, validate_message, validate_view

TEAM = "T0CSBOT01"
BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"


@dataclass(frozen=True)
class Call:
    """One request the bot made: the Web API method (or ``response_url``) and its arguments."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    path: str = ""
    peer: tuple[str, int] = ("", 0)  # the bot's end of the connection the call came on


@dataclass
class Failure:
    """A scripted failure: answer ``method`` with ``status`` (and headers) ``times`` times."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass
class FakeSlack:
    """The fake server. ``users`` answers users.info; ``calls`` records everything."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    # Calls of a method whose connection is closed without an answer, as when the network drops.
    drops: dict[str, int] = field(default_factory=dict)
    socket_url: str = ""
    # HTTP/1.1 with connections kept open between calls, as Slack does (default: HTTP/1.0,
    # one connection per call).
    keep_alive: bool = False
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # -- running -------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        if self.keep_alive:
            Handler.protocol_version = "HTTP/1.1"

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{key}"

    # -- scripting -----------------------------------------------------------------------------

    def add_user(
        self, user_id: str, real_name: str, *, email: str | None = None, display: str = ""
    ) -> None:
        """A user that users.info knows."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": (display or real_name).lower().replace(" ", "."),
            "real_name": real_name,
            "is_bot": False,
            "is_admin": False,
            "profile": {
                "real_name": real_name,
                "display_name": display,
                **({"email": email} if email else {}),
            },
        }

    def fail(
        self,
        method: str,
        *,
        status: int = 429,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """Answer ``method`` with an error ``times`` times (e.g. 429 with Retry-After)."""
        self.failures.setdefault(method, []).append(
            Failure(status, body or {"ok": False, "error": "ratelimited"}, headers or {}, times)
        )

    # -- reading -------------------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        """The calls of one method, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls of ``method`` once there are at least ``count`` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} call(s), got {self.methods()}")

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    # -- serving -------------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode("utf-8") if length else ""
        path, _, query = request.path.partition("?")
        args = _parse(raw, request.headers.get("Content-Type") or "")
        args.update(dict(parse_qsl(query, keep_blank_values=True)))
        method = path.removeprefix("/api/") if path.startswith("/api/") else "response_url"
        headers = {k.lower(): v for k, v in request.headers.items()}
        call = Call(method, args, headers, path, peer=request.client_address[:2])
        with self._lock:
            self.calls.append(call)
            dropped = self.drops.get(method, 0) > 0
            if dropped:
                self.drops[method] -= 1
            failure = None if dropped else self._next_failure(method)
        if dropped:
            request.close_connection = True
            return
        self._check(call)
        if method in self.delays:
            time.sleep(self.delays[method])
        if failure is not None:
            self._send(request, failure.status, failure.body, failure.headers)
            return
        self._send(request, 200, self._answer(method, args), {})

    def _next_failure(self, method: str) -> Failure | None:
        queue = self.failures.get(method) or []
        while queue and queue[0].times <= 0:
            queue.pop(0)
        if not queue:
            return None
        queue[0].times -= 1
        return queue[0]

    def _send(
        self,
        request: BaseHTTPRequestHandler,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str],
    ) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)

    def _check(self, call: Call) -> None:
        """Validate every Block Kit payload the bot sends."""
        try:
            message = call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update")
            response = call.method == "response_url" and not call.args.get("delete_original")
            if message or response:
                validate_message(call.args)
            elif call.method in ("views.open", "views.push", "views.update", "views.publish"):
                validate_view(_json(call.args.get("view")))
        except BlockKitError as exc:
            with self._lock:
                self.invalid.append(f"{call.method}: {exc}")

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return {
                **ok,
                "url": "https://csbot-test.slack.com/",
                "team": "csbot test",
                "team_id": TEAM,
                "user": "csbot",
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
            }
        if method == "apps.connections.open":
            return {**ok, "url": self.socket_url} if self.socket_url else {"ok": False}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {**ok, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", "")).replace(".", "")
            link = f"https://csbot-test.slack.com/archives/{args.get('channel')}/p{ts}"
            return {**ok, "channel": args.get("channel"), "permalink": link}
        if method == "chat.postMessage":
            return {**ok, "channel": args.get("channel"), "ts": f"1449050500.{next(self._ts):06d}"}
        if method == "chat.postEphemeral":
            return {**ok, "message_ts": f"1449050500.{next(self._ts):06d}"}
        if method == "conversations.open":
            return {**ok, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            return {**ok, "view": {"id": f"V{next(self._ts):06d}", **_json(args.get("view"))}}
        if method == "oauth.v2.access":
            return {
                **ok,
                "app_id": "A0CSBOT",
                "authed_user": {"id": "UINSTALLER"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": "xoxb-installed-token",
                "bot_user_id": BOT_USER,
                "team": {"id": "T0OAUTH01", "name": "Oauth Council"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return ok


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return {}


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {}
    args: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(args.get(key), str) and args[key].startswith(("[", "{")):
            args[key] = json.loads(args[key])
    return args


__all__ = ["BOT_ID", "BOT_USER", "TEAM", "BlockKitError", "Call", "FakeSlack"]
