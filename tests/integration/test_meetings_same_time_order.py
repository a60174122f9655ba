"""Two meetings at the same time (two committees sitting at once) are listed, and their
agenda items with them, in the order they were added, on every database and however their
rows were changed since: PostgreSQL moves a changed row, and without a tie-break the order of
equal times followed it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from storage.models import AgendaItem, Committee, Meeting, Workspace
from storage.unit_of_work import Store

WHEN = datetime(2027, 3, 2, 18, 0, tzinfo=UTC)


def _two_meetings_at_once(store: Store) -> list[int]:
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        ws = s.query(Workspace).filter_by(key="local").one()
        ids = []
        for name in ("Corporate Parenting Board", "Adoption Panel"):
            committee = Committee(workspace_id=ws.id, name=name, name_key=name.lower())
            s.add(committee)
            s.flush()
            meeting = Meeting(
                workspace_id=ws.id,
                committee_id=committee.id,
                meeting_date=date(2027, 3, 2),
                starts_at=WHEN,
            )
            s.add(meeting)
            s.flush()
            s.add(
                AgendaItem(
                    workspace_id=ws.id,
                    meeting_id=meeting.id,
                    position=1,
                    title="Performance",
                    title_key="performance",
                    report_due=date(2027, 2, 16),
                )
            )
            ids.append(meeting.id)
    with store.session_factory() as s, s.begin():
        s.info["actor"] = "test"
        # The first meeting is moved and moved back after the second was added: on PostgreSQL
        # its row and its index entries then come after the second's.
        for starts_at in (WHEN.replace(hour=19), WHEN):
            s.execute(update(Meeting).where(Meeting.id == ids[0]).values(starts_at=starts_at))
    return ids


def test_meetings_at_the_same_time_are_listed_in_the_order_they_were_added(
    store: Store,
) -> None:
    ids = _two_meetings_at_once(store)
    with store.unit_of_work("local", actor="test") as uow:
        upcoming = uow.repos.meetings.upcoming(datetime(2027, 1, 1, tzinfo=UTC))
        assert [m.id for m in upcoming] == ids
        awaited = uow.repos.meetings.reports_awaited(datetime(2027, 1, 1, tzinfo=UTC))
        assert [m.id for m, _item in awaited] == ids
