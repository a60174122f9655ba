"""Scheduled posts to Teams: pre-meeting summaries into channels, reminders into personal chats,
and the answers to progress updates that Teams did not take at the time (in their thread).

Implements ``commands.jobs.notifier.Notifier``. A post needs a conversation reference saved
when the app was installed or first spoken to (``bot.teams.references``): a channel target
uses the channel's own reference or, for another channel of a team the bot is in, the
tenant's service URL; a person's target (their AAD object id) uses their personal chat.
Without one the post fails with a message saying so, and the scheduler retries it later.

Posts are sent one at a time per conversation (a lock per conversation), and a throttled
post (429) is retried after ``Retry-After`` or with backoff (``bot.teams.throttle``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.config import Settings
from bot.teams.connector import ConnectorSender
from bot.teams.render import RenderOptions, render
from bot.teams.setup import build_sender, teams_configured
from commands.jobs.notifier import Target
from commands.views import View
from storage.teams_references import ConversationRef, ReferenceStore
from storage.unit_of_work import Store

T = TypeVar("T")


class NoConversation(LookupError):
    """Teams has not told us how to reach this channel or person yet."""


def run_coroutine(make: Callable[[], Awaitable[T]]) -> T:
    """Run async work from synchronous code, whether or not this thread has a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_awaited(make))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _awaited(make)).result()


async def _awaited(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


@dataclass
class TeamsNotifier:
    """Sends scheduled views to Teams conversations."""

    sender: ConnectorSender
    references: ReferenceStore
    _locks: dict[tuple[str, str], threading.Lock] = field(default_factory=dict, init=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, init=False)

    def send(self, target: Target, view: View) -> str | None:
        """Post ``view`` to the target's channel or personal chat; raise when it cannot. The
        new activity's id."""
        ref = self._reference(target)
        card = render(view, RenderOptions())
        summary = card.fallback_text or "csbot"
        with self._lock(target.workspace, ref.conversation_id):
            return run_coroutine(
                lambda: self.sender.post_card(
                    ref,
                    card,
                    summary=summary,
                    thread_id=target.thread_ts,
                    reply_to=target.reply_to,
                )
            )

    def _reference(self, target: Target) -> ConversationRef:
        if target.channel_id:
            ref = self.references.channel(target.workspace, target.channel_id)
            if ref is not None:
                return ref
            nearby = self.references.any(target.workspace)
            if nearby is not None:
                return ConversationRef(
                    conversation_id=target.channel_id,
                    conversation_type="channel",
                    service_url=nearby.service_url,
                    bot_id=nearby.bot_id,
                )
            raise NoConversation(
                f"csbot has no conversation in Teams tenant {target.workspace}: install the app "
                f"in the team of channel {target.channel_id} first."
            )
        if target.user_id:
            ref = self.references.personal(target.workspace, target.user_id)
            if ref is not None:
                return ref
            raise NoConversation(
                f"no personal chat with Teams user {target.user_id} yet: they need to add csbot "
                "(or send it a message) before it can remind them."
            )
        raise NoConversation("the post names neither a channel nor a person")

    def _lock(self, workspace: str, conversation_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault((workspace, conversation_id), threading.Lock())


def build_notifier(settings: Settings, store: Store) -> TeamsNotifier | None:
    """The Teams notifier, or None when Teams is not configured."""
    if not teams_configured(settings):
        return None
    return TeamsNotifier(build_sender(settings), ReferenceStore(store))
