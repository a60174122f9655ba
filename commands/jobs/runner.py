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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from commands.dates import local_today
from commands.jobs.compose import Composer, Skip, merge_for_person
from commands.jobs.config import DEFAULT_CONFIG, JobConfig
from commands.jobs.notifier import NotifierRegistry, Target, permanent_error
from commands.jobs.outbox import (
    claim,
    enqueue,
    expire,
    mark_failed,
    mark_sent,
    mark_skipped,
    release_failed,
)
from commands.jobs.planner import Planner, unreachable_words
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

    def summary(self, unserved_hint: str = "") -> str:
        """A short account for the command line and the log; ``unserved_hint`` follows the
        reason posts wait for an unconfigured platform (e.g. "use --to-file to see them")."""
        sent = f"sent {self.sent}"
        if self.messages and self.messages != self.sent:
            sent += f" (in {self.messages} messages)"
        head = (
            f"Planned {self.planned} new post{'s' if self.planned != 1 else ''}; {sent}, "
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
    config: JobConfig = DEFAULT_CONFIG,
    worker: str | None = None,
    workspaces: Sequence[str] | None = None,
    default_timezone: str = "Europe/London",
) -> RunReport:
    """Plan and send everything due at ``now`` (default: the current time)."""
    now = now or utcnow()
    worker = worker or default_worker_id()
    report = RunReport()
    known: dict[int, _Workspace] = {}
    unreachable: dict[str, list[str]] = {}
    for key in workspaces or store.workspace_keys():
        with store.unit_of_work(key, actor="scheduler", now=now) as uow:
            tz = uow.workspace.timezone or default_timezone
            planner = Planner(uow.repos, uow.workspace, now, local_today(now, tz), tz, config)
            report.planned += enqueue(uow.session, uow.workspace_id, planner.plan(), now)
            uow.commit()
            known[uow.workspace_id] = _Workspace(key, tz, uow.workspace.name)
            unreachable[key] = unreachable_words(planner.unreachable, config.overdue_window_days)
    for ws in known.values():
        for line in unreachable[ws.key]:
            named = f"In {ws.name or ws.key}, " + line[0].lower() + line[1:]
            report.unreachable.append(named if len(known) > 1 else line[0].upper() + line[1:])
    with store.session_factory() as session, session.begin():
        report.skipped += expire(session, now, config, list(known))
    sendable = [wid for wid, ws in known.items() if is_send_time(now, ws.tz)]
    quiet = [ws for wid, ws in known.items() if wid not in sendable]
    report.quiet = [ws.key for ws in quiet]
    report.waiting = _waiting_words(quiet, now, named=len(known) > 1)
    while True:
        with store.session_factory() as session:
            ids = claim(
                store.engine,
                session,
                worker=worker,
                now=now,
                workspace_ids=sendable,
                platforms=notifiers.platforms(),
                config=config,
            )
        if not ids:
            break
        for group in _groups(store, ids):
            _deliver(store, notifiers, group, worker, now, config, known, report)
    report.unserved = _unserved(store, now, list(known), notifiers.platforms())
    return report


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
        posts = [p for p in (session.get(ScheduledPost, i) for i in ids) if p is not None]
        session.expunge_all()
    groups: dict[tuple[object, ...], list[ScheduledPost]] = {}
    for post in posts:
        key: tuple[object, ...] = ("post", post.id)
        if post.kind in PER_PERSON and post.user_id:
            key = ("person", post.workspace_id, post.platform, post.user_id, PER_PERSON[post.kind])
        groups.setdefault(key, []).append(post)
    return list(groups.values())


def _deliver(
    store: Store,
    notifiers: NotifierRegistry,
    posts: list[ScheduledPost],
    worker: str,
    now: datetime,
    config: JobConfig,
    known: dict[int, _Workspace],
    report: RunReport,
) -> None:
    """Compose a group of posts for one target, send them as one message, record each."""
    first = posts[0]
    ws = known[first.workspace_id]
    target = Target(
        workspace=ws.key,
        platform=first.platform,
        channel_id=first.channel_id,
        user_id=first.user_id,
    )
    composed: list[tuple[ScheduledPost, View]] = []
    today = local_today(now, ws.tz)
    for post in posts:
        try:
            with store.unit_of_work(ws.key, actor="scheduler", now=now) as uow:
                composer = Composer(uow, now, today, ws.tz, config)
                composed.append((post, composer.compose(post)))
            if composer.destination is not None and len(posts) == 1:
                # A channel post goes where its channel is now (the committee may have moved).
                platform, channel = composer.destination
                target = Target(workspace=ws.key, platform=platform, channel_id=channel)
        except Skip as exc:
            with store.session_factory() as session:
                mark_skipped(session, post.id, worker, str(exc))
            report.skipped += 1
            report.lines.append(f"skipped {post.key}: {exc}")
        except Exception as exc:  # a bug or a database hiccup: log it, retry the post later
            # Without the error's text: it may quote the data being composed (names, updates).
            log_failure(log, "composing %s failed", post.key, exc=exc)
            _retry(store, post, worker, now, config, report, describe_error(exc))
    if not composed:
        return
    view = merge_for_person([view for _, view in composed], today)
    try:
        notifiers.send(target, view)
    except Exception as exc:  # any platform failure: retry later, never crash the run
        # The platform's answer (Slack's error code, an HTTP status) says what went wrong.
        error = describe_error(exc) if isinstance(exc, SQLAlchemyError) else _platform_error(exc)
        log.warning("sending %s to %s failed: %s", first.key, target.describe(), error)
        permanent = None if isinstance(exc, SQLAlchemyError) else permanent_error(exc)
        for post, _ in composed:
            if permanent is not None:
                _give_up(store, post, worker, report, error, permanent)
            else:
                _retry(store, post, worker, now, config, report, error)
        return
    report.messages += 1
    moved: dict[str, str | None] = {}
    if (target.platform, target.channel_id) != (first.platform, first.channel_id):
        moved = {"platform": target.platform, "channel_id": target.channel_id}  # as it went
    for post, _ in composed:
        with store.session_factory() as session:
            if mark_sent(session, post.id, worker, now, **moved):
                report.sent += 1
                report.lines.append(f"sent {post.key} to {target.describe()}")
            else:
                report.lost += 1
                log.warning("claim on %s was taken over before it was marked sent", post.key)


def _retry(
    store: Store,
    post: ScheduledPost,
    worker: str,
    now: datetime,
    config: JobConfig,
    report: RunReport,
    error: str,
) -> None:
    with store.session_factory() as session:
        release_failed(session, post.id, worker, now, error, config)
    if post.attempts >= config.max_attempts:  # ``attempts`` counts this one (the claim did)
        report.failed += 1
        report.lines.append(f"failed {post.key}: {error} (gave up after {post.attempts} attempts)")
        log.warning("gave up on %s after %d attempts: %s", post.key, post.attempts, error)
        return
    report.retry += 1
    report.lines.append(f"failed {post.key}: {error} (will retry)")


def _give_up(
    store: Store, post: ScheduledPost, worker: str, report: RunReport, error: str, why: str
) -> None:
    """Mark a post failed at once: the platform refused it for good (a deactivated user, an
    archived channel...), so retrying would only fail again."""
    with store.session_factory() as session:
        mark_failed(session, post.id, worker, error)
    report.failed += 1
    report.lines.append(f"failed {post.key}: {error} (not retried: {why})")


def _platform_error(exc: Exception) -> str:
    """A failed send as ``SlackApiError: <what Slack said>`` (one line)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
