"""A local fake of the Bot Connector service, recording every activity the bot posts.

Runs on 127.0.0.1 in a thread. It serves the Bot Framework OpenID metadata and the test
signing keys (so the bot authenticates requests exactly as against Microsoft's), conversation
members (for e-mail look-ups), and ``POST /v3/conversations/{id}/activities``, where every
card is checked against the Adaptive Cards 1.5 schema and Teams' size limit; problems are
collected in ``invalid``. Failures (e.g. 429 with Retry-After) can be scripted.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from tests.teams import signing
from tests.teams.cardcheck import CARD_CONTENT_TYPE, SCHEMA, activity_problems

_ACTIVITIES_RE = re.compile(r"^/v3/conversations/(?P<conversation>[^/]+)/activities/?$")
_MEMBER_RE = re.compile(r"^/v3/conversations/(?P<conversation>[^/]+)/members/(?P<member>[^/]+)$")


@dataclass(frozen=True)
class Posted:
    """One activity the bot posted."""

    conversation_id: str
    activity: dict[str, Any]
    authorization: str

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards it carries."""
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == CARD_CONTENT_TYPE
        ]

    @property
    def text(self) -> str:
        """All its card JSON as one string (for assertions)."""
        return json.dumps(self.cards, ensure_ascii=False)


@dataclass
class Scripted:
    """Answer the next ``times`` posts with ``status`` and ``headers``."""

    status: int
    headers: dict[str, str]
    times: int


@dataclass
class FakeConnector:
    """The fake service; ``posted`` records what the bot sent, in order."""

    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    posted: list[Posted] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failures: list[Scripted] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> FakeConnector:
        """Serve on a free port in a background thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                fake._get(self)

            def do_POST(self) -> None:
                fake._post(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        """The service URL activities name (``serviceUrl``)."""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def metadata_url(self) -> str:
        """Where the OpenID metadata is (``TEAMS_OPENID_METADATA_URL``)."""
        return f"{self.url}v1/.well-known/openidconfiguration"

    # -- scripting and looking ------------------------------------------------------------------

    def add_member(self, user_id: str, name: str, *, email: str | None, aad: str) -> None:
        """A member the bot can look up (``GET .../members/{id}``)."""
        self.members[user_id] = {
            "id": user_id,
            "name": name,
            "aadObjectId": aad,
            "email": email,
            "userPrincipalName": email,
        }

    def fail_next(self, status: int, *, times: int = 1, **headers: str) -> None:
        """Answer the next posts with an error (e.g. ``fail_next(429, Retry_After="1")``)."""
        with self._lock:
            clean = {k.replace("_", "-"): v for k, v in headers.items()}
            self.failures.append(Scripted(status, clean, times))

    def to(self, conversation_id: str) -> list[Posted]:
        """What was posted into a conversation (thread suffix included in the id)."""
        with self._lock:
            return [p for p in self.posted if p.conversation_id == conversation_id]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Posted]:
        """Wait until at least ``count`` activities were posted; all of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.posted) >= count:
                    return list(self.posted)
            time.sleep(0.02)
        with self._lock:
            raise AssertionError(f"expected {count} posts, got {len(self.posted)}: {self.posted}")

    def clear(self) -> None:
        """Forget what was posted so far."""
        with self._lock:
            self.posted.clear()

    # -- serving --------------------------------------------------------------------------------

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any, **headers: str) -> None:
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(data)

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        path = unquote(h.path.split("?")[0])
        with self._lock:
            self.requests.append(f"GET {path}")
        if path == "/v1/.well-known/openidconfiguration":
            self._send(
                h,
                200,
                {
                    "issuer": signing.ISSUER,
                    "jwks_uri": f"{self.url}v1/.well-known/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                },
            )
            return
        if path == "/v1/.well-known/keys":
            self._send(h, 200, signing.jwks())
            return
        m = _MEMBER_RE.match(path)
        if m and m["member"] in self.members:
            self._send(h, 200, self.members[m["member"]])
            return
        self._send(h, 404, {"error": {"code": "NotFound", "message": path}})

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        path = unquote(h.path.split("?")[0])
        length = int(h.headers.get("Content-Length") or 0)
        body = json.loads(h.rfile.read(length) or b"{}")
        m = _ACTIVITIES_RE.match(path)
        if m is None:
            self._send(h, 404, {"error": {"code": "NotFound", "message": path}})
            return
        with self._lock:
            self.requests.append(f"POST {path}")
            scripted = self.failures[0] if self.failures else None
            if scripted is not None:
                scripted.times -= 1
                if scripted.times <= 0:
                    self.failures.pop(0)
                self.refused.append((scripted.status, m["conversation"]))
        if scripted is not None:
            self._send(h, scripted.status, {"error": {"code": "Throttled"}}, **scripted.headers)
            return
        problems = activity_problems(body) if SCHEMA.exists() else []
        with self._lock:
            self.invalid += [f"{m['conversation']}: {p}" for p in problems]
            self.posted.append(
                Posted(m["conversation"], body, h.headers.get("Authorization") or "")
            )
            activity_id = f"bot-{next(self._ids)}"
        self._send(h, 201, {"id": activity_id})
