"""What people hold: the rows that name a person, for the people list and for a merge or a
removal, which move or clear every one of them (see ``PERSON_REFERENCES``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from storage.models import (
    OUTSTANDING_STATUSES,
    Action,
    ActionOwner,
    AgendaItem,
    AgendaItemOwner,
    ChatUser,
    Indicator,
    IndicatorOwner,
    Meeting,
    Plan,
    ScheduledPost,
    Update,
)
from storage.repositories.base import Repository

# Every column of every table that points at a person ("table.column"), each of which a
# merge moves and a removal clears; a test checks this against the models, so a new table
# naming people cannot be forgotten here.
PERSON_REFERENCES = frozenset(
    {
        "action_owner.person_id",
        "action_update.author_person_id",
        "agenda_item_owner.person_id",
        "chat_user.person_id",
        "indicator_owner.person_id",
        "person_alias.person_id",
        "person_role.person_id",
        "scheduled_post.person_id",
    }
)


@dataclass(frozen=True)
class RoleWork:
    """What a role owns or leads: counts of its outstanding actions, its indicators, and its
    agenda items at meetings to come."""

    actions: int
    indicators: int
    items: int


class HoldingsRepository(Repository):
    """Look-ups of what each person of the workspace owns, leads, wrote or is linked to."""

    def role_work(self, role_id: int, after: datetime) -> RoleWork:
        """What the role owns or leads (agenda items at meetings starting after ``after``)."""
        actions = (
            select(func.count())
            .select_from(ActionOwner)
            .join(Action, Action.id == ActionOwner.action_id)
            .where(
                Action.workspace_id == self.workspace_id,
                ActionOwner.role_id == role_id,
                Action.status.in_(OUTSTANDING_STATUSES),
            )
        )
        indicators = (
            select(func.count())
            .select_from(IndicatorOwner)
            .join(Indicator, Indicator.id == IndicatorOwner.indicator_id)
            .where(Indicator.workspace_id == self.workspace_id, IndicatorOwner.role_id == role_id)
        )
        items = (
            select(func.count())
            .select_from(AgendaItemOwner)
            .join(AgendaItem, AgendaItem.id == AgendaItemOwner.agenda_item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.workspace_id == self.workspace_id,
                AgendaItemOwner.role_id == role_id,
                Meeting.starts_at > after,
            )
        )
        return RoleWork(
            actions=self.session.scalar(actions) or 0,
            indicators=self.session.scalar(indicators) or 0,
            items=self.session.scalar(items) or 0,
        )

    def open_actions(self) -> dict[int, list[str]]:
        """Person id -> the outstanding actions they own in person (``plan-slug:ref``), by
        plan and position."""
        rows = self.session.execute(
            select(ActionOwner.person_id, Plan.slug, Action.ref)
            .join(Action, Action.id == ActionOwner.action_id)
            .join(Plan, Plan.id == Action.plan_id)
            .where(
                Action.workspace_id == self.workspace_id,
                Action.status.in_(OUTSTANDING_STATUSES),
                ActionOwner.person_id.is_not(None),
            )
            .order_by(Plan.slug, Action.position, Action.id)
        )
        found: dict[int, list[str]] = defaultdict(list)
        for person_id, slug, ref in rows:
            if person_id is not None:  # filtered out already: for the type checker
                found[person_id].append(f"{slug}:{ref}")
        return found

    def indicators(self) -> dict[int, list[str]]:
        """Person id -> the slugs of the indicators they own in person."""
        rows = self.session.execute(
            select(IndicatorOwner.person_id, Indicator.slug)
            .join(Indicator, Indicator.id == IndicatorOwner.indicator_id)
            .where(
                Indicator.workspace_id == self.workspace_id, IndicatorOwner.person_id.is_not(None)
            )
            .order_by(Indicator.slug)
        )
        found: dict[int, list[str]] = defaultdict(list)
        for person_id, slug in rows:
            if person_id is not None:
                found[person_id].append(slug)
        return found

    def items_to_come(self, after: datetime) -> dict[int, list[tuple[Meeting, AgendaItem]]]:
        """Person id -> the agenda items they lead at meetings starting after ``after``,
        soonest first."""
        rows = self.session.execute(
            select(AgendaItemOwner.person_id, Meeting, AgendaItem)
            .join(AgendaItem, AgendaItem.id == AgendaItemOwner.agenda_item_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.workspace_id == self.workspace_id,
                Meeting.starts_at > after,
                AgendaItemOwner.person_id.is_not(None),
            )
            .order_by(Meeting.starts_at, Meeting.id, AgendaItem.position, AgendaItem.id)
        )
        found: dict[int, list[tuple[Meeting, AgendaItem]]] = defaultdict(list)
        for person_id, meeting, item in rows:
            if person_id is not None:
                found[person_id].append((meeting, item))
        return found

    def chat_accounts(self) -> dict[int, list[ChatUser]]:
        """Person id -> the chat accounts linked to them."""
        users = self.session.scalars(
            select(ChatUser)
            .where(ChatUser.workspace_id == self.workspace_id, ChatUser.person_id.is_not(None))
            .order_by(ChatUser.platform, ChatUser.external_id)
        )
        found: dict[int, list[ChatUser]] = defaultdict(list)
        for user in users:
            assert user.person_id is not None
            found[user.person_id].append(user)
        return found

    def actions_of(self, person_id: int) -> Sequence[Action]:
        """Every action the person owns in person (done ones too), with its owners."""
        owned = select(ActionOwner.action_id).where(ActionOwner.person_id == person_id)
        return self.session.scalars(
            select(Action)
            .where(Action.workspace_id == self.workspace_id, Action.id.in_(owned))
            .order_by(Action.plan_id, Action.position, Action.id)
        ).all()

    def indicators_of(self, person_id: int) -> Sequence[Indicator]:
        """Every indicator the person owns in person."""
        owned = select(IndicatorOwner.indicator_id).where(IndicatorOwner.person_id == person_id)
        return self.session.scalars(
            select(Indicator)
            .where(Indicator.workspace_id == self.workspace_id, Indicator.id.in_(owned))
            .order_by(Indicator.slug)
        ).all()

    def items_of(self, person_id: int) -> Sequence[AgendaItem]:
        """Every agenda item the person leads in person (past meetings too)."""
        led = select(AgendaItemOwner.agenda_item_id).where(AgendaItemOwner.person_id == person_id)
        return self.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.workspace_id == self.workspace_id, AgendaItem.id.in_(led))
            .options(selectinload(AgendaItem.owners))
            .order_by(AgendaItem.meeting_id, AgendaItem.position)
        ).all()

    def updates_by(self, person_id: int) -> Sequence[Update]:
        """Every update the person logged."""
        return self.session.scalars(
            select(Update)
            .where(Update.workspace_id == self.workspace_id, Update.author_person_id == person_id)
            .order_by(Update.id)
        ).all()

    def posts_for(self, person_id: int) -> Sequence[ScheduledPost]:
        """Every scheduled post (sent or to send) addressed to the person."""
        return self.session.scalars(
            select(ScheduledPost)
            .where(
                ScheduledPost.workspace_id == self.workspace_id,
                ScheduledPost.person_id == person_id,
            )
            .order_by(ScheduledPost.id)
        ).all()
