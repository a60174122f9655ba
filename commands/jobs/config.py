"""How the scheduler behaves: when reminders go out, leases and retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class JobConfig:
    """Scheduler settings (the defaults suit a council team; tests shorten nothing)."""

    nudge_working_days: int = 3  # nudge this many working days before an action is due
    overdue_window_days: int = 7  # nudge about actions that fell overdue at most this long ago
    report_reminder_working_days: tuple[int, ...] = (5, 1)  # before a report deadline
    digest_weekday: int = 0  # Monday (or the week's first working day after it)
    lease_seconds: int = 600  # a claim older than this belongs to a dead worker
    retry_delay_seconds: int = 300  # the first retry's delay; it doubles with each failure...
    retry_max_delay_seconds: int = 7200  # ...up to this
    # A failing post is retried until its next try would come after it expires (a summary
    # stays valid until the next one is due); this cap only bounds a post that never expires.
    max_attempts: int = 100
    claim_batch: int = 25  # posts claimed per round
    digest_max_actions: int = 10  # actions listed in a digest before "and N more"
    digest_report_days: int = 28  # a digest lists reports that are late or due this soon

    def retry_delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed try: 5, 10, 20, 40 minutes... capped."""
        doubled = self.retry_delay_seconds * 2 ** min(max(attempts - 1, 0), 20)
        return timedelta(seconds=min(doubled, self.retry_max_delay_seconds))


DEFAULT_CONFIG = JobConfig()
