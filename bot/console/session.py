"""Console sessions: one message in, plain text out, through the same core as Slack and Teams."""

from __future__ import annotations

from dataclasses import dataclass

from bot.console.render import render
from commands.context import Caller, MessageContext
from commands.core import Core, one_full_stop
from commands.errors import UserError
from commands.identity import resolve_console_caller
from commands.progress import looks_like_progress
from commands.views import Notice, Outcome
from storage.unit_of_work import WorkspaceNotFound

NOT_FOR_ME = (
    "I didn't understand that. Commands start with /actions, /kpi or /meeting "
    "(try /actions help); in a plan's channel, updates look like `2.3: text #on-track`."
)


def normalise_channel(name: str | None) -> str | None:
    """A console channel as links store it: ``#CP-Plan`` -> ``cp-plan``; blank -> None."""
    if name is None:
        return None
    cleaned = name.strip().lstrip("#").strip().lower()
    return cleaned or None


def not_linked_text(channel: str | None) -> str:
    """Why a progress-shaped message was not logged: no channel, or one with no plan."""
    if channel is None:
        return (
            "That looks like a progress update, but it was not sent in a plan's channel, so "
            "nothing was logged. Send it in the plan's channel (`--channel NAME`, or "
            "`:channel NAME` in the console), or use `/actions update <ref> <text>`."
        )
    return (
        f"That looks like a progress update, but #{channel} is not linked to a plan, so "
        "nothing was logged. Link it by typing `/actions link-channel <plan>` in this "
        "channel, send it in the plan's channel, or use `/actions update <ref> <text>`."
    )


@dataclass
class ConsoleSession:
    """Who is typing and where, for console messages."""

    core: Core
    workspace: str
    as_person: str | None = None
    channel: str | None = None

    def __post_init__(self) -> None:
        self.channel = normalise_channel(self.channel)

    def set_channel(self, name: str | None) -> None:
        """Speak in another channel (``#cp-plan``, ``CP-PLAN`` and ``cp-plan`` are one)."""
        self.channel = normalise_channel(name)

    def speak_as(self, name: str | None) -> str:
        """Speak as ``name`` (blank: the console operator) if the workspace knows them.

        An unknown or ambiguous name is refused with the message the core would give, and
        the previous identity is kept.
        """
        cleaned = (name or "").strip() or None
        if cleaned is not None:
            refusal = self._refusal(cleaned)
            if refusal is not None:
                return f"{refusal}\nStill speaking as {self.as_person or 'the console operator'}."
        self.as_person = cleaned
        return f"Now speaking as {cleaned or 'the console operator'}."

    def refusal(self) -> str | None:
        """Why the person given at start (``--as``) cannot be spoken as, or None."""
        return None if self.as_person is None else self._refusal(self.as_person)

    def _refusal(self, name: str) -> str | None:
        """Why ``name`` cannot be spoken as (rendered as the core renders it), or None."""
        try:
            with self.core.store.unit_of_work(self.workspace, read_only=True) as uow:
                resolve_console_caller(uow, name)
        except WorkspaceNotFound:
            return f"There is no workspace “{self.workspace}”."
        except UserError as exc:
            text = one_full_stop(exc.message)
            return render(Notice(level="error", text=text, suggestions=exc.suggestions))
        return None

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
            if looks_like_progress(text.strip()):
                return not_linked_text(self.channel), True  # understood, politely refused
            return NOT_FOR_ME, False
        return render(outcome.reply), outcome.understood
