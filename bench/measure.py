"""Latency statistics and process memory readings."""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Stats:
    """Latency percentiles (ms) and throughput of one scenario."""

    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput_per_s: float

    def as_dict(self) -> dict[str, float]:
        """The figures as JSON-ready numbers."""
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    qs = statistics.quantiles(sorted_values, n=100, method="inclusive")
    index = min(max(int(q) - 1, 0), len(qs) - 1)
    return qs[index]


def stats(latencies_s: Sequence[float], elapsed_s: float) -> Stats:
    """Stats from per-request latencies (seconds) and the wall time of the whole run."""
    ms = sorted(x * 1000 for x in latencies_s)
    return Stats(
        n=len(ms),
        p50_ms=percentile(ms, 50),
        p95_ms=percentile(ms, 95),
        p99_ms=percentile(ms, 99),
        throughput_per_s=len(ms) / elapsed_s if elapsed_s > 0 else 0.0,
    )


def rss_mb(pid: int | None = None) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    path = f"/proc/{pid or os.getpid()}/status"
    current = peak = 0.0
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return current, peak


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found.extend(int(c) for c in fh.read().split())
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """The largest (current RSS, peak RSS) in MB of a process and its descendants: with
    ``--workers N`` the figure per worker process, not their sum."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    readings = [rss_mb(p) for p in pids]
    return max(r[0] for r in readings), max(r[1] for r in readings)
