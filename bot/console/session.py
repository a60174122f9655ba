"""Console sessions: one message in, plain text out, through the same core as Slack and Teams."""

from __future__ import annotations

from dataclasses import dataclass

from bot.console.render import render
from commands.context import Caller, MessageContext
from commands.core import Core
from commands.views import Outcome

NOT_FOR_ME = (
    "I didn't understand that. Commands start with /actions, /kpi or /meeting "
    "(try /actions help); in a plan's channel, updates look like `2.3: text #on-track`."
)


@dataclass
class ConsoleSession:
    """Who is typing and where, for console messages."""

    core: Core
    workspace: str
    as_person: str | None = None
    channel: str | None = None

    def context(self) -> MessageContext:
        """The neutral context of a console message."""
        user_id = self.as_person or "operator"
        return MessageContext(
            workspace=self.workspace,
            caller=Caller(platform="console", user_id=user_id, display_name=user_id),
            channel_id=self.channel,
            channel_name=self.channel,
            as_person=self.as_person,
            source="console",
        )

    def send(self, text: str) -> tuple[str, bool]:
        """Send one message; the reply text and whether the input was understood."""
        outcome: Outcome | None = self.core.handle(self.context(), text)
        if outcome is None:
            return NOT_FOR_ME, False
        return render(outcome.reply), outcome.understood
