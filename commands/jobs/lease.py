"""Keeping a claim alive while a send is under way, and the clock claims are stamped with.

A send can be held up for longer than the claim lease (Slack's and Teams' ``Retry-After``).
Without a renewal another worker would take the stale claim over and post the same message
again, so while a send lasts its claims are stamped again every third of the lease. The
renewals stop when the worker does, so a dead worker's claims still go stale.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from commands.safe_log import log_failure

log = logging.getLogger(__name__)


def running_clock(
    start: datetime, ticker: Callable[[], float] = time.monotonic
) -> Callable[[], datetime]:
    """The current time during a run that began at ``start``: ``start`` plus the real time
    elapsed since (so with ``--now`` claims are stamped in the moment being played)."""
    began = ticker()

    def now() -> datetime:
        return start + timedelta(seconds=ticker() - began)

    return now


@contextmanager
def kept_alive(renew: Callable[[], object], every_seconds: float) -> Iterator[None]:
    """Call ``renew`` every ``every_seconds`` in a background thread until the block ends."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_seconds):
            try:
                renew()
            except Exception as exc:  # the send goes on; the next beat tries again
                log_failure(log, "renewing a claim failed", exc=exc, level=logging.WARNING)

    thread = threading.Thread(target=beat, name="csbot-claim-renewal", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
