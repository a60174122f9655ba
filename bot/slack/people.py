"""Who a Slack user is: users.info (real name, display name, e-mail), cached for a while.

The core links a chat user to a person from the real name or the e-mail when exactly one
person matches (never from the display name, which anyone can set to anyone's name).
A failed or slow look-up is not fatal: the user is then known by id only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from commands.context import Caller

log = logging.getLogger(__name__)

LOOKUP_TIMEOUT = 1.5
# After a failed look-up the user is known by id alone for a while, rather than asking Slack
# again on every request (which would slow every answer and invite rate limiting).
FAILED_LOOKUP_TTL = 60.0


class UserDirectory:
    """users.info answers per (team, user), kept for ``ttl`` seconds (at most ``size``)."""

    def __init__(self, *, ttl: float = 600.0, size: int = 5000) -> None:
        self.ttl = ttl
        self.size = size
        self._cache: OrderedDict[tuple[str, str], tuple[float, Caller]] = OrderedDict()

    async def caller(self, client: AsyncWebClient, team_id: str, user_id: str) -> Caller:
        """The caller as Slack describes them (by id only when the look-up fails)."""
        key = (team_id, user_id)
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        try:
            response = await asyncio.wait_for(client.users_info(user=user_id), LOOKUP_TIMEOUT)
        except (SlackApiError, TimeoutError, OSError) as exc:
            log.warning("users.info for %s failed: %s", user_id, exc)
            caller, ttl = Caller(platform="slack", user_id=user_id), FAILED_LOOKUP_TTL
        else:
            caller, ttl = caller_from_user(user_id, response.get("user") or {}), self.ttl
        self._cache[key] = (time.monotonic() + min(ttl, self.ttl), caller)
        self._cache.move_to_end(key)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return caller

    async def names(
        self, client: AsyncWebClient, team_id: str, user_ids: Iterable[str]
    ) -> dict[str, str]:
        """Display names of mentioned users (for turning ``<@U123>`` into ``@Name``)."""
        names: dict[str, str] = {}
        for uid in user_ids:
            caller = await self.caller(client, team_id, uid)
            name = caller.real_name or caller.display_name
            if name:
                names[uid] = name
        return names


def caller_from_user(user_id: str, user: dict[str, object]) -> Caller:
    """A Caller from a users.info ``user`` object."""
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    assert isinstance(profile, dict)

    def text(value: object) -> str:
        return value.strip() if isinstance(value, str) else ""

    email = text(profile.get("email")) or None
    return Caller(
        platform="slack",
        user_id=user_id,
        display_name=text(profile.get("display_name")) or text(user.get("name")),
        real_name=text(profile.get("real_name")) or text(user.get("real_name")),
        email=email,
        is_platform_admin=bool(user.get("is_admin") or user.get("is_owner")),
    )
