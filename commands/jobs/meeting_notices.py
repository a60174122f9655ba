"""A meeting cancelled, moved or re-timed after a summary of it went to a channel: each
channel a summary went to is told, by a notice queued in the outbox (sent in sending hours,
once, as every post is), since the summary there still gives the meeting as it was."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from commands.jobs.working_days import day_words
from commands.meeting_lookup import committee_short, meeting_label
from storage.models import AuditEvent, Meeting, ScheduledPost

MEETING_NOTICE = "meeting_notice"
# A notice not sent within this long (the channel refused it all week) is not worth sending.
NOTICE_EXPIRES = timedelta(days=7)


def tell_of_cancel(session: Session, meeting: Meeting, now: datetime) -> int:
    """Queue the notice that ``meeting`` is cancelled to each channel a summary of it went
    to; how many channels. Call before the meeting is deleted (its posts go with it)."""
    when = day_words(meeting.meeting_date, year=True)
    text = (
        f"{meeting_label(meeting)} ({meeting.committee.name}, {when}) is cancelled: the "
        "summary posted here for it no longer stands."
    )
    return _tell_channels(session, meeting, "cancelled", text, now)


def tell_of_move(
    session: Session, meeting: Meeting, old_start: datetime, tz: str, now: datetime
) -> int:
    """Queue the notice that ``meeting`` (moved already) was to start at ``old_start`` to
    each channel a summary of it went to; how many channels."""
    zone = ZoneInfo(tz)
    old, new = old_start.astimezone(zone), meeting.starts_at.astimezone(zone)
    if old == new:
        return 0
    name = meeting.committee.name
    if old.date() == new.date():
        text = (
            f"{meeting_label(meeting)} ({name}, {day_words(new.date(), year=True)}) now "
            f"starts at {new:%H:%M}, not {old:%H:%M}."
        )
    else:
        old_label = f"{committee_short(meeting.committee)} {old.date().isoformat()}"
        text = (
            f"{old_label} ({name}) is moved from {day_words(old.date(), year=True)} at "
            f"{old:%H:%M} to {day_words(new.date(), year=True)} at {new:%H:%M} "
            f"({meeting_label(meeting)})."
        )
    return _tell_channels(session, meeting, "moved", text, now)


def _tell_channels(session: Session, meeting: Meeting, what: str, text: str, now: datetime) -> int:
    """Queue ``text`` to each (platform, channel) a summary of ``meeting`` was sent to (as
    it went: a committee's channel may have changed since)."""
    # Posted to chat, as the audit trail has it: one written to a file (`run-due --to-file`)
    # is done too, but no channel saw it.
    posted = (
        select(AuditEvent.id)
        .where(
            AuditEvent.workspace_id == meeting.workspace_id,
            AuditEvent.entity == ScheduledPost.__tablename__,
            AuditEvent.entity_id == ScheduledPost.id,
            AuditEvent.change == "sent",
        )
        .exists()
    )
    sent_to = session.execute(
        select(ScheduledPost.platform, ScheduledPost.channel_id)
        .where(
            ScheduledPost.workspace_id == meeting.workspace_id,
            ScheduledPost.meeting_id == meeting.id,
            ScheduledPost.kind == "summary",
            ScheduledPost.state == "sent",
            ScheduledPost.channel_id.is_not(None),
            posted,
        )
        .distinct()
    ).all()
    for platform, channel in sorted(sent_to):
        # One notice per change and channel: the moment tells a move back from the move.
        where = hashlib.sha256(f"{platform}:{channel}".encode()).hexdigest()[:12]
        key = f"{MEETING_NOTICE}:{meeting.id}:{what}:{where}:{now.isoformat()}"
        known = session.scalar(
            select(ScheduledPost.id).where(
                ScheduledPost.workspace_id == meeting.workspace_id, ScheduledPost.key == key
            )
        )
        if known is not None:
            continue
        session.add(
            ScheduledPost(
                workspace_id=meeting.workspace_id,
                # Not tied to the meeting (a cancelled one is deleted with its posts).
                key=key,
                kind=MEETING_NOTICE,
                due_at=now,
                expires_at=now + NOTICE_EXPIRES,
                next_attempt_at=now,
                platform=platform,
                channel_id=channel,
                note=text,
                created_at=now,
            )
        )
    return len(sent_to)


def told_words(channels: int, what: str) -> str:
    """``the channel that had its summary will be told it is cancelled`` (``what``), or of
    the channels, several; "" for none."""
    if not channels:
        return ""
    if channels == 1:
        return f"the channel that had its summary will be told {what}"
    return f"the {channels} channels that had its summaries will be told {what}"
