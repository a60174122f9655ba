"""Concurrent signed Slack requests (slash commands, channel messages) against a server."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, replace
from typing import Any, ClassVar
from urllib.parse import urlencode

import aiohttp

from bench.fake_slack import FakeSlack
from bench.measure import Stats, machine_busy_s, stats, tree_cpu_s

FORM = "application/x-www-form-urlencoded"


def sign(secret: str, body: str, ts: int | None = None, content_type: str = FORM) -> dict[str, str]:
    """Headers signing ``body`` exactly as Slack does."""
    ts = ts or int(time.time())
    base = f"v0:{ts}:{body}".encode()
    sig = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sig,
        "Content-Type": content_type,
    }


async def wait_healthy(base_url: str, timeout: float = 30.0) -> float:
    """Seconds until GET /healthz answers 200."""
    started = time.perf_counter()
    async with aiohttp.ClientSession() as client:
        while time.perf_counter() - started < timeout:
            try:
                async with client.get(
                    f"{base_url}/healthz", timeout=aiohttp.ClientTimeout(total=1.0)
                ) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.02)
    raise TimeoutError(f"{base_url} did not become healthy in {timeout} s")


@dataclass(frozen=True)
class Slash:
    """One slash command as a user sends it: the command and its text, from whom, in which
    Slack team."""

    command: str
    text: str
    team_id: str
    user_id: str
    content_type: ClassVar[str] = FORM

    def __str__(self) -> str:
        return f"{self.command} {self.text}"

    def body(self, fake: FakeSlack, key: str) -> str:
        """The form body of the command, as Slack posts it (``key`` names its response_url)."""
        return urlencode(
            {
                "token": "x",
                "team_id": self.team_id,
                "team_domain": "bench",
                "channel_id": "CBENCH",
                "channel_name": "bench",
                "user_id": self.user_id,
                "user_name": "bench",
                "command": self.command,
                "text": self.text,
                "api_app_id": "ABENCH",
                "is_enterprise_install": "false",
                "response_url": fake.response_url(key),
                "trigger_id": "1.2.3",
            }
        )


# Message timestamps never repeat within a run, so each message is a new progress update.
_message_numbers = itertools.count(1)


@dataclass(frozen=True)
class ChannelMessage:
    """A person's message in a channel, delivered as an Events API ``message`` event; each
    delivery is a new message (its own ``ts`` and event id), ``{n}`` in ``text`` its number."""

    text: str
    team_id: str
    user_id: str
    channel_id: str
    content_type: ClassVar[str] = "application/json"

    def __str__(self) -> str:
        return f"message in {self.channel_id}"

    def body(self, fake: FakeSlack, key: str) -> str:
        """The signed request's body (a new message each time; ``key`` is not used)."""
        n = next(_message_numbers)
        ts = f"{int(time.time())}.{n:06d}"
        event = {
            "type": "message",
            "channel": self.channel_id,
            "user": self.user_id,
            "text": self.text.format(n=n),
            "ts": ts,
            "event_ts": ts,
            "channel_type": "channel",
        }
        return json.dumps(
            {
                "token": "x",
                "team_id": self.team_id,
                "api_app_id": "ABENCH",
                "event": event,
                "type": "event_callback",
                "event_id": f"EvBENCH{ts.replace('.', '')}",
                "event_time": int(time.time()),
            }
        )


SignedRequest = Slash | ChannelMessage


# What an acknowledgement may carry (the arguments of Bolt's ``ack``).
ANSWER_FIELDS = ("response_type", "text", "blocks")


async def answer_of(base_url: str, secret: str, fake: FakeSlack, slash: Slash) -> dict[str, Any]:
    """The message a server acknowledges one slash command with (its text, blocks and
    response type); raises when the acknowledgement carries no answer."""
    body = slash.body(fake, "answer")
    async with (
        aiohttp.ClientSession() as client,
        client.post(f"{base_url}/slack/events", data=body, headers=sign(secret, body)) as r,
    ):
        content = await r.read()
    if r.status != 200 or not content.strip():
        raise RuntimeError(f"{slash}: no answer in the acknowledgement ({r.status})")
    message = json.loads(content)
    return {k: message[k] for k in ANSWER_FIELDS if k in message}


async def signed_load(
    base_url: str,
    secret: str,
    fake: FakeSlack,
    request: SignedRequest,
    *,
    n: int,
    concurrency: int,
    wait_for_response_url: bool,
    response_timeout: float = 10.0,
    warmup: int | None = None,
    server_pid: int | None = None,
) -> Stats:
    """Send ``n`` signed requests, ``concurrency`` at a time; latency until the answer.

    The answer is the HTTP response, or — when the app answers through response_url after
    acknowledging — the moment its response_url POST arrives at the fake Slack. The first
    ``warmup`` requests (default: two per concurrent client) are not counted. With
    ``server_pid``, the CPU time per counted request of that server (its process tree) and
    of the whole machine is measured too.
    """
    counter = itertools.count()
    latencies: list[float] = []
    sem = asyncio.Semaphore(concurrency)
    # aiohttp rather than httpx: the load generator shares the machine with the server, and
    # aiohttp's client costs a good deal less CPU per request.
    # A new connection per request, as from Slack's many senders: with keep-alive, 16 long-lived
    # connections can land unevenly on the server's worker processes and skew the figures.
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=30.0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:

        async def one(record: bool = True) -> None:
            async with sem:
                key = f"r{next(counter)}"
                body = request.body(fake, key)
                headers = sign(secret, body, content_type=request.content_type)
                waiter = fake.expect(key) if wait_for_response_url else None
                t0 = time.perf_counter()
                async with client.post(f"{base_url}/slack/events", data=body, headers=headers) as r:
                    content = await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"{request}: HTTP {r.status} {content[:200]!r}")
                done = time.perf_counter()
                if waiter is not None and not content.strip():
                    done = await asyncio.wait_for(waiter, response_timeout)
                elif waiter is not None:
                    fake.waiters.pop(key, None)
                if record:
                    latencies.append(done - t0)

        warm = 2 * concurrency if warmup is None else warmup
        await asyncio.gather(*(one(record=False) for _ in range(min(warm, n))))
        server_cpu = tree_cpu_s(server_pid) if server_pid else 0.0
        machine_cpu = machine_busy_s()
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        elapsed = time.perf_counter() - started
        if server_pid:
            server_cpu = tree_cpu_s(server_pid) - server_cpu
            machine_cpu = machine_busy_s() - machine_cpu
    measured = stats(latencies, elapsed)
    if not server_pid or not n:
        return measured
    return replace(
        measured, server_cpu_ms=1000 * server_cpu / n, machine_cpu_ms=1000 * machine_cpu / n
    )
