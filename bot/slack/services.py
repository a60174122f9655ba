"""What every Slack listener shares: the core, the runner, users.info, the event ledger,
background work, and the csbot workspace of each Slack team."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.people import UserDirectory
from bot.slack.runner import Background, CoreRunner, Deadline
from commands.context import Caller, MessageContext
from commands.core import Core
from commands.forms import fetch
from commands.handler_context import HandlerContext
from commands.identity_prompt import identity_question
from commands.views import Notice, Outcome, Question, View
from storage.slack_store import EventLedger
from storage.unit_of_work import Store

T = TypeVar("T")

# What every "I don't know who you are" refusal of the core tells the user to type.
# A reply naming a `link …` command has told its reader how to be linked already.
LINK_COMMAND = "`link "


@dataclass
class SlackServices:
    """Shared by the listeners of one Bolt app."""

    store: Store
    core: Core
    runner: CoreRunner = field(default_factory=CoreRunner)
    directory: UserDirectory = field(default_factory=UserDirectory)
    background: Background = field(default_factory=Background)
    ledger: EventLedger = field(init=False)

    def __post_init__(self) -> None:
        self.ledger = EventLedger(self.store)

    async def caller(
        self,
        client: AsyncWebClient,
        team_id: str,
        user_id: str,
        deadline: Deadline | None = None,
    ) -> Caller:
        """The Slack user behind a request, and their team's csbot workspace made sure of.
        With ``deadline``, users.info is given up on in time for the core (see Deadline)."""
        await self.ensure_workspace(team_id)
        timeout = deadline.for_lookups() if deadline is not None else None
        return await self.directory.caller(client, team_id, user_id, timeout)

    async def ensure_workspace(self, team_id: str) -> None:
        """Create the csbot workspace of a Slack team the first time it talks to us."""
        if team_id and not self.store.workspace_known(team_id):
            await self.runner.call(
                lambda: self.store.ensure_workspace(team_id, platform="slack", name=team_id),
                what="workspace set-up",
            )

    def handle(
        self,
        msg: MessageContext,
        text: str,
        read_only: bool = False,
        request_key: str | None = None,
        from_message: bool = False,
        generation: int = 0,
    ) -> Outcome | None:
        """``core.handle`` (synchronous: run it through the runner); a command that writes is
        carried out once per ``request_key`` (see ``context.request_key``)."""
        return self.core.handle(
            msg,
            text,
            read_only=read_only,
            request_key=request_key,
            from_message=from_message,
            generation=generation,
        )

    def run_view(
        self,
        msg: MessageContext,
        fn: Callable[[HandlerContext], View],
        request_key: str | None = None,
    ) -> Outcome:
        """``core.run_view`` for forms and buttons (synchronous), once per ``request_key``."""
        return self.core.run_view(msg, fn, request_key=request_key)

    def fetch(self, msg: MessageContext, fn: Callable[[HandlerContext], T]) -> T | Notice:
        """Data from the core (synchronous)."""
        return fetch(self.core, msg, fn)

    async def with_identity(self, msg: MessageContext, reply: View) -> list[View]:
        """The reply, followed by "which of these is you?" when it is an error and the caller
        is not linked to a person yet (a second, read-only look at the database)."""
        if not (isinstance(reply, Notice) and reply.level in ("error", "warning")):
            return [reply]
        question = await self.runner.call(self.fetch, msg, identity_question, what="identity")
        if isinstance(question, Question) and not _already_asked(reply, question):
            return [reply, question]
        return [reply]

    async def drain(self) -> None:
        """Wait for background work (tests, shutdown)."""
        await self.background.drain()
        await self.directory.settle()
        await asyncio.sleep(0)


def _already_asked(reply: Notice, question: Question) -> bool:
    """True when the question would only repeat (or contradict) the reply: it offers no one
    to pick, and the reply already says how to be linked (``link <your name>``, or a refused
    link's ``ask an administrator to link you with `link @you to …```)."""
    return not question.choices and LINK_COMMAND in reply.text
