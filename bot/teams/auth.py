"""Authenticating requests from the Bot Connector service (Bot Framework JWT rules).

Every activity Teams delivers carries ``Authorization: Bearer <JWT>``. The request is accepted
only when all of these hold (Microsoft's "Authentication with the Bot Connector API"):

1. the token uses the Bearer scheme and is signed with RS256;
2. it is signed by a key listed at the ``jwks_uri`` of the Bot Framework OpenID metadata
   document (``TEAMS_OPENID_METADATA_URL``; keys are cached for a day and refetched, at most
   every ten minutes, when a token names an unknown key);
3. when that key carries ``endorsements``, they include the activity's ``channelId``
   (otherwise 403, as the rules require);
4. the issuer is ``https://api.botframework.com``; the audience is the bot's app id;
5. the token is within its lifetime, allowing five minutes of clock skew;
6. its ``serviceurl`` claim equals the activity's ``serviceUrl``.

The SDK's own ``TokenValidator`` is not used: it derives the keys URL from the metadata URL
by string replacement instead of reading ``jwks_uri``, skips the endorsement check, and
fetches keys with a blocking HTTP call inside the event loop. This module does all three
properly and asynchronously, with PyJWT doing the cryptography.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
ALLOWED_ALGORITHMS = ("RS256",)
CLOCK_SKEW_SECONDS = 5 * 60
KEYS_TTL_SECONDS = 24 * 60 * 60
UNKNOWN_KEY_REFRESH_SECONDS = 10 * 60

JsonFetcher = Callable[[str], Awaitable[Any]]


class AuthError(Exception):
    """The request is refused: ``status`` is 401 (not authenticated) or 403 (forbidden)."""

    def __init__(self, reason: str, status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


async def fetch_json(url: str) -> Any:
    """GET a JSON document (the OpenID metadata or its key set)."""
    async with httpx.AsyncClient(timeout=10.0) as client:
        response = await client.get(url)
        response.raise_for_status()
        return response.json()


@dataclass
class OpenIdKeys:
    """The signing keys published through an OpenID metadata document, cached."""

    metadata_url: str
    fetch: JsonFetcher = fetch_json
    clock: Callable[[], float] = time.monotonic
    _keys: dict[str, dict[str, Any]] = field(default_factory=dict, init=False)
    _fetched_at: float | None = field(default=None, init=False)

    async def key(self, kid: str) -> dict[str, Any] | None:
        """The JWK with this key id, or None when the publisher does not list it."""
        now = self.clock()
        if self._fetched_at is None or now - self._fetched_at > KEYS_TTL_SECONDS:
            await self._refresh()
        elif kid not in self._keys and now - self._fetched_at > UNKNOWN_KEY_REFRESH_SECONDS:
            await self._refresh()  # keys roll over: look again, but not on every bad token
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        try:
            metadata = await self.fetch(self.metadata_url)
            jwks_uri = metadata["jwks_uri"]
            jwks = await self.fetch(jwks_uri)
            keys = {k["kid"]: k for k in jwks["keys"] if isinstance(k, dict) and "kid" in k}
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
            if self._keys:
                log.warning("could not refresh Bot Framework signing keys (%s); keeping old", exc)
                return
            raise AuthError(f"signing keys unavailable: {exc}") from exc
        self._keys = keys
        self._fetched_at = self.clock()


@dataclass
class BotFrameworkAuth:
    """Checks the bearer token of one incoming activity against the Bot Framework rules."""

    app_id: str
    keys: OpenIdKeys
    issuer: str = BOT_FRAMEWORK_ISSUER

    async def authenticate(
        self, authorization: str | None, activity: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The token's claims; AuthError when the request must be refused."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            raise AuthError("no Bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise AuthError(f"malformed token: {exc}") from exc
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise AuthError(f"signing algorithm {header.get('alg')!r} is not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthError("token names no signing key")
        jwk = await self.keys.key(kid)
        if jwk is None:
            raise AuthError("token is signed with an unknown key")
        _check_endorsements(jwk, activity.get("channelId"))
        claims = self._decode(token, jwk)
        _check_service_url(claims, activity.get("serviceUrl"))
        return claims

    def _decode(self, token: str, jwk: dict[str, Any]) -> dict[str, Any]:
        try:
            key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            return jwt.decode(
                token,
                key,  # type: ignore[arg-type]
                algorithms=list(ALLOWED_ALGORITHMS),
                audience=self.app_id,
                issuer=self.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.InvalidTokenError, ValueError) as exc:
            raise AuthError(f"invalid token: {exc}") from exc


def _check_endorsements(jwk: Mapping[str, Any], channel_id: object) -> None:
    endorsements = jwk.get("endorsements")
    if not endorsements:
        return
    if not isinstance(channel_id, str) or channel_id not in endorsements:
        raise AuthError(f"signing key is not endorsed for channel {channel_id!r}", status=403)


def _check_service_url(claims: Mapping[str, Any], service_url: object) -> None:
    claimed = claims.get("serviceurl") or claims.get("serviceUrl")
    if not isinstance(claimed, str) or not isinstance(service_url, str):
        raise AuthError("token or activity has no service URL")
    if claimed.rstrip("/") != service_url.rstrip("/"):
        raise AuthError("token was issued for another service URL")
