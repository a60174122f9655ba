"""Retrying Bot Connector calls that Teams throttles (HTTP 429) or briefly refuses (503).

Installed as middleware on the SDK's HTTP client, so every connector call (replies,
proactive posts, member look-ups) gets it. The wait is the server's ``Retry-After`` (seconds
or an HTTP date) when it sends one, otherwise exponential backoff with jitter; after
``max_attempts`` the last error is raised and the caller (the scheduler) retries later.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from microsoft_teams.common.http.client import MiddlewareContext, MiddlewareNext

log = logging.getLogger(__name__)

RETRY_STATUSES = (429, 503)


def retry_after_seconds(response: httpx.Response, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds (None when absent or unreadable)."""
    raw = response.headers.get("Retry-After", "").strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class ThrottleRetry:
    """SDK HTTP middleware: wait and retry on 429 / 503."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def backoff(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` when the server names none."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    async def send(self, context: MiddlewareContext, next: MiddlewareNext) -> httpx.Response:
        """Call ``next`` until it succeeds, is refused for good, or attempts run out."""
        attempt = 1
        while True:
            try:
                return await next()
            except httpx.HTTPStatusError as exc:
                status = exc.response.status_code
                if status not in RETRY_STATUSES or attempt >= self.max_attempts:
                    raise
                asked = retry_after_seconds(exc.response)
                delay = min(self.max_delay, asked if asked is not None else self.backoff(attempt))
                log.info(
                    "Teams answered %s to %s %s; retrying in %.1fs (attempt %d of %d)",
                    status,
                    context.method,
                    context.url.split("?")[0],
                    delay,
                    attempt + 1,
                    self.max_attempts,
                )
                await self.sleep(delay)
                attempt += 1
