"""The outbox: enqueue planned posts once, claim them once, record what became of them.

- ``enqueue``: INSERT ... ON CONFLICT DO NOTHING on the unique (workspace, key), so planning
  in several processes at once still stores each post once.
- ``plan_again``: makes a post skipped when it was to be sent pending again, as if new (the
  runner does this when the data it was skipped for has changed back); an UPDATE that finds
  it still skipped for that reason, so one process does it.
- ``claim``: picks pending posts with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (concurrent
  workers skip each other's rows instead of waiting), and takes them with one conditional
  UPDATE (``claimed_at`` empty or older than the lease) whose RETURNING names the posts this
  worker won; that UPDATE alone is what makes the claim safe on SQLite, where writers are
  serialised by the database lock.
- ``renew``: the worker stamps its claims again before sending when they are older than a
  third of the lease (and every third of the lease while a send lasts), and sends only the
  posts whose claim it still holds: a claim younger than that cannot have been taken over
  (that would take a rival's clock two thirds of a lease ahead of this worker's).
- ``mark_sent`` / ``mark_skipped`` / ``mark_failed`` / ``release_for_retry`` /
  ``release_unattempted``: only the worker holding the claim may finish a post.
- ``mark_sent`` writes, in the same transaction, the workspace's audit row for the post
  (``sent_audit_row``): what kind of post went where, about what, and the platform's message
  id; never its text. A post is so audited once, when it is marked sent, and never when a
  delivery failed.

A worker that dies after claiming leaves a claim that goes stale after the lease, and another
worker takes the post over: nothing is lost. A worker that dies in the middle of the platform
call itself (after the post left, before it was marked sent) cannot know whether it left;
that post is retried, so the guarantee there is at-least-once. So is a worker whose claims
could not be renewed for a whole lease while its send was under way (its process frozen, the
database out of reach). Everywhere else it is once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Engine,
    Result,
    and_,
    case,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from commands.jobs.config import JobConfig
from commands.jobs.planner import PlannedPost
from storage.audit import write_rows
from storage.database import upsert_insert
from storage.models import ScheduledPost

# The actor of the audit rows of what the scheduler posts by itself (its units of work are
# named so too).
SCHEDULER_ACTOR = "scheduler"
# What the audit row of a post sent says of it, read back as the post is marked sent: where
# it went and what it was about, never what it said.
_AUDITED = (
    ScheduledPost.id,
    ScheduledPost.workspace_id,
    ScheduledPost.key,
    ScheduledPost.kind,
    ScheduledPost.platform,
    ScheduledPost.channel_id,
    ScheduledPost.user_id,
    ScheduledPost.person_id,
    ScheduledPost.meeting_id,
    ScheduledPost.agenda_item_id,
    ScheduledPost.action_id,
    ScheduledPost.update_id,
    ScheduledPost.attempts,
)
# Of those, what the row's values hold (its id and workspace are the audit row's own).
_AUDITED_VALUES = tuple(c.key for c in _AUDITED if c.key not in ("id", "workspace_id"))


def enqueue(
    session: Session, workspace_id: int, posts: Sequence[PlannedPost], now: datetime
) -> int:
    """Store planned posts that are not stored yet; returns how many were new."""
    if not posts:
        return 0
    rows = [
        {
            "workspace_id": workspace_id,
            "key": p.key,
            "kind": p.kind,
            "due_at": p.due_at,
            "expires_at": p.expires_at,
            "next_attempt_at": p.due_at,
            "platform": p.platform,
            "channel_id": p.channel_id,
            "user_id": p.user_id,
            "chat_user_id": p.chat_user_id,
            "person_id": p.person_id,
            "meeting_id": p.meeting_id,
            "action_id": p.action_id,
            "agenda_item_id": p.agenda_item_id,
            "state": "pending",
            "attempts": 0,
            "last_error": "",
            "created_at": now,
        }
        for p in posts
    ]
    known = set(
        session.scalars(
            select(ScheduledPost.key).where(
                ScheduledPost.workspace_id == workspace_id,
                ScheduledPost.key.in_([p.key for p in posts]),
            )
        )
    )
    fresh = [row for row in rows if row["key"] not in known]
    if not fresh:
        return 0
    table = ScheduledPost.__table__
    stmt = upsert_insert(session)(table).on_conflict_do_nothing(
        index_elements=["workspace_id", "key"]
    )
    # One statement for many rows (SQLAlchemy sends them in batches of VALUES); RETURNING
    # names a row only when it was inserted (rowcount is not reliable here).
    return len(session.execute(stmt.returning(table.c.id), fresh).all())


def skipped_posts(
    session: Session, workspace_id: int, keys: Collection[str]
) -> list[ScheduledPost]:
    """The stored posts with these keys that were skipped."""
    if not keys:
        return []
    return list(
        session.scalars(
            select(ScheduledPost)
            .where(
                ScheduledPost.workspace_id == workspace_id,
                ScheduledPost.key.in_(list(keys)),
                ScheduledPost.state == "skipped",
            )
            .order_by(ScheduledPost.id)
        )
    )


def plan_again(
    session: Session, post_id: int, reason: str, post: PlannedPost, now: datetime
) -> bool:
    """Make a post that was skipped for ``reason`` pending again, as ``post`` is planned now:
    due now (its moment, expiry and target as planned), with no attempt, error or claim. True
    when this call did it; False when the post is no longer skipped for ``reason`` (another
    process planned it again first)."""
    result = session.execute(
        update(ScheduledPost)
        .where(
            ScheduledPost.id == post_id,
            ScheduledPost.state == "skipped",
            ScheduledPost.last_error == reason,
        )
        .values(
            state="pending",
            due_at=post.due_at,
            expires_at=post.expires_at,
            next_attempt_at=now,
            platform=post.platform,
            channel_id=post.channel_id,
            user_id=post.user_id,
            attempts=0,
            last_error="",
            claimed_by=None,
            claimed_at=None,
        )
    )
    return _rowcount(result) == 1


EXPIRED = "expired before it could be sent"


def expire(
    session: Session, now: datetime, config: JobConfig, workspace_ids: Collection[int]
) -> list[tuple[str, str]]:
    """Mark pending posts whose moment has passed as skipped (e.g. the meeting has started);
    (key, reason) of each, by key."""
    stale = now - timedelta(seconds=config.lease_seconds)
    rows = session.execute(
        update(ScheduledPost)
        .where(
            ScheduledPost.workspace_id.in_(list(workspace_ids)),
            ScheduledPost.state == "pending",
            ScheduledPost.expires_at.is_not(None),
            ScheduledPost.expires_at <= now,
            or_(ScheduledPost.claimed_by.is_(None), ScheduledPost.claimed_at < stale),
        )
        .values(
            state="skipped",
            last_error=case(
                (ScheduledPost.last_error == "", EXPIRED),
                else_=EXPIRED + "; last failure: " + ScheduledPost.last_error,
            ),
        )
        .returning(ScheduledPost.key, ScheduledPost.last_error)
    ).all()
    return sorted((key, reason) for key, reason in rows)


def _claimable(now: datetime, config: JobConfig, due_by: datetime):  # type: ignore[no-untyped-def]
    stale = now - timedelta(seconds=config.lease_seconds)
    return and_(
        ScheduledPost.state == "pending",
        ScheduledPost.next_attempt_at <= due_by,
        or_(ScheduledPost.claimed_at.is_(None), ScheduledPost.claimed_at < stale),
    )


def claim(
    engine: Engine,
    session: Session,
    *,
    worker: str,
    now: datetime,
    workspace_ids: Collection[int],
    platforms: Collection[str],
    config: JobConfig,
    due_by: datetime | None = None,
    any_hour: tuple[Collection[int], Collection[str]] = ((), ()),
) -> list[int]:
    """Claim up to a batch of posts due by ``due_by`` (default ``now``) for ``worker``,
    stamping the claims with ``now``; the ids it won (committed). Empty only when no due
    post is left to claim.

    Posts are claimed in ``workspace_ids`` (those where it is sending time), and posts of the
    kinds in ``any_hour`` (workspaces, kinds) in those workspaces whatever the hour."""
    any_hour_workspaces, any_hour_kinds = any_hour
    if not (workspace_ids or (any_hour_workspaces and any_hour_kinds)) or not platforms:
        return []
    due_by = due_by or now
    where: ColumnElement[bool] = ScheduledPost.workspace_id.in_(list(workspace_ids))
    if any_hour_workspaces and any_hour_kinds:
        where = or_(
            where,
            and_(
                ScheduledPost.kind.in_(list(any_hour_kinds)),
                ScheduledPost.workspace_id.in_(list(any_hour_workspaces)),
            ),
        )
    stmt = (
        select(ScheduledPost.id)
        .where(
            _claimable(now, config, due_by),
            where,
            ScheduledPost.platform.in_(list(platforms)),
        )
        .order_by(ScheduledPost.due_at, ScheduledPost.id)
        .limit(config.claim_batch)
    )
    if engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    while True:
        won: set[int] = set()
        with session.begin():
            candidates = session.scalars(stmt).all()
            if candidates:
                # One UPDATE for the batch, which claims only the posts still claimable.
                won = set(
                    session.execute(
                        update(ScheduledPost)
                        .where(ScheduledPost.id.in_(candidates), _claimable(now, config, due_by))
                        .values(
                            claimed_by=worker,
                            claimed_at=now,
                            attempts=ScheduledPost.attempts + 1,
                        )
                        .returning(ScheduledPost.id)
                        .execution_options(synchronize_session=False)
                    ).scalars()
                )
        if won or not candidates:
            return [post_id for post_id in candidates if post_id in won]  # in sending order
        # Other workers took every post this one read (on SQLite the read comes before the
        # write lock). An empty answer would end this worker's run while posts still wait, so
        # read again: each lost round means posts claimed by others, so this ends.


def _finish(session: Session, post_id: int, worker: str, **values: object) -> bool:
    with session.begin():
        result = session.execute(
            update(ScheduledPost)
            .where(ScheduledPost.id == post_id, ScheduledPost.claimed_by == worker)
            .values(**values)
        )
    return _rowcount(result) == 1


def mark_sent(
    session: Session,
    post_id: int,
    worker: str,
    now: datetime,
    *,
    message_id: str | None = None,
    written_to: str | None = None,
    **sent_to: str | None,
) -> bool:
    """Record that the post went out (``sent_to``: the ``platform`` and ``channel_id`` it
    went to, when not those planned), and, in the same transaction, its row in the
    workspace's audit trail (``message_id``: the platform's id of the message; ``written_to``:
    the file it was written to instead of chat). False when the claim was lost meanwhile (or
    the post is already marked sent): then nothing is recorded."""
    with session.begin():
        row = session.execute(
            update(ScheduledPost)
            .where(
                ScheduledPost.id == post_id,
                ScheduledPost.claimed_by == worker,
                ScheduledPost.state != "sent",
            )
            .values(state="sent", sent_at=now, last_error="", **sent_to)
            .returning(*_AUDITED)
        ).one_or_none()
        if row is None:
            return False
        if session.info.get("audit") is not False:
            write_rows(session, [sent_audit_row(row._asdict(), now, message_id, written_to)])
    return True


def sent_audit_row(
    post: dict[str, Any], now: datetime, message_id: str | None, written_to: str | None
) -> dict[str, Any]:
    """The audit row of a scheduled post sent (``post``: its ``_AUDITED`` columns, as sent):
    by the scheduler, on the ``scheduled_post`` row, change ``sent`` (``written`` when it went
    to a file instead of chat), with the kind of post, where it went, what it was about
    (meeting, agenda item, action, update, person) and the platform's message id. Never the
    message's text: it may name people and say things about them."""
    after = {name: post[name] for name in _AUDITED_VALUES if post[name] is not None}
    if message_id:
        after["message_id"] = message_id
    if written_to:
        after["written_to"] = written_to
    return {
        "workspace_id": post["workspace_id"],
        "at": now,
        "actor": SCHEDULER_ACTOR,
        "entity": ScheduledPost.__tablename__,
        "entity_id": post["id"],
        "change": "written" if written_to else "sent",
        "before": None,
        "after": after,
    }


def mark_failed(session: Session, post_id: int, worker: str, error: str) -> bool:
    """Record that the post will never go out: the platform refused it for good."""
    return _finish(
        session,
        post_id,
        worker,
        state="failed",
        claimed_by=None,
        claimed_at=None,
        last_error=error[:500],
    )


def mark_skipped(session: Session, post_id: int, worker: str, reason: str) -> bool:
    """Record that the post is no longer needed (done, snoozed, nothing to say...)."""
    return _finish(session, post_id, worker, state="skipped", last_error=reason[:500])


def release_for_retry(
    session: Session, post_id: int, worker: str, error: str, next_attempt_at: datetime
) -> bool:
    """Give the post back, to be tried again at ``next_attempt_at``."""
    return _finish(
        session,
        post_id,
        worker,
        claimed_by=None,
        claimed_at=None,
        last_error=error[:500],
        next_attempt_at=next_attempt_at,
    )


def release_unattempted(
    session: Session,
    post_ids: Collection[int],
    worker: str,
    *,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
) -> int:
    """Give posts back without counting this claim as an attempt (nothing was tried on the
    platform: the app is not installed there yet, or a local file could not be written)."""
    values: dict[str, object] = {
        "claimed_by": None,
        "claimed_at": None,
        "attempts": ScheduledPost.attempts - 1,
    }
    if error is not None:
        values["last_error"] = error[:500]
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    released = 0
    for post_id in post_ids:
        released += int(_finish(session, post_id, worker, **values))
    return released


def renew(session: Session, post_ids: Collection[int], worker: str, now: datetime) -> list[int]:
    """Stamp ``worker``'s claims on these posts with ``now``; the ids it still held (a claim
    another worker took over after the lease is not renewed)."""
    if not post_ids:
        return []
    with session.begin():
        held = set(
            session.execute(
                update(ScheduledPost)
                .where(
                    ScheduledPost.id.in_(list(post_ids)),
                    ScheduledPost.claimed_by == worker,
                    ScheduledPost.state == "pending",
                )
                .values(claimed_at=now)
                .returning(ScheduledPost.id)
                .execution_options(synchronize_session=False)
            ).scalars()
        )
    return [post_id for post_id in post_ids if post_id in held]


def _rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE matched (the session types its result as a plain Result)."""
    return cast(CursorResult[Any], result).rowcount or 0
