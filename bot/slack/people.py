"""Who a Slack user is: users.info (real name, display name, e-mail), cached for a while.

The core links a chat user to a person from the real name or the e-mail when exactly one
person matches (never from the display name, which anyone can set to anyone's name).
Somebody who is not a full member of the workspace's team (a Slack Connect user from another
organisation, a guest, a stranger) chooses their own name, so theirs is a display name only:
they link by e-mail (or ``link``), never by name, and their own organisation's admin or
owner flag makes nobody a csbot administrator. This is the rule Teams applies to guests.
A failed or slow look-up is not fatal: the user is then known by id only.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable

from slack_sdk.web.async_client import AsyncWebClient

from commands.context import Caller
from commands.safe_log import describe_error

log = logging.getLogger(__name__)

LOOKUP_TIMEOUT = 1.5
# After a failed look-up the user is known by id alone for a while, rather than asking Slack
# again on every request (which would slow every answer and invite rate limiting).
FAILED_LOOKUP_TTL = 60.0
# An administrator's profile is read again after a minute, however long the others are kept:
# Slack admin or owner rights make them a csbot administrator, and somebody demoted in Slack
# must lose that soon, not at the end of the cache's ten minutes. (Rights gained wait for the
# usual expiry: having fewer rights than one has, for a while, is safe.)
ADMIN_TTL = 60.0


class UserDirectory:
    """users.info answers per (team, user), kept for ``ttl`` seconds (an administrator's for
    ADMIN_TTL at most; at most ``size`` answers).

    Look-ups run at once (several mentions cost one round trip, not one each), a user being
    looked up already is not asked for twice, and a caller may bound how long they wait: a
    look-up that does not answer in time goes on and fills the cache for the next request."""

    def __init__(self, *, ttl: float = 600.0, size: int = 5000) -> None:
        self.ttl = ttl
        self.size = size
        self._cache: OrderedDict[tuple[str, str], tuple[float, Caller]] = OrderedDict()
        self._inflight: dict[tuple[str, str], asyncio.Task[Caller]] = {}

    async def caller(
        self,
        client: AsyncWebClient,
        team_id: str,
        user_id: str,
        timeout: float | None = None,
    ) -> Caller:
        """The caller as Slack describes them; by id only when the look-up fails or does not
        answer within ``timeout`` seconds."""
        key = (team_id, user_id)
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._look_up(client, key))
            self._inflight[key] = task
            task.add_done_callback(functools.partial(self._forget, key))
        if timeout is None:
            return await asyncio.shield(task)
        done, _ = await asyncio.wait({task}, timeout=max(0.0, timeout))
        if task in done:
            return task.result()
        log.warning("users.info for %r is slow: known by id for this request", user_id)
        return Caller(platform="slack", user_id=user_id)

    def _forget(self, key: tuple[str, str], _done: object) -> None:
        self._inflight.pop(key, None)

    async def _look_up(self, client: AsyncWebClient, key: tuple[str, str]) -> Caller:
        team_id, user_id = key
        try:
            response = await asyncio.wait_for(client.users_info(user=user_id), LOOKUP_TIMEOUT)
        except Exception as exc:  # any failure: known by id, never fatal
            log.warning("users.info for %r failed: %s", user_id, describe_error(exc))
            caller, ttl = Caller(platform="slack", user_id=user_id), FAILED_LOOKUP_TTL
        else:
            caller = caller_from_user(user_id, response.get("user") or {}, team_id)
            ttl = ADMIN_TTL if caller.is_platform_admin else self.ttl
        self._cache[key] = (time.monotonic() + min(ttl, self.ttl), caller)
        self._cache.move_to_end(key)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return caller

    async def names(
        self,
        client: AsyncWebClient,
        team_id: str,
        user_ids: Iterable[str],
        timeout: float | None = None,
    ) -> dict[str, str]:
        """Display names of mentioned users (for turning ``<@U123>`` into ``@Name``), looked up
        at once; a user not known within ``timeout`` seconds is left out (shown by id)."""
        ids = list(dict.fromkeys(user_ids))
        callers = await asyncio.gather(*(self.caller(client, team_id, uid, timeout) for uid in ids))
        names: dict[str, str] = {}
        for uid, caller in zip(ids, callers, strict=True):
            name = caller.real_name or caller.display_name
            if name:
                names[uid] = name
        return names

    async def settle(self) -> None:
        """Wait for look-ups still running (each ends within LOOKUP_TIMEOUT): shutdown, tests."""
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()))


def caller_from_user(user_id: str, user: dict[str, object], team_id: str = "") -> Caller:
    """A Caller from a users.info ``user`` object, for a request in workspace ``team_id``.

    Only a full member of that team has a real name (which may link them to a person) and
    may be an administrator through Slack's admin or owner flag; anyone else is known by
    their display name (see :func:`is_member`)."""
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    assert isinstance(profile, dict)

    def text(value: object) -> str:
        return value.strip() if isinstance(value, str) else ""

    email = text(profile.get("email")) or None
    real_name = text(profile.get("real_name")) or text(user.get("real_name"))
    display_name = text(profile.get("display_name")) or text(user.get("name"))
    member = is_member(user, team_id)
    return Caller(
        platform="slack",
        user_id=user_id,
        display_name=display_name if member else display_name or real_name,
        real_name=real_name if member else "",
        is_guest=not member,
        email=email,
        is_platform_admin=member and bool(user.get("is_admin") or user.get("is_owner")),
    )


def is_member(user: dict[str, object], team_id: str) -> bool:
    """True when users.info describes a full member of the workspace ``team_id``: not a
    guest (``is_restricted``, ``is_ultra_restricted``), not a stranger (``is_stranger``), and
    of this team (``team_id``; on Enterprise Grid, one of the user's teams or the
    enterprise itself). A Slack Connect user from another organisation is none of these."""
    if any(user.get(flag) for flag in ("is_restricted", "is_ultra_restricted", "is_stranger")):
        return False
    home = user.get("team_id")
    if not team_id or not isinstance(home, str) or not home:
        return False
    if home == team_id:
        return True
    grid = user.get("enterprise_user")
    if isinstance(grid, dict):
        teams = grid.get("teams")
        if grid.get("enterprise_id") == team_id or (isinstance(teams, list) and team_id in teams):
            return True
    return False
