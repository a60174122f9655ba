"""How the scheduler behaves: when reminders go out, leases and retries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JobConfig:
    """Scheduler settings (the defaults suit a council team; tests shorten nothing)."""

    nudge_working_days: int = 3  # nudge this many working days before an action is due
    overdue_window_days: int = 7  # nudge about actions that fell overdue at most this long ago
    report_reminder_working_days: tuple[int, ...] = (5, 1)  # before a report deadline
    digest_weekday: int = 0  # Monday (or the week's first working day after it)
    lease_seconds: int = 600  # a claim older than this belongs to a dead worker
    retry_delay_seconds: int = 300  # wait this long before retrying a failed send
    max_attempts: int = 5  # then the post is marked failed
    claim_batch: int = 25  # posts claimed per round
    digest_max_actions: int = 10  # actions listed in a digest before "and N more"


DEFAULT_CONFIG = JobConfig()
