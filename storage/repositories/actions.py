"""Actions, their owners and their update history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import ColumnElement, case, func, or_, select

from storage.models import OUTSTANDING_STATUSES, Action, ActionOwner, Plan, Update
from storage.repositories.base import Repository


def _overdue_first(today: date) -> list[ColumnElement[object]]:
    return [
        case((Action.due_date < today, 0), else_=1),
        Action.due_date.is_(None),
        Action.due_date,
        Action.plan_id,
        Action.position,
    ]


class ActionRepository(Repository):
    """Queries and changes of actions and updates."""

    def _base(self):  # type: ignore[no-untyped-def]
        return select(Action).where(Action.workspace_id == self.workspace_id)

    def by_id(self, action_id: int) -> Action | None:
        """The action with this id, if it belongs to this workspace."""
        return self.session.scalar(self._base().where(Action.id == action_id))

    def by_ref(self, ref: str, plan_id: int | None = None) -> Sequence[Action]:
        """Actions with this ref (in one plan, or in every plan)."""
        stmt = self._base().where(Action.ref == ref)
        if plan_id is not None:
            stmt = stmt.where(Action.plan_id == plan_id)
        return self.session.scalars(stmt.order_by(Action.plan_id)).all()

    def refs(self, plan_id: int | None = None) -> Sequence[tuple[str, int]]:
        """(ref, plan id) of every action, for suggesting near matches."""
        stmt = select(Action.ref, Action.plan_id).where(Action.workspace_id == self.workspace_id)
        if plan_id is not None:
            stmt = stmt.where(Action.plan_id == plan_id)
        return [(r, p) for r, p in self.session.execute(stmt)]

    def in_plan(self, plan_id: int, statuses: Collection[str] | None = None) -> Sequence[Action]:
        """The actions of a plan in plan order, optionally only some statuses."""
        stmt = self._base().where(Action.plan_id == plan_id)
        if statuses:
            stmt = stmt.where(Action.status.in_(list(statuses)))
        return self.session.scalars(stmt.order_by(Action.position)).all()

    def owned_by(
        self,
        person_ids: Collection[int],
        role_ids: Collection[int],
        today: date,
        *,
        statuses: Collection[str] = OUTSTANDING_STATUSES,
        due_before: date | None = None,
        due_on_or_after: date | None = None,
    ) -> Sequence[Action]:
        """Actions owned by any of these people or roles, overdue first."""
        conditions = []
        if person_ids:
            conditions.append(ActionOwner.person_id.in_(list(person_ids)))
        if role_ids:
            conditions.append(ActionOwner.role_id.in_(list(role_ids)))
        if not conditions:
            return []
        owned = select(ActionOwner.action_id).where(or_(*conditions))
        stmt = self._base().where(Action.id.in_(owned), Action.status.in_(list(statuses)))
        if due_before is not None:
            stmt = stmt.where(Action.due_date < due_before)
        if due_on_or_after is not None:
            stmt = stmt.where(Action.due_date >= due_on_or_after)
        return self.session.scalars(stmt.order_by(*_overdue_first(today))).all()

    def overdue(self, today: date, plan_id: int | None = None) -> Sequence[Action]:
        """Outstanding actions due before today, oldest due first."""
        stmt = self._base().where(Action.status.in_(OUTSTANDING_STATUSES), Action.due_date < today)
        if plan_id is not None:
            stmt = stmt.where(Action.plan_id == plan_id)
        return self.session.scalars(stmt.order_by(*_overdue_first(today))).all()

    def outstanding_due_between(self, first: date, last: date) -> Sequence[Action]:
        """Outstanding actions due on or after ``first`` and on or before ``last``."""
        stmt = self._base().where(
            Action.status.in_(OUTSTANDING_STATUSES),
            Action.due_date >= first,
            Action.due_date <= last,
        )
        return self.session.scalars(stmt.order_by(Action.due_date, Action.id)).all()

    def search(self, words: Sequence[str], limit: int = 200) -> Sequence[Action]:
        """Actions whose title, ref or lead contains every word (case-insensitive)."""
        stmt = self._base()
        for word in words:
            pattern = (
                "%"
                + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            stmt = stmt.where(
                or_(
                    func.lower(Action.title).like(pattern, escape="\\"),
                    func.lower(Action.ref).like(pattern, escape="\\"),
                    func.lower(Action.lead_text).like(pattern, escape="\\"),
                )
            )
        return self.session.scalars(
            stmt.order_by(Action.plan_id, Action.position).limit(limit)
        ).all()

    def arising_from(self, meeting_id: int) -> Sequence[Action]:
        """Actions arising from a meeting's minutes."""
        return self.session.scalars(
            self._base().where(Action.meeting_id == meeting_id).order_by(Action.position)
        ).all()

    def by_source_key(self, source_key: str) -> Action | None:
        """The action created from this source (e.g. a line of minutes)."""
        return self.session.scalar(self._base().where(Action.source_key == source_key))

    def max_position(self, plan_id: int) -> int:
        """The highest position used in a plan (0 when empty)."""
        return int(
            self.session.scalar(
                select(func.coalesce(func.max(Action.position), 0)).where(
                    Action.workspace_id == self.workspace_id, Action.plan_id == plan_id
                )
            )
            or 0
        )

    # -- updates ----------------------------------------------------------------------------

    def history(self, action_id: int, limit: int | None = None) -> Sequence[Update]:
        """Updates of an action, newest first (superseded and retracted ones included)."""
        stmt = (
            select(Update)
            .where(Update.workspace_id == self.workspace_id, Update.action_id == action_id)
            .order_by(Update.created_at.desc(), Update.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        return self.session.scalars(stmt).all()

    def latest_updates(self, action_ids: Collection[int]) -> dict[int, Update]:
        """The newest live update of each action (one query)."""
        if not action_ids:
            return {}
        ranked = (
            select(
                Update.id,
                func.row_number()
                .over(
                    partition_by=Update.action_id,
                    order_by=(Update.created_at.desc(), Update.id.desc()),
                )
                .label("rn"),
            )
            .where(
                Update.workspace_id == self.workspace_id,
                Update.action_id.in_(list(action_ids)),
                Update.superseded_by_id.is_(None),
                Update.retracted_at.is_(None),
            )
            .subquery()
        )
        rows = self.session.scalars(
            select(Update).join(ranked, ranked.c.id == Update.id).where(ranked.c.rn == 1)
        ).all()
        return {u.action_id: u for u in rows}

    def update_by_source_key(self, source_key: str) -> Update | None:
        """The update created from this source (a chat message, an import row)."""
        return self.session.scalar(
            select(Update).where(
                Update.workspace_id == self.workspace_id, Update.source_key == source_key
            )
        )

    def updates_for_message(self, channel_id: str, message_ts: str) -> Sequence[Update]:
        """Live updates that came from one chat message."""
        return self.session.scalars(
            select(Update).where(
                Update.workspace_id == self.workspace_id,
                Update.channel_id == channel_id,
                Update.message_ts == message_ts,
                Update.superseded_by_id.is_(None),
                Update.retracted_at.is_(None),
            )
        ).all()

    def load_plans(self, plan_ids: Collection[int]) -> dict[int, Plan]:
        """Plans by id, in one query."""
        if not plan_ids:
            return {}
        rows = self.session.scalars(
            select(Plan).where(Plan.workspace_id == self.workspace_id, Plan.id.in_(list(plan_ids)))
        ).all()
        return {p.id: p for p in rows}
