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

from commands.dates import local_today
from commands.jobs.compose import Composer, Skip
from commands.jobs.config import DEFAULT_CONFIG, JobConfig
from commands.jobs.notifier import NotifierRegistry, Target
from commands.jobs.outbox import claim, enqueue, expire, mark_sent, mark_skipped, release_failed
from commands.jobs.planner import Planner
from commands.jobs.working_days import is_send_time, why_waiting
from storage.models import ScheduledPost, utcnow
from storage.unit_of_work import Store

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    """A name for this worker that no other process shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class RunReport:
    """What one run did."""

    planned: int = 0
    sent: int = 0
    skipped: int = 0
    retry: int = 0
    lost: int = 0
    quiet: list[str] = field(default_factory=list)  # keys of workspaces outside sending time
    waiting: list[str] = field(default_factory=list)  # why, and until when, in words
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A short account for the command line and the log."""
        head = (
            f"Planned {self.planned} new post{'s' if self.planned != 1 else ''}; sent {self.sent}, "
            f"skipped {self.skipped}, to retry {self.retry}."
        )
        if self.waiting:
            head += " " + " ".join(self.waiting)
        return "\n".join([head, *self.lines])


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
    for key in workspaces or store.workspace_keys():
        with store.unit_of_work(key, actor="scheduler", now=now) as uow:
            tz = uow.workspace.timezone or default_timezone
            planner = Planner(uow.repos, uow.workspace, now, local_today(now, tz), tz, config)
            report.planned += enqueue(uow.session, uow.workspace_id, planner.plan(), now)
            uow.commit()
            known[uow.workspace_id] = _Workspace(key, tz, uow.workspace.name)
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
        for post_id in ids:
            _deliver(store, notifiers, post_id, worker, now, config, known, report)
    return report


def _deliver(
    store: Store,
    notifiers: NotifierRegistry,
    post_id: int,
    worker: str,
    now: datetime,
    config: JobConfig,
    known: dict[int, _Workspace],
    report: RunReport,
) -> None:
    with store.session_factory() as session:
        post = session.get(ScheduledPost, post_id)
        session.expunge_all()
    assert post is not None
    ws = known[post.workspace_id]
    target = Target(
        workspace=ws.key, platform=post.platform, channel_id=post.channel_id, user_id=post.user_id
    )
    try:
        with store.unit_of_work(ws.key, actor="scheduler", now=now) as uow:
            composer = Composer(uow, now, local_today(now, ws.tz), ws.tz, config)
            view = composer.compose(post)
    except Skip as exc:
        with store.session_factory() as session:
            mark_skipped(session, post_id, worker, str(exc))
        report.skipped += 1
        report.lines.append(f"skipped {post.key}: {exc}")
        return
    except Exception as exc:  # a bug or a database hiccup: log it, retry the post later
        log.exception("composing %s failed", post.key)
        with store.session_factory() as session:
            release_failed(session, post_id, worker, now, f"{type(exc).__name__}: {exc}", config)
        report.retry += 1
        report.lines.append(f"failed {post.key}: {exc} (will retry)")
        return
    try:
        notifiers.send(target, view)
    except Exception as exc:  # any platform failure: retry later, never crash the run
        log.warning("sending %s to %s failed: %s", post.key, target.describe(), exc)
        with store.session_factory() as session:
            release_failed(session, post_id, worker, now, f"{type(exc).__name__}: {exc}", config)
        report.retry += 1
        report.lines.append(f"failed {post.key}: {exc} (will retry)")
        return
    with store.session_factory() as session:
        if mark_sent(session, post_id, worker, now):
            report.sent += 1
            report.lines.append(f"sent {post.key} to {target.describe()}")
        else:
            report.lost += 1
            log.warning("claim on %s was taken over before it was marked sent", post.key)
