"""Signed ``private_metadata``: csbot trusts what a submitted form says it was about (an
action, a channel, a message) only when csbot wrote it, for that form, team and user.

The metadata csbot writes is ``<mac>.<json>``, where the MAC is HMAC-SHA256 over the form's
callback id, the Slack team, the user and the JSON, keyed with a key derived from the app's
secret (the signing secret; without one, the OAuth client secret or the bot token). Every
process of one deployment derives the same key, so any of them accepts any one's forms.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.seal import Seal

log = logging.getLogger(__name__)

OUT_OF_DATE = "This form is out of date or was not opened by csbot; open it again."
# Slack keeps at most 3,000 characters of a view's private_metadata.
MAX_METADATA = 3000


class FormSeal(Seal):
    """Signs the private_metadata of the forms csbot opens and checks it on submission."""

    PURPOSE = b"csbot form metadata v1"

    @classmethod
    def from_secret(cls, secret: str) -> FormSeal:
        """The seal whose key is derived from ``secret`` (never the secret itself)."""
        return cls.from_secrets(secret)

    @classmethod
    def from_first(cls, *secrets_: str | None) -> FormSeal:
        """The seal keyed from the first of the app's secrets it has (the signing secret,
        then the OAuth client secret, then the bot token)."""
        if not any(secrets_):
            log.warning("no Slack secret to sign forms with: forms work only until a restart")
        return cls.from_secrets(*secrets_)

    def seal(self, view: dict[str, Any], *, team: str, user: str) -> dict[str, Any]:
        """``view`` with its JSON ``private_metadata`` (if any) signed for ``team``/``user``."""
        body = view.get("private_metadata")
        if not isinstance(body, str):
            body = "{}"
        callback_id = str(view.get("callback_id") or "")
        return {**view, "private_metadata": f"{self.sign(callback_id, team, user, body)}.{body}"}

    def open(self, view: dict[str, Any], *, team: str, user: str) -> dict[str, Any] | None:
        """The metadata of a submitted ``view``, or None when csbot did not write it for
        this form, team and user (missing, unsigned, altered, or too long to be Slack's)."""
        sealed = view.get("private_metadata")
        if not isinstance(sealed, str) or len(sealed) > MAX_METADATA:
            return None
        mac, dot, body = sealed.partition(".")
        callback_id = str(view.get("callback_id") or "")
        if not dot or not self.check(mac, callback_id, team, user, body):
            return None
        try:
            metadata = json.loads(body)
        except ValueError:  # pragma: no cover - csbot signs only the JSON it wrote
            return None
        return metadata if isinstance(metadata, dict) else None
