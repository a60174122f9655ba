"""Run due scheduled work once: plan, enqueue, claim, compose, send, record.

Used by ``csbot jobs run-due`` and, every minute, by the scheduler inside ``csbot serve``.
Several processes may run it at once against one database: the outbox's unique keys and
claims make each post go out once (see commands/jobs/outbox.py).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from commands.dates import local_today
from commands.jobs.compose import Composer, Skip, merge_for_person, skipped_for_planned_data
from commands.jobs.config import DEFAULT_CONFIG, JobConfig
from commands.jobs.lease import kept_alive, running_clock
from commands.jobs.notifier import (
    LocalOutputError,
    NotifierRegistry,
    Target,
    not_reachable_yet,
    permanent_error,
)
from commands.jobs.outbox import (
    claim,
    enqueue,
    expire,
    mark_failed,
    mark_sent,
    mark_skipped,
    plan_again,
    release_for_retry,
    release_unattempted,
    renew,
    skipped_posts,
)
from commands.jobs.planner import PlannedPost, Planner, no_channel_words, unreachable_words
from commands.jobs.replies import ANY_HOUR_KINDS
from commands.jobs.working_days import is_send_time, why_waiting
from commands.safe_log import describe_error, log_failure
from commands.views import View
from storage.models import ScheduledPost, utcnow
from storage.unit_of_work import Store

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    """A name for this worker that no other process shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# How each platform is named and configured, for "posts wait: Slack is not configured".
PLATFORM_SETTINGS = {
    "slack": ("Slack", "SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"),
    "teams": ("Teams", "TEAMS_APP_ID and TEAMS_APP_PASSWORD"),
}


# Kinds of post that go to one person as one message when due in the same run: their report
# reminders together, and their action nudges together (the weekly digest stays a message of
# its own: it lists every action and report anyway).
PER_PERSON = {"report_due": "reports", "due_soon": "actions", "overdue": "actions"}


@dataclass
class RunReport:
    """What one run did."""

    planned: int = 0
    revived: int = 0  # skipped posts planned again: the data they were skipped for changed back
    sent: int = 0
    skipped: int = 0
    retry: int = 0
    failed: int = 0  # given up: a permanent platform error, or the last attempt failed
    lost: int = 0
    messages: int = 0  # a person's report reminders due together go out as one message
    quiet: list[str] = field(default_factory=list)  # keys of workspaces outside sending time
    waiting: list[str] = field(default_factory=list)  # why, and until when, in words
    lines: list[str] = field(default_factory=list)
    # Due posts that wait because their platform has no notifier: platform -> how many.
    unserved: dict[str, int] = field(default_factory=dict)
    # "2 actions due soon have nobody to remind: 3 (IRO: no holder), …", once per run.
    unreachable: list[str] = field(default_factory=list)
    # The same by refs alone, for the server's log (the reasons name people).
    unreachable_refs: list[str] = field(default_factory=list)

    def summary(self, unserved_hint: str = "", written_to: str = "") -> str:
        """A short account for the command line and the log; ``unserved_hint`` follows the
        reason posts wait for an unconfigured platform, and ``written_to`` names the file the
        posts went to instead of chat (``--to-file``)."""
        sent = f"wrote {self.sent}" if written_to else f"sent {self.sent}"
        if self.messages and self.messages != self.sent:
            sent += f" (in {self.messages} messages)"
        if written_to:
            sent += f" to {written_to} (not sent to chat)"
        again = f" and {self.revived} again" if self.revived else ""
        head = (
            f"Planned {self.planned} new post{'s' if self.planned != 1 else ''}{again}; {sent}, "
            f"skipped {self.skipped}, to retry {self.retry}"
            + (f", failed {self.failed}" if self.failed else "")
            + "."
        )
        if self.waiting:
            head += " " + " ".join(self.waiting)
        for platform, count in sorted(self.unserved.items()):
            name, settings = PLATFORM_SETTINGS.get(platform, (platform, ""))
            head += (
                f" {count} post{'s' if count != 1 else ''} wait: {name} is not configured"
                + (f" ({settings})" if settings else "")
                + (f"; {unserved_hint}" if unserved_hint else "")
                + "."
            )
        return "\n".join([head, *self.unreachable, *self.lines])


@dataclass(frozen=True)
class _Workspace:
    key: str
    tz: str
    name: str = ""


def _waiting_words(quiet: Sequence[_Workspace], now: datetime, named: bool) -> list[str]:
    """Why posts wait in each quiet workspace; workspaces are named (by their name, else
    their key) only when the run covered several."""
    by_reason: dict[str, list[str]] = {}
    for ws in quiet:
        by_reason.setdefault(why_waiting(now, ws.tz), []).append(ws.name or ws.key)
    if not named:
        return list(by_reason)
    words = []
    for reason, names in by_reason.items():
        listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        words.append(f"In {listed}, {reason}")
    return words


def run_due(
    store: Store,
    notifiers: NotifierRegistry,
    *,
    now: datetime | None = None,
    clock: Callable[[], datetime] | None = None,
    config: JobConfig = DEFAULT_CONFIG,
    worker: str | None = None,
    workspaces: Sequence[str] | None = None,
    default_timezone: str = "Europe/London",
) -> RunReport:
    """Plan and send everything due at ``now`` (default: the current time). Claims are
    stamped with ``clock()`` (default: ``now`` plus the real time elapsed since the start).

    Raises LocalOutputError when a post cannot be written to a local file: the run stops and
    the posts it had claimed are given back untouched."""
    now = now or utcnow()
    run = _Run(
        store=store,
        notifiers=notifiers,
        worker=worker or default_worker_id(),
        now=now,
        clock=clock or running_clock(now),
        config=config,
    )
    report = run.report
    unreachable: dict[str, list[str]] = {}
    unreachable_refs: dict[str, list[str]] = {}
    for key in workspaces or store.workspace_keys():
        with store.unit_of_work(key, actor="scheduler", now=now) as uow:
            tz = uow.workspace.timezone or default_timezone
            planner = Planner(uow.repos, uow.workspace, now, local_today(now, tz), tz, config)
            planned = planner.plan()
            report.planned += enqueue(uow.session, uow.workspace_id, planned, now)
            composer = Composer(uow, now, planner.today, tz, config)
            for key_again, why in _plan_again(
                uow.session, uow.workspace_id, planned, composer, now
            ):
                report.revived += 1
                report.lines.append(
                    f"planned again {key_again}: it was skipped because {why}, "
                    "which no longer holds"
                )
            for key_skipped, why in _skip_planned(
                uow.session, uow.workspace_id, planned, now, config
            ):
                report.skipped += 1
                report.lines.append(f"skipped {key_skipped}: {why}")
            uow.commit()
            run.known[uow.workspace_id] = _Workspace(key, tz, uow.workspace.name)
            # Channel-less summaries name no person: the log may have them as they are.
            nowhere = no_channel_words(planner.no_channel)
            # A local workspace's people have no chat accounts (nobody can link one there).
            accounts = (
                uow.workspace.platform in PLATFORM_SETTINGS
                or not planner.unreachable
                or uow.repos.people.has_linked_chat_users()
            )
            unreachable[key] = [
                *unreachable_words(
                    planner.unreachable, config.overdue_window_days, chat_accounts=accounts
                ),
                *nowhere,
            ]
            unreachable_refs[key] = [
                *unreachable_words(
                    planner.unreachable,
                    config.overdue_window_days,
                    with_reasons=False,
                    chat_accounts=accounts,
                ),
                *nowhere,
            ]
    known = run.known
    for ws in known.values():
        for line in unreachable[ws.key]:
            named = f"In {ws.name or ws.key}, " + line[0].lower() + line[1:]
            report.unreachable.append(named if len(known) > 1 else line[0].upper() + line[1:])
        for line in unreachable_refs[ws.key]:
            report.unreachable_refs.append(f"In workspace {ws.key}, {line[0].lower()}{line[1:]}")
    with store.session_factory() as session, session.begin():
        expired = expire(session, now, config, list(known))
    for key_expired, why in expired:
        report.skipped += 1
        report.lines.append(f"skipped {key_expired}: {why}")
    sendable = [wid for wid, ws in known.items() if is_send_time(now, ws.tz)]
    quiet = [ws for wid, ws in known.items() if wid not in sendable]
    report.quiet = [ws.key for ws in quiet]
    report.waiting = _waiting_words(quiet, now, named=len(known) > 1)
    while True:
        stamp = run.clock()  # a long run's later batches are claimed when they are
        with store.session_factory() as session:
            ids = claim(
                store.engine,
                session,
                worker=run.worker,
                now=stamp,
                workspace_ids=sendable,
                # Replies to what somebody just posted go at any hour (commands.jobs.replies).
                any_hour=(list(known), ANY_HOUR_KINDS),
                platforms=notifiers.platforms(),
                config=config,
                due_by=now,  # what is due at the run's moment: a retry waits for a later run
            )
        if not ids:
            break
        run.stamped.update(dict.fromkeys(ids, stamp))
        run.deliver_batch(ids)
    report.unserved = _unserved(store, now, list(known), notifiers.platforms())
    return report


def _plan_again(
    session: Session,
    workspace_id: int,
    planned: Sequence[PlannedPost],
    composer: Composer,
    now: datetime,
) -> list[tuple[str, str]]:
    """Make pending again the planned posts that were skipped when they were to be sent
    because of data the planner checks too (a due date, an owner, the committee's summaries):
    the planner plans a post only while that data says it is due and wanted, so it has
    changed back. (key, the reason it was skipped) of each.

    A post skipped for another reason (reminders snoozed, the moment passed, a planner's own
    skip) stays skipped, as does one the composer would still skip: should the composer and
    the planner disagree, the post would otherwise be planned and skipped again every run."""
    wanted = {post.key: post for post in planned if not post.skip}
    again = []
    for post in skipped_posts(session, workspace_id, list(wanted)):
        reason = post.last_error
        if not skipped_for_planned_data(reason):
            continue
        try:
            composer.check(post)
        except Skip:
            continue
        if plan_again(session, post.id, reason, wanted[post.key], now):
            again.append((post.key, reason))
    return again


def _skip_planned(
    session: Session,
    workspace_id: int,
    planned: Sequence[PlannedPost],
    now: datetime,
    config: JobConfig,
) -> list[tuple[str, str]]:
    """Mark the planned posts the planner says not to send (an earlier summary when the next
    one is nearly due) as skipped, with the planner's reason; (key, reason) of each marked.

    Only a post not tried yet is marked: one that failed is retried while it is still valid
    (until the next summary is due), and one a worker holds or finished is left alone."""
    stale = now - timedelta(seconds=config.lease_seconds)
    marked = []
    for post in planned:
        if not post.skip:
            continue
        done = session.execute(
            update(ScheduledPost)
            .where(
                ScheduledPost.workspace_id == workspace_id,
                ScheduledPost.key == post.key,
                ScheduledPost.state == "pending",
                ScheduledPost.attempts == 0,
                or_(ScheduledPost.claimed_at.is_(None), ScheduledPost.claimed_at < stale),
            )
            .values(state="skipped", claimed_by=None, claimed_at=None, last_error=post.skip[:500])
            .returning(ScheduledPost.id)
        ).all()
        if done:
            marked.append((post.key, post.skip))
    return marked


def _unserved(
    store: Store, now: datetime, workspace_ids: list[int], platforms: list[str]
) -> dict[str, int]:
    """Due, pending posts whose platform has no notifier, counted per platform."""
    with store.session_factory() as session:
        rows = session.execute(
            select(ScheduledPost.platform, func.count())
            .where(
                ScheduledPost.workspace_id.in_(workspace_ids),
                ScheduledPost.state == "pending",
                ScheduledPost.next_attempt_at <= now,
                ScheduledPost.platform.not_in(platforms),
            )
            .group_by(ScheduledPost.platform)
        ).all()
    return {platform: count for platform, count in rows}


def _groups(store: Store, ids: Sequence[int]) -> list[list[ScheduledPost]]:
    """Claimed posts in sending order: a person's report reminders together (one message),
    their action nudges together (another), every other post on its own."""
    with store.session_factory() as session:
        found = {
            p.id: p for p in session.scalars(select(ScheduledPost).where(ScheduledPost.id.in_(ids)))
        }
        session.expunge_all()
    posts = [found[i] for i in ids if i in found]
    groups: dict[tuple[object, ...], list[ScheduledPost]] = {}
    for post in posts:
        key: tuple[object, ...] = ("post", post.id)
        if post.kind in PER_PERSON and post.user_id:
            key = ("person", post.workspace_id, post.platform, post.user_id, PER_PERSON[post.kind])
        groups.setdefault(key, []).append(post)
    return list(groups.values())


@dataclass
class _Run:
    """One run's context: where to send, who is claiming, and the clock claims run on."""

    store: Store
    notifiers: NotifierRegistry
    worker: str
    now: datetime  # the moment the run plans and composes for
    clock: Callable[[], datetime]  # the time now, for claims and "sent at"
    config: JobConfig
    known: dict[int, _Workspace] = field(default_factory=dict)
    report: RunReport = field(default_factory=RunReport)
    # When this worker last stamped its claim on each post it holds (claimed or renewed).
    stamped: dict[int, datetime] = field(default_factory=dict)

    def deliver_batch(self, ids: Sequence[int]) -> None:
        """Send a batch of claimed posts; on a local file error give back what is left."""
        try:
            for group in _groups(self.store, ids):
                self.deliver(group)
        except LocalOutputError:
            with self.store.session_factory() as session:
                release_unattempted(session, ids, self.worker)
            raise

    def deliver(self, posts: list[ScheduledPost]) -> None:
        """Compose a group of posts for one target, send them as one message, record each."""
        ws = self.known[posts[0].workspace_id]
        composed, target = self._compose(posts, ws)
        composed = self._still_held(composed)
        if not composed:
            return
        first = composed[0][0]
        view = merge_for_person([view for _, view in composed], local_today(self.now, ws.tz))
        ids = [post.id for post, _ in composed]
        try:
            with kept_alive(lambda: self._renew(ids), self.config.lease_seconds / 3):
                message_id = self.notifiers.send(target, view)
        except LocalOutputError:
            raise
        except Exception as exc:  # any platform failure: retry later, never crash the run
            self._failed([post for post, _ in composed], target, exc)
            return
        self.report.messages += 1
        moved: dict[str, str | None] = {}
        if (target.platform, target.channel_id) != (first.platform, first.channel_id):
            moved = {"platform": target.platform, "channel_id": target.channel_id}  # as it went
        verb, where = self.notifiers.outcome(target)
        # Audited with the post marked sent (one transaction): the message's id, never its text.
        written_to = where if verb != "sent" else None  # --to-file: not posted in chat
        for post, _ in composed:
            with self.store.session_factory() as session:
                if mark_sent(
                    session,
                    post.id,
                    self.worker,
                    self.clock(),
                    message_id=message_id,
                    written_to=written_to,
                    **moved,
                ):
                    self.report.sent += 1
                    self.report.lines.append(f"{verb} {post.key} to {where}")
                else:
                    self.report.lost += 1
                    log.warning("claim on %s was taken over before it was marked sent", post.key)

    def _compose(
        self, posts: list[ScheduledPost], ws: _Workspace
    ) -> tuple[list[tuple[ScheduledPost, View]], Target]:
        first = posts[0]
        target = Target(
            workspace=ws.key,
            platform=first.platform,
            channel_id=first.channel_id,
            user_id=first.user_id,
            thread_ts=first.thread_ts,
            reply_to=first.message_ts,
        )
        composed: list[tuple[ScheduledPost, View]] = []
        today = local_today(self.now, ws.tz)
        for post in posts:
            try:
                with self.store.unit_of_work(ws.key, actor="scheduler", now=self.now) as uow:
                    composer = Composer(uow, self.now, today, ws.tz, self.config)
                    composed.append((post, composer.compose(post)))
                if composer.destination is not None and len(posts) == 1:
                    # A channel post goes where its channel is now (the committee may have moved).
                    platform, channel = composer.destination
                    target = Target(workspace=ws.key, platform=platform, channel_id=channel)
            except Skip as exc:
                with self.store.session_factory() as session:
                    mark_skipped(session, post.id, self.worker, str(exc))
                self.report.skipped += 1
                self.report.lines.append(f"skipped {post.key}: {exc}")
            except Exception as exc:  # a bug or a database hiccup: log it, retry the post later
                # Without the error's text: it may quote the data being composed (names, updates).
                log_failure(log, "composing %s failed", post.key, exc=exc)
                self._retry(post, describe_error(exc))
        return composed, target

    def _still_held(
        self, composed: list[tuple[ScheduledPost, View]]
    ) -> list[tuple[ScheduledPost, View]]:
        """The posts whose claim this worker still holds: one that waited in the batch for
        longer than the lease may have been taken over, and is not sent. Claims stamped less
        than a third of the lease ago are held (no rival can take one before the lease is
        over); older ones are stamped afresh, which says whether they still are."""
        if not composed:
            return []
        ids = [post.id for post, _ in composed]
        now = self.clock()
        fresh = timedelta(seconds=self.config.lease_seconds / 3)
        old = [i for i in ids if i not in self.stamped or now - self.stamped[i] >= fresh]
        held = set(ids).difference(old).union(self._renew(old))
        for post, _ in composed:
            if post.id not in held:
                self.report.lost += 1
                log.warning("claim on %s was taken over before it was sent", post.key)
        return [(post, view) for post, view in composed if post.id in held]

    def _renew(self, ids: list[int]) -> list[int]:
        if not ids:
            return []
        now = self.clock()
        with self.store.session_factory() as session:
            held = renew(session, ids, self.worker, now)
        self.stamped.update(dict.fromkeys(held, now))
        return held

    def _failed(self, posts: list[ScheduledPost], target: Target, exc: Exception) -> None:
        """Record a failed send of ``posts``: given up, waiting, or to be retried."""
        # The platform's answer (Slack's error code, an HTTP status) says what went wrong.
        error = describe_error(exc) if isinstance(exc, SQLAlchemyError) else _platform_error(exc)
        log.warning("sending %s to %s failed: %s", posts[0].key, target.describe(), error)
        permanent = None if isinstance(exc, SQLAlchemyError) else permanent_error(exc)
        if permanent is None and not_reachable_yet(exc):
            self._wait(posts, error)
            return
        for post in posts:
            if permanent is not None:
                self._give_up(post, error, f"not retried: {permanent}")
            else:
                self._retry(post, error)

    def _wait(self, posts: list[ScheduledPost], error: str) -> None:
        """The target cannot be reached yet (the app is not installed there): try again
        later without using up an attempt, until the post can be sent or it expires."""
        later = self.now + timedelta(seconds=self.config.retry_delay_seconds)
        with self.store.session_factory() as session:
            release_unattempted(
                session, [p.id for p in posts], self.worker, error=error, next_attempt_at=later
            )
        for post in posts:
            self.report.retry += 1
            self.report.lines.append(
                f"waiting {post.key}: {error} (tried again until it can be sent or it "
                "expires; this does not count as a failed attempt)"
            )

    def _retry(self, post: ScheduledPost, error: str) -> None:
        """Try again after a delay that doubles with each attempt, or give up when the next
        try would come after the post expires (or after the last attempt allowed)."""
        # ``attempts`` counts this one (the claim did). The delay runs from the run's moment,
        # so runs replayed with --now retry at the moments they name.
        later = self.now + self.config.retry_delay(post.attempts)
        expires = post.expires_at
        if post.attempts >= self.config.max_attempts or (expires is not None and later >= expires):
            self._give_up(post, error, f"gave up after {post.attempts} attempts")
            log.warning("gave up on %s after %d attempts: %s", post.key, post.attempts, error)
            return
        with self.store.session_factory() as session:
            release_for_retry(session, post.id, self.worker, error, later)
        self.report.retry += 1
        self.report.lines.append(f"failed {post.key}: {error} (will retry)")

    def _give_up(self, post: ScheduledPost, error: str, why: str) -> None:
        """Mark a post failed: the platform refused it for good (a deactivated user, an
        archived channel...), or it failed until it could no longer go out in time."""
        with self.store.session_factory() as session:
            mark_failed(session, post.id, self.worker, error)
        self.report.failed += 1
        self.report.lines.append(f"failed {post.key}: {error} ({why})")


def _platform_error(exc: Exception) -> str:
    """A failed send as ``SlackApiError: <what Slack said>`` (one line)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
