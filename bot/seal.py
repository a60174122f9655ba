"""Signatures on what csbot hands a chat client and reads back (a Slack form's metadata, a
Teams button's data), so that it is taken only as csbot wrote it.

A seal's key is derived from one of the app's secrets and the seal's purpose, so every process
of a deployment derives the same key, and one kind of seal never vouches for another's data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import ClassVar, Self


@dataclass(frozen=True)
class Seal:
    """HMAC-SHA256 over a list of strings, keyed for :attr:`PURPOSE`."""

    key: bytes
    PURPOSE: ClassVar[bytes] = b"csbot seal v1"

    @classmethod
    def from_secrets(cls, *secrets_: str | None) -> Self:
        """The seal keyed from the first secret given (never the secret itself); with none, a
        key of this process only."""
        for secret in secrets_:
            if secret:
                return cls(hmac.new(secret.encode(), cls.PURPOSE, hashlib.sha256).digest())
        return cls(secrets.token_bytes(32))

    def sign(self, *parts: str) -> str:
        """The signature of ``parts``."""
        # A JSON list: no choice of the parts can make two different lists sign alike.
        message = json.dumps(list(parts), separators=(",", ":")).encode()
        digest = hmac.new(self.key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def check(self, signature: str, *parts: str) -> bool:
        """Whether ``signature`` is this seal's of ``parts``."""
        return hmac.compare_digest(signature, self.sign(*parts))
