"""The outbox of scheduled posts: one row per post, claimed once, sent once.

Every post the scheduler makes (a pre-meeting summary, a digest, a nudge, a report reminder)
has a unique key per workspace. Inserting a key twice does nothing, so planning is idempotent;
a worker claims a pending row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL plus a conditional
UPDATE everywhere), sends it, then marks it sent. A claim older than the lease is stale: the
worker died, and another worker takes the row over.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import IDS_NOT_REUSED, Base, utcnow

POST_STATES = ("pending", "sent", "skipped", "failed")


class ScheduledPost(Base):
    """One scheduled post, composed from live data when it is sent."""

    __tablename__ = "scheduled_post"
    __table_args__ = (
        UniqueConstraint("workspace_id", "key"),
        Index("ix_scheduled_post_state_next", "state", "next_attempt_at"),
        # Deleting an update (with its action) finds its queued reply without a scan.
        Index("ix_scheduled_post_update_id", "update_id"),
        IDS_NOT_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    next_attempt_at: Mapped[datetime] = mapped_column()
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str | None] = mapped_column(String(128), default=None)
    user_id: Mapped[str | None] = mapped_column(String(128), default=None)
    chat_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_user.id", ondelete="CASCADE"), default=None
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), default=None
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), default=None
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), default=None
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), default=None
    )
    # A reply to a chat message that the platform did not take at the time (an update's
    # acknowledgement): the update, the message to mark, the thread to answer in, and the
    # note that came with the first answer.
    update_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_update.id", ondelete="CASCADE"), default=None
    )
    message_ts: Mapped[str | None] = mapped_column(String(64), default=None)
    thread_ts: Mapped[str | None] = mapped_column(String(64), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    claimed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
