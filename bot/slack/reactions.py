"""The ✅ that marks a chat message whose progress update was logged."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

LOGGED_REACTION = "white_check_mark"


def mark_logged(client: WebClient, channel: str, ts: str) -> None:
    """Put the ✅ on a message whose update was logged (one there already is fine); for the
    scheduler's thread, with the synchronous client."""
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=LOGGED_REACTION)
    except SlackApiError as exc:
        if exc.response.get("error") != "already_reacted":
            raise
