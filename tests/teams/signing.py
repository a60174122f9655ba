"""Test signing keys and Bot Framework tokens signed exactly as the Bot Connector signs them.

The fake connector publishes ``KEYS.jwks()`` behind its OpenID metadata document; the bot
under test fetches it from there (``TEAMS_OPENID_METADATA_URL``), so a token from
``token()`` is valid and one signed with ``OTHER_KEYS`` is not.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "6f1c3a52-8e0b-4c1d-9a7e-2b4d5f6a7c80"
ISSUER = "https://api.botframework.com"


@dataclass
class SigningKey:
    """An RSA key pair with a key id, as listed in a JWKS."""

    kid: str
    endorsements: tuple[str, ...] = ("msteams",)
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        """The public key as a JWK, with Bot Framework's ``endorsements``."""
        data: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        data.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        if self.endorsements:
            data["endorsements"] = list(self.endorsements)
        return data

    def sign(self, claims: dict[str, Any], *, alg: str = "RS256") -> str:
        """A JWT over ``claims`` signed with this key."""
        return jwt.encode(claims, self.private, algorithm=alg, headers={"kid": self.kid})


KEYS = SigningKey("test-key-1")
UNENDORSED = SigningKey("test-key-skype", endorsements=("skype",))
OTHER_KEYS = SigningKey("test-key-1")  # same key id, different key: a forged signature


def jwks() -> dict[str, Any]:
    """What the fake connector publishes."""
    return {"keys": [KEYS.jwk(), UNENDORSED.jwk()]}


def claims(service_url: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a Bot Connector token for this bot and service URL."""
    now = int(time.time())
    data: dict[str, Any] = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": service_url,
        "nbf": now - 10,
        "iat": now - 10,
        "exp": now + 3600,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def token(service_url: str, *, key: SigningKey = KEYS, **overrides: Any) -> str:
    """A signed Bot Connector token (override any claim; None removes it)."""
    return key.sign(claims(service_url, **overrides))


def bearer(service_url: str, **kw: Any) -> dict[str, str]:
    """The Authorization header the Bot Connector sends."""
    return {"Authorization": f"Bearer {token(service_url, **kw)}"}
