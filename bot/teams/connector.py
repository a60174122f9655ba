"""Talking to the Bot Connector service: posting cards and looking up a member's e-mail.

Uses the SDK's ``ApiClient`` (REST calls under ``{serviceUrl}/v3/conversations``) with the
SDK's token provider for the bot's outgoing token (client secret, managed identity or, in
tests, a fixed token). Each call gets its own HTTP client, so the same sender works from the
server's event loop and from the scheduler's thread. Throttled calls are retried
(``bot.teams.throttle``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from microsoft_teams.api import (
    Account,
    ApiClient,
    ConversationAccount,
    TeamsChannelAccount,
)
from microsoft_teams.api.activities import MessageActivityInput
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment
from microsoft_teams.api.auth.credentials import TokenProviderProtocol
from microsoft_teams.cards.core import AdaptiveCard
from microsoft_teams.common import Client, ClientOptions

from bot.teams.cards import clip
from bot.teams.throttle import ThrottleRetry
from commands.safe_log import describe_error
from storage.teams_references import ConversationRef

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20.0


def connector_unreachable(exc: BaseException) -> bool:
    """True when a call to the Bot Connector failed because it could not be reached or was
    too busy (a dropped connection, a time-out, HTTP 5xx, a 429 that outlasted the retries):
    trying again later may work."""
    if isinstance(exc, httpx.TransportError):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        return status >= 500 or status == 429
    return False


def threaded_id(conversation_id: str, thread_id: str | None) -> str:
    """The conversation id that addresses a reply chain in a channel."""
    return f"{conversation_id};messageid={thread_id}" if thread_id else conversation_id


@dataclass
class ConnectorSender:
    """Posts to Teams conversations through the Bot Connector REST API."""

    token_provider: TokenProviderProtocol | None
    cloud: CloudEnvironment = PUBLIC
    service_url_override: str | None = None
    retry: ThrottleRetry = field(default_factory=ThrottleRetry)

    @asynccontextmanager
    async def _api(self, service_url: str) -> AsyncIterator[ApiClient]:
        http = Client(ClientOptions(timeout=TIMEOUT_SECONDS))
        http.use(self.retry)
        try:
            yield ApiClient(
                self.service_url_override or service_url,
                http,
                cloud=self.cloud,
                token_provider=self.token_provider,
            )
        finally:
            await http.http.aclose()

    async def post_card(
        self,
        ref: ConversationRef,
        card: AdaptiveCard,
        *,
        summary: str,
        thread_id: str | None = None,
        reply_to: str | None = None,
    ) -> str:
        """Post a card into a conversation (or a channel thread); the new activity's id."""
        conversation_id = threaded_id(ref.conversation_id, thread_id)
        # ``summary`` is not a declared field of the SDK's model, which keeps extra fields.
        activity = MessageActivityInput(summary=clip(summary, 200), reply_to_id=reply_to)  # type: ignore[call-arg]
        activity.add_card(card)
        activity.conversation = ConversationAccount(id=conversation_id)
        if ref.bot_id:
            activity.from_ = Account(id=ref.bot_id)
        async with self._api(ref.service_url) as api:
            sent = await api.conversations.create_activity(conversation_id, activity)
        return sent.id

    async def member(
        self, service_url: str, conversation_id: str, member_id: str
    ) -> TeamsChannelAccount | None:
        """A conversation member's profile (name, e-mail, UPN); None when Teams will not say."""
        try:
            async with self._api(service_url) as api:
                return await api.conversations.get_member_by_id(conversation_id, member_id)
        except Exception as exc:  # a missing profile only costs automatic linking by e-mail
            log.info("could not read Teams member %s: %s", member_id, describe_error(exc))
            return None
