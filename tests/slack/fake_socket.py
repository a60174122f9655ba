"""A fake Socket Mode endpoint: a local WebSocket that sends envelopes and collects acks."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from concurrent.futures import Future
from typing import Any

from aiohttp import WSMsgType, web


class FakeSocketMode:
    """Slack's side of a Socket Mode connection, on 127.0.0.1 in its own thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.connected = threading.Event()
        self.acks: dict[str, Future[dict[str, Any]]] = {}
        self._ws: web.WebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self.connected.set()
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            waiter = self.acks.get(str(data.get("envelope_id")))
            if waiter is not None and not waiter.done():
                waiter.set_result(data)
        return ws

    def send(self, kind: str, payload: dict[str, Any], timeout: float = 10) -> dict[str, Any]:
        """Deliver an envelope and return the app's acknowledgement."""
        assert self.connected.wait(timeout), "the app never connected"
        envelope_id = f"env-{next(self._ids)}"
        waiter: Future[dict[str, Any]] = Future()
        self.acks[envelope_id] = waiter
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        assert self._ws is not None
        asyncio.run_coroutine_threadsafe(self._ws.send_str(json.dumps(envelope)), self.loop).result(
            timeout
        )
        return waiter.result(timeout)

    def stop(self) -> None:
        """Close the link and the endpoint (a second call does nothing)."""
        if not self._thread.is_alive():
            return

        async def close() -> None:
            if self._ws is not None:
                await self._ws.close()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
