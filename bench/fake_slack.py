"""A minimal fake Slack Web API (and response_url sink) for the end-to-end benchmark."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class FakeSlack:
    """Answers every Web API method with ok; records when each response_url was posted to."""

    responses: dict[str, float] = field(default_factory=dict)
    waiters: dict[str, asyncio.Future[float]] = field(default_factory=dict)
    calls: int = 0
    runner: web.AppRunner | None = None
    port: int = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk sends users.info as GET
        app.router.add_post("/response/{key}", self._response)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{key}"

    def expect(self, key: str) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[key] = fut
        return fut

    async def _api(self, request: web.Request) -> web.Response:
        self.calls += 1
        method = request.match_info["method"]
        body: dict[str, object] = {"ok": True}
        if method == "auth.test":
            body.update(team_id="T00001", user_id="UBOT", bot_id="BBOT", url="https://x.slack.com/")
        elif method == "users.info":
            body["user"] = {"id": "U0", "name": "bench", "real_name": "", "profile": {}}
        elif method == "chat.getPermalink":
            body["permalink"] = "https://x.slack.com/archives/C/p1"
        elif method in ("chat.postMessage", "chat.postEphemeral"):
            body.update(channel="C", ts=f"{time.time():.6f}")
        elif method == "conversations.open":
            body["channel"] = {"id": "D0001"}
        return web.json_response(body)

    async def _response(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        await request.read()
        now = time.perf_counter()
        self.responses[key] = now
        fut = self.waiters.pop(key, None)
        if fut is not None and not fut.done():
            fut.set_result(now)
        return web.json_response({"ok": True})


def dumps(obj: object) -> str:
    """Compact JSON."""
    return json.dumps(obj, separators=(",", ":"))
