"""Several worker processes run the same due work at once: every post goes out once.

Three processes start together (on PostgreSQL through FOR UPDATE SKIP LOCKED, on SQLite
through its write lock) and each sends through a slow notifier that appends to one shared
file, so their runs overlap. One more process claims posts and dies in the middle of its
run; after the lease a later run sends what it left, and nothing is sent twice.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from commands.jobs.config import JobConfig
from commands.jobs.notifier import JsonLinesNotifier, NotifierRegistry, Target
from commands.jobs.runner import run_due
from commands.views import View
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import link_chat_user, make_person, make_plan, seeded
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-29 09:00")
PEOPLE = 40
FIRST = ("Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Lee", "Kim")
LAST = ("Archer", "Baker", "Carter", "Dyer", "Fletcher")


@dataclass
class SlowFileNotifier(JsonLinesNotifier):
    """Appends to the shared file after a pause, so that workers overlap.

    With a barrier, each worker holds its first send until every worker has claimed a batch
    of its own: on a loaded machine one worker could otherwise finish before the others have
    even planned, and the test would prove nothing about concurrent claims.
    """

    barrier: Any = None
    delay: float = 0.02

    def send(self, target: Target, view: View) -> None:
        if self.barrier is not None:
            barrier, self.barrier = self.barrier, None
            # A worker that found nothing to claim breaks the barrier; the overlap assertion
            # then reports it.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(60)
        time.sleep(self.delay)
        super().send(target, view)


class DyingNotifier(JsonLinesNotifier):
    """Dies (like a killed process) in the middle of its third send."""

    calls: int = 0

    def send(self, target: Target, view: View) -> None:
        self.calls += 1
        if self.calls == 3:
            os._exit(3)
        super().send(target, view)


def _worker(
    url: str, path: str, name: str, now_iso: str, start, results, dying: bool, barrier
) -> None:  # type: ignore[no-untyped-def]
    store = Store.from_url(url, upgrade=False)
    notifier = DyingNotifier(path) if dying else SlowFileNotifier(path, barrier)
    registry = NotifierRegistry({"slack": notifier})
    start.wait(30)
    report = run_due(store, registry, now=datetime.fromisoformat(now_iso), worker=name)
    results.put((name, report.sent, report.summary()))
    store.engine.dispose()


def _build_load(store: Store) -> None:
    """The CPAC world plus 40 officers on Slack, each with an action due soon and one overdue."""
    build_world(store)
    with seeded(store) as uow:
        rows = []
        for n in range(PEOPLE):
            name = f"{FIRST[n % 8]} {LAST[n // 8]}"
            link_chat_user(uow, "slack", f"U-{n:03d}", make_person(uow, name))
            rows.append(
                {
                    "ref": f"{n + 1}.1",
                    "title": f"Due soon {n}",
                    "lead": name,
                    "due": date(2016, 1, 4),
                }
            )
            rows.append(
                {
                    "ref": f"{n + 1}.2",
                    "title": f"Overdue {n}",
                    "lead": name,
                    "due": date(2015, 12, 24),
                }
            )
        make_plan(uow, "Load Plan", rows=rows)


@dataclass
class Runs:
    """What each surviving worker sent, and its run report in words."""

    sent: dict[str, int]
    accounts: dict[str, str]


def _run_workers(
    database: Database,
    path: Path,
    names: list[str],
    now: datetime,
    dying: str | None = None,
    overlap: bool = False,
) -> Runs:
    # Forked workers open their own connections (the parent disposed of its pool first).
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results = ctx.Queue()
    barrier = ctx.Barrier(len(names)) if overlap else None
    procs = [
        ctx.Process(
            target=_worker,
            args=(
                database.url,
                str(path),
                name,
                now.isoformat(),
                start,
                results,
                name == dying,
                barrier,
            ),
        )
        for name in names
    ]
    for p in procs:
        p.start()
    time.sleep(0.5)
    start.set()
    # Read every surviving worker's report before joining: Queue.empty() is not reliable
    # across processes, and a worker does not exit until its report has left the queue.
    sent: dict[str, int] = {}
    accounts: dict[str, str] = {}
    for _ in [n for n in names if n != dying]:
        name, count, account = results.get(timeout=120)
        sent[name] = count
        accounts[name] = account
    for p in procs:
        p.join(120)
    codes = {name: p.exitcode for name, p in zip(names, procs, strict=True)}
    for name, code in codes.items():
        assert code == (3 if name == dying else 0), f"worker {name} exited with {code}"
    return Runs(sent, accounts)


def _lines(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        target = post["target"]["channel_id"] or post["target"]["user_id"]
        view = post["view"]
        out.append((target, view.get("title") or view.get("heading")))
    return out


def test_parallel_workers_send_each_post_exactly_once(database: Database, tmp_path: Path) -> None:
    store = Store.from_url(database.url, upgrade=False)
    store.ensure_workspace("local", name="Local")
    _build_load(store)
    path = tmp_path / "posts.jsonl"
    store.engine.dispose()
    runs = _run_workers(database, path, ["w1", "w2", "w3"], NOW, overlap=True)
    sent = runs.sent
    lines = _lines(path)
    with store.session_factory() as session:
        posts = list(session.scalars(select(ScheduledPost)))
    # 40 due-soon nudges, 40 overdue nudges, 41 digests (40 officers and Dominic, who leads a
    # report), 1 digest for Margaret, and the 7-day summary.
    assert len(posts) == PEOPLE * 3 + 3
    assert {p.state for p in posts} == {"sent"}
    assert len(lines) == len(posts)
    duplicates = [k for k, n in Counter(lines).items() if n > 1]
    assert duplicates == []
    assert sum(sent.values()) == len(posts)
    # Each worker holds its first send until all three have claimed a batch (the barrier).
    assert all(n > 0 for n in sent.values()), f"the workers did not overlap: {runs.accounts}"
    assert [t for t, _ in lines].count("C-CPAC") == 1
    store.engine.dispose()


def test_a_worker_dying_mid_run_loses_and_repeats_nothing(
    database: Database, tmp_path: Path
) -> None:
    store = Store.from_url(database.url, upgrade=False)
    store.ensure_workspace("local", name="Local")
    _build_load(store)
    path = tmp_path / "posts.jsonl"
    # The doomed worker claims a batch, sends two posts and dies sending the third; two more
    # workers then run at the same moment and send everything else.
    store.engine.dispose()
    _run_workers(database, path, ["doomed"], NOW, dying="doomed")
    store.engine.dispose()
    _run_workers(database, path, ["w2", "w3"], NOW)
    with store.session_factory() as session:
        left = [p for p in session.scalars(select(ScheduledPost)) if p.state != "sent"]
    # The dead worker's claimed posts wait for its lease; then one run sends them.
    assert len(left) == JobConfig().claim_batch - 2
    assert all(p.claimed_by == "doomed" for p in left)
    later = NOW + timedelta(seconds=JobConfig().lease_seconds + 60)
    store.engine.dispose()
    _run_workers(database, path, ["w3", "w4"], later)
    with store.session_factory() as session:
        posts = list(session.scalars(select(ScheduledPost)))
    assert {p.state for p in posts} == {"sent"}
    lines = _lines(path)
    assert len(lines) == len(posts) == PEOPLE * 3 + 3
    assert [k for k, n in Counter(lines).items() if n > 1] == []
    store.engine.dispose()
