"""The scheduler inside ``csbot serve``: runs due work every minute in a background thread.

APScheduler provides the timer (one job, never overlapping itself, missed runs coalesced);
the database provides the rest: the outbox's unique keys and claims make several serve
processes sharing one database send each post once. The job store stays in memory because
nothing about the schedule needs persisting: what is due is computed from the data each run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from commands.jobs.config import DEFAULT_CONFIG, JobConfig
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import default_worker_id, run_due
from commands.safe_log import log_failure
from storage.models import utcnow
from storage.unit_of_work import Store

log = logging.getLogger(__name__)
JOB_ID = "csbot-run-due"


def tick(
    store: Store,
    notifiers: NotifierRegistry,
    *,
    clock: Callable[[], datetime] = utcnow,
    config: JobConfig = DEFAULT_CONFIG,
    worker: str,
    default_timezone: str = "Europe/London",
) -> None:
    """One scheduled run; errors are logged so the scheduler keeps going."""
    try:
        report = run_due(
            store,
            notifiers,
            now=clock(),
            clock=clock,
            config=config,
            worker=worker,
            default_timezone=default_timezone,
        )
        if report.sent or report.retry or report.planned or report.revived or report.failed:
            log.info("scheduled work: %s", report.summary().splitlines()[0])
        if report.planned:  # new posts were planned (about once a morning): say it then
            # By refs only: the run report's reasons name people, which a log must not.
            for line in report.unreachable_refs:
                log.warning("scheduled work: %s", line)
    except Exception as exc:
        # The error's class and where it was raised, never its text (a database error can
        # quote a row's values).
        log_failure(log, "scheduled work failed; it will be retried on the next run", exc=exc)


def start_scheduler(
    store: Store,
    notifiers: NotifierRegistry,
    *,
    interval_seconds: float = 60,
    clock: Callable[[], datetime] = utcnow,
    config: JobConfig = DEFAULT_CONFIG,
    default_timezone: str = "Europe/London",
) -> BackgroundScheduler:
    """Start running due work every ``interval_seconds``; call ``.shutdown()`` to stop."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=interval_seconds),
        kwargs={
            "store": store,
            "notifiers": notifiers,
            "clock": clock,
            "config": config,
            "worker": default_worker_id(),
            "default_timezone": default_timezone,
        },
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    scheduler.start()
    return scheduler
