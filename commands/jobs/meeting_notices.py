"""A meeting cancelled or moved after a summary of it went to its channel: the channel is
told, by a notice queued in the outbox (sent in sending hours, once, as every post is),
since the summary there still gives the meeting as it was."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from commands.jobs.planner import summary_destination
from storage.models import Meeting, ScheduledPost
from storage.unit_of_work import UnitOfWork

MEETING_NOTICE = "meeting_notice"
# A notice not sent within this long (the channel refused it all week) is not worth sending.
NOTICE_EXPIRES = timedelta(days=7)


def queue_meeting_notice(
    uow: UnitOfWork, meeting: Meeting, what: str, text: str, now: datetime
) -> bool:
    """Queue ``text`` to the channel ``meeting``'s summaries go to, when one of them was sent;
    True when queued. ``what`` tells the notice apart from the meeting's others ("cancelled:
    2027-01-05", "moved:2027-01-12T18:30+00:00"): each is sent once. Call before a cancelled
    meeting is deleted (its posts go with it)."""
    sent = uow.session.scalar(
        select(ScheduledPost.id)
        .where(
            ScheduledPost.workspace_id == uow.workspace_id,
            ScheduledPost.meeting_id == meeting.id,
            ScheduledPost.kind == "summary",
            ScheduledPost.state == "sent",
        )
        .limit(1)
    )
    platform, channel = summary_destination(meeting, uow.workspace)
    if sent is None or not channel:
        return False
    uow.session.add(
        ScheduledPost(
            workspace_id=uow.workspace_id,
            # Not tied to the meeting (deleted with its posts): named in the key instead.
            key=f"{MEETING_NOTICE}:{meeting.id}:{what}",
            kind=MEETING_NOTICE,
            due_at=now,
            expires_at=now + NOTICE_EXPIRES,
            next_attempt_at=now,
            platform=platform,
            channel_id=channel,
            note=text,
            state="pending",
            attempts=0,
            last_error="",
            created_at=now,
        )
    )
    return True
