"""The core handlers alone, timed in-process: no HTTP, no Slack, the real store."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select

from bench.measure import Stats, stats
from commands.context import Caller, MessageContext
from commands.core import Core
from storage.models import Committee, Meeting, Person, PlanChannel, Workspace
from storage.unit_of_work import Store


@dataclass(frozen=True)
class Subject:
    """The workspace, person and channel the scenarios act in."""

    workspace: str
    user_id: str
    channel_id: str
    meeting: str


def pick_subject(store: Store, index: int | None = None) -> Subject:
    """A workspace in the middle of the data set, its first plan's channel, a lead in it."""
    with store.session_factory() as s:
        keys = list(s.scalars(select(Workspace.key).order_by(Workspace.id)))
        key = keys[len(keys) // 2 if index is None else index]
        ws_id = s.scalar(select(Workspace.id).where(Workspace.key == key))
        person_id = s.scalar(
            select(Person.id).where(Person.workspace_id == ws_id).order_by(Person.id).limit(1)
        )
        channel = s.scalar(
            select(PlanChannel.channel_id)
            .where(PlanChannel.workspace_id == ws_id)
            .order_by(PlanChannel.id)
            .limit(1)
        )
        meeting = s.execute(
            select(Committee.initials, Meeting.meeting_date)
            .join(Meeting, Meeting.committee_id == Committee.id)
            .where(Meeting.workspace_id == ws_id)
            .order_by(Meeting.meeting_date.desc())
            .limit(1)
        ).first()
    return Subject(
        workspace=key,
        user_id=f"U{person_id:07d}",
        channel_id=channel or "",
        meeting=f"{meeting[0]} {meeting[1].isoformat()}" if meeting else "",
    )


def _msg(subject: Subject, *, channel: str | None = None, message_id: str | None = None):
    return MessageContext(
        workspace=subject.workspace,
        caller=Caller(platform="slack", user_id=subject.user_id),
        channel_id=channel,
        message_id=message_id,
    )


def _time(fn: Callable[[], object], n: int, warmup: int = 5) -> Stats:
    for _ in range(warmup):
        fn()
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        latencies.append(time.perf_counter() - t0)
    return stats(latencies, time.perf_counter() - started)


def _expect(outcome: object, scenario: str) -> None:
    if outcome is None:
        raise RuntimeError(f"{scenario}: the core ignored the message")
    reply = getattr(outcome, "reply", None)
    if getattr(reply, "kind", "") == "notice" and getattr(reply, "level", "") == "error":
        raise RuntimeError(f"{scenario}: {reply.text}")  # type: ignore[union-attr]


def run_core_scenarios(
    core: Core,
    subject: Subject,
    n: int,
    *,
    n_summary: int | None = None,
    n_ingest: int | None = None,
) -> dict[str, Stats]:
    """Time each core scenario ``n`` times: the summary ``n_summary`` times (default ``n``),
    ingest ``n_ingest`` times one at a time and as many again on threads (default ``n``, and
    at least 300, enough updates for a steady rate)."""
    results: dict[str, Stats] = {}
    summaries = n if n_summary is None else n_summary
    updates = max(n, 300) if n_ingest is None else n_ingest

    def command(text: str, scenario: str) -> Callable[[], object]:
        def go() -> object:
            out = core.handle(_msg(subject), text)
            _expect(out, scenario)
            return out

        return go

    results["actions_mine"] = _time(command("/actions mine", "actions_mine"), n)
    results["actions_overdue"] = _time(command("/actions overdue", "actions_overdue"), n)
    results["kpi"] = _time(command("/kpi pep", "kpi"), n)
    if subject.meeting:
        prep = command(f"/meeting prep {subject.meeting}", "summary")
        results["summary"] = _time(prep, summaries)

    counter = itertools.count()

    def ingest() -> object:
        i = next(counter)
        out = core.handle(
            _msg(subject, channel=subject.channel_id, message_id=f"{time.time():.6f}.{i}"),
            f"1.1: bench progress note {i} #on-track",
        )
        _expect(out, "ingest")
        return out

    results["ingest"] = _time(ingest, updates, warmup=2)
    results["ingest_concurrent"] = _time_concurrent(ingest, updates, core_threads())
    return results


def core_threads() -> int:
    """The threads one `csbot serve` process runs the core on (``CSBOT_CORE_THREADS``)."""
    from bot.config import Settings

    return Settings().csbot_core_threads


def _time_concurrent(fn: Callable[[], object], n: int, threads: int) -> Stats:
    """``n`` calls of ``fn`` on ``threads`` threads at once, as one server process runs the
    core when events arrive together: each call's latency, and the calls per second."""

    def timed(_: int) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    with ThreadPoolExecutor(threads, thread_name_prefix="bench-core") as pool:
        list(pool.map(timed, range(threads * 2)))  # warm-up: every thread's connection
        started = time.perf_counter()
        latencies = list(pool.map(timed, range(n)))
        elapsed = time.perf_counter() - started
    return stats(latencies, elapsed)
