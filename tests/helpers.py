"""Small helpers for tests: talk to the core as the console does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.console.render import render
from commands.context import Caller, MessageContext
from commands.core import Core
from commands.views import Outcome
from storage.unit_of_work import Store


@dataclass
class Chat:
    """Sends console messages to a core with a frozen clock."""

    core: Core
    workspace: str = "local"

    def outcome(
        self, text: str, *, as_: str | None = None, channel: str | None = None
    ) -> Outcome | None:
        """The core's Outcome for one message."""
        msg = MessageContext(
            workspace=self.workspace,
            caller=Caller(platform="console", user_id=as_ or "operator"),
            channel_id=channel,
            channel_name=channel,
            as_person=as_,
            source="console",
        )
        return self.core.handle(msg, text)

    def say(self, text: str, *, as_: str | None = None, channel: str | None = None) -> str:
        """The rendered reply to one message ('' when the core ignores it)."""
        outcome = self.outcome(text, as_=as_, channel=channel)
        return "" if outcome is None else render(outcome.reply)


def make_chat(store: Store, now: datetime, workspace: str = "local") -> Chat:
    """A Chat against ``store`` whose clock is frozen at ``now``."""
    return Chat(Core(store, clock=lambda: now), workspace)
