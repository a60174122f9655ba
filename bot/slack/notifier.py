"""Scheduled posts to Slack: summaries to channels, reminders and digests by DM, and the
acknowledgements of progress updates that Slack did not take at the time (a ✅ on the message
and the reply in its thread).

Implements ``commands.jobs.notifier.Notifier``. It runs in the scheduler's thread, so it uses
the synchronous Web API client (which also retries after Slack's 429 and Retry-After). A
failure raises: the job leaves the post pending and tries again later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config import Settings
from bot.slack.app import RATE_LIMIT_RETRIES, api_url
from bot.slack.installation_store import DbInstallationStore
from bot.slack.pages import to_message
from bot.slack.reactions import mark_logged
from commands.jobs.notifier import Target
from commands.views import MeetingSummary, View
from storage.unit_of_work import Store


class NoSlackToken(LookupError):
    """No bot token is known for the target's workspace (the app is not installed there)."""


@dataclass
class SlackNotifier:
    """Posts rendered views with chat.postMessage (DMs through conversations.open)."""

    api_url: str
    bot_token: str | None = None
    installations: DbInstallationStore | None = None
    _clients: dict[str, WebClient] = field(default_factory=dict)

    def _client(self, workspace: str) -> WebClient:
        token = self.bot_token
        if token is None and self.installations is not None:
            token = self.installations.bot_token(workspace)
        if not token:
            raise NoSlackToken(f"csbot is not installed in Slack workspace {workspace}")
        client = self._clients.get(token)
        if client is None:
            client = WebClient(
                token=token,
                base_url=self.api_url,
                retry_handlers=[
                    ConnectionErrorRetryHandler(),
                    RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
                ],
            )
            self._clients[token] = client
        return client

    def send(self, target: Target, view: View) -> str | None:
        """Post ``view`` to the target channel, or to the target user's DM; the message's
        ``ts`` (its id in the channel)."""
        client = self._client(target.workspace)
        channel = target.channel_id
        if channel is None:
            if not target.user_id:
                raise ValueError(f"target {target.describe()} names no channel and no user")
            opened = client.conversations_open(users=target.user_id)
            channel = str(opened["channel"]["id"])
        if target.reply_to:
            mark_logged(client, channel, target.reply_to)
        command = view.full_command if isinstance(view, MeetingSummary) else None
        message = to_message(view, command=command or None)
        posted = client.chat_postMessage(
            channel=channel, thread_ts=target.thread_ts, **message.payload()
        )
        ts = posted.get("ts")
        return str(ts) if ts else None


def build_notifier(settings: Settings, store: Store) -> SlackNotifier | None:
    """The Slack notifier, or None when Slack is not configured. With ``SLACK_CLIENT_ID`` (many
    workspaces) each workspace's own stored token is used, as the app answering requests does,
    even when a ``SLACK_BOT_TOKEN`` is left set: that token is one workspace's."""
    if settings.slack_client_id:
        return SlackNotifier(
            api_url=api_url(settings),
            installations=DbInstallationStore(store, settings.slack_client_id),
        )
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    if token:
        return SlackNotifier(api_url=api_url(settings), bot_token=token)
    return None
