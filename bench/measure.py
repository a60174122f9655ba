"""Latency statistics, and process memory and CPU readings (from /proc, on Linux)."""

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
    # End to end only: CPU time per request of the server's processes, and of the whole
    # machine (server, load generator and database alike), over the measured requests.
    server_cpu_ms: float | None = None
    machine_cpu_ms: float | None = None

    def as_dict(self) -> dict[str, float]:
        """The figures as JSON-ready numbers (the CPU figures only where measured)."""
        return {
            k: round(v, 3) if isinstance(v, float) else v
            for k, v in asdict(self).items()
            if v is not None
        }


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


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """The largest (current RSS, peak RSS) in MB of a process and its descendants: with
    ``--workers N`` the figure per worker process, not their sum."""
    readings = [rss_mb(p) for p in _tree(pid)]
    return max(r[0] for r in readings), max(r[1] for r in readings)


_TICK_S = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01


def process_cpu_s(pid: int) -> float:
    """User plus system CPU seconds of one process, all its threads (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            # The command name (field 2) may hold spaces: count fields after its ")".
            fields = fh.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) * _TICK_S


def tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by a process and its living descendants (the worker processes
    of ``--workers N``)."""
    return sum(process_cpu_s(p) for p in _tree(pid))


def machine_busy_s() -> float:
    """CPU seconds every CPU of the machine has spent busy since boot (not idle, not waiting
    for I/O), from /proc/stat; 0 where there is no /proc."""
    try:
        with open("/proc/stat") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:]]
    except FileNotFoundError:
        return 0.0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    # user, nice, system, idle, iowait, irq, softirq; steal is not this machine's work, and
    # guest time is already counted in user time.
    return (sum(ticks[:7]) - idle) * _TICK_S
