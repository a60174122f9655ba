"""Concurrent signed slash-command requests against a running server."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import time
from urllib.parse import urlencode

import httpx

from bench.fake_slack import FakeSlack
from bench.measure import Stats, stats


def sign(secret: str, body: str, ts: int | None = None) -> dict[str, str]:
    """Headers signing ``body`` exactly as Slack does."""
    ts = ts or int(time.time())
    base = f"v0:{ts}:{body}".encode()
    sig = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sig,
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def wait_healthy(base_url: str, timeout: float = 30.0) -> float:
    """Seconds until GET /healthz answers 200."""
    started = time.perf_counter()
    async with httpx.AsyncClient() as client:
        while time.perf_counter() - started < timeout:
            try:
                r = await client.get(f"{base_url}/healthz", timeout=1.0)
                if r.status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.02)
    raise TimeoutError(f"{base_url} did not become healthy in {timeout} s")


async def slash_load(
    base_url: str,
    secret: str,
    fake: FakeSlack,
    *,
    command: str,
    text: str,
    team_id: str,
    user_id: str,
    n: int,
    concurrency: int,
    wait_for_response_url: bool,
    response_timeout: float = 10.0,
) -> Stats:
    """Send ``n`` slash commands, ``concurrency`` at a time; latency until the answer.

    The answer is the HTTP response, or — when the app answers through response_url after
    acknowledging — the moment its response_url POST arrives at the fake Slack.
    """
    counter = itertools.count()
    latencies: list[float] = []
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:

        async def one() -> None:
            async with sem:
                key = f"r{next(counter)}"
                body = urlencode(
                    {
                        "token": "x",
                        "team_id": team_id,
                        "team_domain": "bench",
                        "channel_id": "CBENCH",
                        "channel_name": "bench",
                        "user_id": user_id,
                        "user_name": "bench",
                        "command": command,
                        "text": text,
                        "api_app_id": "ABENCH",
                        "is_enterprise_install": "false",
                        "response_url": fake.response_url(key),
                        "trigger_id": "1.2.3",
                    }
                )
                waiter = fake.expect(key) if wait_for_response_url else None
                t0 = time.perf_counter()
                r = await client.post(
                    f"{base_url}/slack/events", content=body, headers=sign(secret, body)
                )
                if r.status_code != 200:
                    raise RuntimeError(f"{command} {text}: HTTP {r.status_code} {r.text[:200]}")
                done = time.perf_counter()
                if waiter is not None and not r.content.strip():
                    done = await asyncio.wait_for(waiter, response_timeout)
                elif waiter is not None:
                    fake.waiters.pop(key, None)
                latencies.append(done - t0)

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        elapsed = time.perf_counter() - started
    return stats(latencies, elapsed)
