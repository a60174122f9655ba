"""What a handler gets: the unit of work, the message context, the caller, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from commands.context import MessageContext
from commands.identity import Me
from commands.registry import Registry
from storage.models import Action, Plan
from storage.repositories import Repositories
from storage.unit_of_work import UnitOfWork


@dataclass
class HandlerContext:
    """Everything a command handler may use. Handlers never commit: the core does."""

    uow: UnitOfWork
    msg: MessageContext
    me: Me
    now: datetime
    today: date
    tz: str
    registry: Registry
    _channel_plan: Plan | None = field(default=None, init=False)
    _channel_plan_loaded: bool = field(default=False, init=False)

    @property
    def repos(self) -> Repositories:
        """The workspace-scoped repositories of this unit of work."""
        return self.uow.repos

    @property
    def platform(self) -> str:
        """The platform the message came from."""
        return self.msg.caller.platform

    def channel_plan(self) -> Plan | None:
        """The plan linked to the channel the message came from, if any."""
        if not self._channel_plan_loaded:
            self._channel_plan_loaded = True
            if self.msg.channel_id:
                self._channel_plan = self.repos.plans.plan_for_channel(
                    self.platform, self.msg.channel_id
                )
        return self._channel_plan

    def channel_plan_and_action(self, ref: str) -> tuple[Plan | None, Action | None]:
        """The channel's plan and its action with the normalised ``ref`` (owners loaded), in
        one query. The action is None when it does not exist or when the plan was loaded
        already (then the caller looks it up)."""
        if self._channel_plan_loaded or not self.msg.channel_id:
            return self.channel_plan(), None
        self._channel_plan_loaded = True
        self._channel_plan, action = self.repos.actions.channel_plan_and_action(
            self.platform, self.msg.channel_id, ref
        )
        return self._channel_plan, action
