"""Committees, meetings and agenda items."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import selectinload

from storage.models import (
    AgendaItem,
    AgendaItemOwner,
    Committee,
    Meeting,
    MeetingLink,
    Person,
    ScheduledPost,
)
from storage.repositories.base import Repository

# The leads of the items listed, loaded with them; a lead's own roles only if they are used
# (an item's lead is shown by name: reading every lead's roles took one more query a list).
_OWNERS = selectinload(AgendaItem.owners).joinedload(AgendaItemOwner.person).lazyload(Person.roles)


class MeetingRepository(Repository):
    """Queries and changes of committees, meetings, agenda items and meeting links."""

    def committees(self) -> Sequence[Committee]:
        """Every committee, by name (by the name's key: case and accents do not order it, the
        same on every database)."""
        return self.session.scalars(
            select(Committee)
            .where(Committee.workspace_id == self.workspace_id)
            .order_by(Committee.name_key, Committee.id)
        ).all()

    def committee_by_key(self, name_key: str) -> Committee | None:
        """The committee with this normalised name."""
        return self.session.scalar(
            select(Committee).where(
                Committee.workspace_id == self.workspace_id, Committee.name_key == name_key
            )
        )

    def meeting_by_id(self, meeting_id: int) -> Meeting | None:
        """The meeting with this id, if it belongs to this workspace."""
        return self.session.scalar(
            select(Meeting).where(
                Meeting.workspace_id == self.workspace_id, Meeting.id == meeting_id
            )
        )

    def meetings_of(self, committee_id: int) -> Sequence[Meeting]:
        """A committee's meetings, in date order."""
        return self.session.scalars(
            select(Meeting)
            .where(Meeting.workspace_id == self.workspace_id, Meeting.committee_id == committee_id)
            .order_by(Meeting.starts_at, Meeting.id)
        ).all()

    def with_channel(self, channels: Collection[str]) -> Sequence[Meeting]:
        """The meetings whose own summary channel is one of ``channels``, in date order."""
        if not channels:
            return []
        return self.session.scalars(
            select(Meeting)
            .where(Meeting.workspace_id == self.workspace_id, Meeting.channel_id.in_(channels))
            .order_by(Meeting.starts_at, Meeting.id)
        ).all()

    def upcoming(self, after: datetime, committee_id: int | None = None) -> Sequence[Meeting]:
        """Meetings starting after ``after``, soonest first."""
        stmt = select(Meeting).where(
            Meeting.workspace_id == self.workspace_id, Meeting.starts_at >= after
        )
        if committee_id is not None:
            stmt = stmt.where(Meeting.committee_id == committee_id)
        return self.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)).all()

    def next_here(
        self, after: datetime, committee_ids: Collection[int], channels: Collection[str]
    ) -> Meeting | None:
        """The first meeting starting after ``after`` of one of ``committee_ids`` or with its
        own summary channel in ``channels``; None when there is none."""
        if not committee_ids and not channels:
            return None
        return self.session.scalars(
            select(Meeting)
            .where(
                Meeting.workspace_id == self.workspace_id,
                Meeting.starts_at >= after,
                or_(Meeting.committee_id.in_(committee_ids), Meeting.channel_id.in_(channels)),
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(1)
        ).first()

    def agenda(self, meeting_id: int) -> Sequence[AgendaItem]:
        """The agenda items of a meeting, in order."""
        return self.session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.workspace_id == self.workspace_id, AgendaItem.meeting_id == meeting_id
            )
            .order_by(AgendaItem.position)
        ).all()

    def agenda_item(self, meeting_id: int, item_id: int) -> AgendaItem | None:
        """The agenda item with this id, if it is on that meeting's agenda (its owners loaded
        with it)."""
        return self.session.scalar(
            select(AgendaItem)
            .where(
                AgendaItem.workspace_id == self.workspace_id,
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.id == item_id,
            )
            .options(_OWNERS)
        )

    def agendas(self, meeting_ids: Collection[int]) -> dict[int, list[AgendaItem]]:
        """The agenda items of several meetings (in one query, their owners in one more), in
        order, by meeting id; a meeting with no items is left out."""
        found: dict[int, list[AgendaItem]] = {}
        if not meeting_ids:
            return found
        items = self.session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.workspace_id == self.workspace_id,
                AgendaItem.meeting_id.in_(sorted(set(meeting_ids))),
            )
            .order_by(AgendaItem.meeting_id, AgendaItem.position)
        )
        for item in items:
            found.setdefault(item.meeting_id, []).append(item)
        return found

    def reports_awaited(
        self,
        after: datetime,
        *,
        person_id: int | None = None,
        role_ids: Collection[int] = (),
        due_by: date | None = None,
    ) -> Sequence[tuple[Meeting, AgendaItem]]:
        """Agenda items of meetings starting after ``after`` whose report is due and not in
        yet (only those led by ``person_id`` or one of ``role_ids`` when given; only those
        due by ``due_by`` when given), soonest meeting first, in agenda order; their owners
        are loaded with them."""
        where = [
            Meeting.starts_at >= after,
            AgendaItem.report_due.is_not(None),
            AgendaItem.report_received_at.is_(None),
        ]
        if due_by is not None:
            where.append(AgendaItem.report_due <= due_by)
        if person_id is None:
            return self._items(*where)
        return self._led(person_id, role_ids, *where)

    def items_led_by(self, person_id: int, after: datetime) -> Sequence[tuple[Meeting, AgendaItem]]:
        """Agenda items of meetings starting after ``after`` that the person leads (in
        person), with their meetings, soonest meeting first, in agenda order."""
        return self._led(person_id, (), Meeting.starts_at > after)

    def _items(self, *where: ColumnElement[bool]) -> Sequence[tuple[Meeting, AgendaItem]]:
        """(meeting, agenda item) pairs of this workspace matching ``where``, soonest meeting
        first, in agenda order, the items' owners loaded with them."""
        stmt = (
            select(Meeting, AgendaItem)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(
                Meeting.workspace_id == self.workspace_id,
                AgendaItem.workspace_id == self.workspace_id,
                *where,
            )
            .options(_OWNERS)
            .order_by(Meeting.starts_at, Meeting.id, AgendaItem.position, AgendaItem.id)
        )
        return [(m, i) for m, i in self.session.execute(stmt).all()]

    def _led(
        self, person_id: int, role_ids: Collection[int], *where: ColumnElement[bool]
    ) -> Sequence[tuple[Meeting, AgendaItem]]:
        """As :meth:`_items`, of the items led by ``person_id`` or one of ``role_ids`` only.

        The person's own lead rows drive the query (by the indexes on the owners' person and
        role), each item and its meeting then found by id: its cost follows the items the
        person leads, not the workspace's agenda. The meeting's workspace is therefore not a
        condition of the statement: SQLite, without statistics, would take it as the way in
        and walk every meeting of the workspace to come (its index on workspace and start).
        The item's workspace is, and its meeting's is checked on the rows."""
        leads: ColumnElement[bool] = AgendaItemOwner.person_id == person_id
        if role_ids:
            # Only when there are roles: an empty IN keeps SQLite from using either index.
            leads = or_(leads, AgendaItemOwner.role_id.in_(list(role_ids)))
        stmt = (
            select(Meeting, AgendaItem)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(
                AgendaItem.id.in_(select(AgendaItemOwner.agenda_item_id).where(leads)),
                AgendaItem.workspace_id == self.workspace_id,
                *where,
            )
            .options(_OWNERS)
            .order_by(Meeting.starts_at, Meeting.id, AgendaItem.position, AgendaItem.id)
        )
        return [
            (m, i)
            for m, i in self.session.execute(stmt).all()
            if m.workspace_id == self.workspace_id
        ]

    def delete_meeting(self, meeting: Meeting) -> list[AgendaItem]:
        """Remove a meeting with its agenda items and their leads (each row audited as
        deleted); its scheduled posts go with it (the database cascades). Returns the items."""
        items = list(self.agenda(meeting.id))
        for item in items:
            self.session.delete(item)  # its owners follow (delete-orphan)
        self.session.flush()
        self.session.delete(meeting)
        self.session.flush()
        return items

    def forget_unsent_summaries(self, meeting: Meeting) -> int:
        """Drop the meeting's summaries for its (new) date that were planned and not sent
        (skipped or failed when it was moved away, then moved back), so they are planned
        again; returns how many. Summaries sent stay sent."""
        return self._forget_summaries(
            meeting,
            ScheduledPost.state.in_(("skipped", "failed")),
            ScheduledPost.key.like(f"summary:{meeting.id}:{meeting.meeting_date}:%"),
        )

    def forget_failed_summaries(self, meeting: Meeting, now: datetime) -> int:
        """Drop the meeting's summaries for its date that failed (a channel refused them) and
        that would still be planned now (their day is one the committee posts on and their
        moment has not passed), so the next run plans and sends them; how many."""
        days = [str(int(d)) for d in meeting.committee.summary_days_before]
        if not days:
            return 0
        keys = [f"summary:{meeting.id}:{meeting.meeting_date}:{d}d" for d in days]
        return self._forget_summaries(
            meeting,
            ScheduledPost.state == "failed",
            ScheduledPost.key.in_(keys),
            or_(ScheduledPost.expires_at.is_(None), ScheduledPost.expires_at > now),
        )

    def _forget_summaries(self, meeting: Meeting, *where: ColumnElement[bool]) -> int:
        """Delete the meeting's scheduled summaries matching ``where``; how many."""
        result = self.session.execute(
            delete(ScheduledPost).where(
                ScheduledPost.workspace_id == self.workspace_id,
                ScheduledPost.meeting_id == meeting.id,
                ScheduledPost.kind == "summary",
                *where,
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def links(self, committee_id: int) -> Sequence[MeetingLink]:
        """The plans and indicators a committee follows."""
        return self.session.scalars(
            select(MeetingLink).where(
                MeetingLink.workspace_id == self.workspace_id,
                MeetingLink.committee_id == committee_id,
            )
        ).all()
