"""Replies to chat messages that the platform did not take at the time, kept for the scheduler.

When an update is logged from a chat message, the adapter answers at once: in Slack a ✅ on
the message and "Logged on 2.3" in its thread, in Teams a reply to the message. Should the
platform be unreachable at that moment (Slack or the Bot Connector down, the network dropped,
rate limits that outlast the client's own retries), the update is saved but its author would
see no sign of it, and might post it again. The answer is queued here instead, as a scheduled
post of kind ``update_reply``: the scheduler (every minute in ``csbot serve``, or ``csbot jobs
run-due``) sends it, retrying with the outbox's growing delays, until it goes or
:data:`REPLY_EXPIRES` has passed. It is composed when it is sent, from the update as it is
then: an update retracted or superseded since (the message was deleted, or edited and answered
again) is not acknowledged late.

Unlike the other posts, these replies are sent at any hour: they answer what somebody has just
posted, rather than reminding anybody of anything.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from storage.database import upsert_insert
from storage.models import ScheduledPost, Update
from storage.unit_of_work import Store

UPDATE_REPLY = "update_reply"
# Kinds of post sent whatever the hour (see the module's docstring).
ANY_HOUR_KINDS = (UPDATE_REPLY,)
# A ✅ and "Logged" still tell the author the update was kept the next morning; later than a
# day, the plan's history says so better than a reply out of the blue.
REPLY_EXPIRES = timedelta(hours=24)


def reply_key(update_id: int) -> str:
    """The outbox key of an update's queued reply (one per update)."""
    return f"{UPDATE_REPLY}:{update_id}"


def queue_update_reply(
    store: Store,
    workspace_key: str,
    *,
    platform: str,
    channel_id: str,
    message_ts: str,
    thread_ts: str | None,
    update_id: int,
    note: str = "",
    now: datetime,
) -> bool:
    """Queue the reply to the message that logged update ``update_id`` (a reaction on
    ``message_ts`` where the platform has them, a reply in ``thread_ts``, or in the chat when
    None), to be sent from now on; True when queued, False when it was queued already or the
    update is not the workspace's."""
    with store.session_factory() as session, session.begin():
        workspace_id = store.workspace_id(session, workspace_key)
        if workspace_id is None:
            return False
        owned = session.scalar(
            select(Update.id).where(Update.id == update_id, Update.workspace_id == workspace_id)
        )
        if owned is None:
            return False
        stmt = (
            upsert_insert(session)(ScheduledPost)
            .values(
                workspace_id=workspace_id,
                key=reply_key(update_id),
                kind=UPDATE_REPLY,
                due_at=now,
                expires_at=now + REPLY_EXPIRES,
                next_attempt_at=now,
                platform=platform,
                channel_id=channel_id,
                update_id=update_id,
                message_ts=message_ts,
                thread_ts=thread_ts,
                note=note,
                state="pending",
                attempts=0,
                last_error="",
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["workspace_id", "key"])
            .returning(ScheduledPost.id)
        )
        return bool(session.execute(stmt).all())
