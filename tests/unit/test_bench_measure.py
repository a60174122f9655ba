"""The benchmark's readings: percentiles, and CPU time of a process tree and of the machine."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.measure import (
    Stats,
    machine_busy_s,
    percentile,
    process_cpu_s,
    stats,
    tree_cpu_s,
)
from bench.run import _row, cpu_ratio

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

# A child that says it is ready, waits for a line on its stdin, burns CPU for about 0.4 s,
# then sleeps until it is stopped.
BURN = (
    "import sys, time\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
    "end = time.process_time() + 0.4\n"
    "while time.process_time() < end:\n"
    "    pass\n"
    "print('done', flush=True)\n"
    "time.sleep(60)\n"
)


def test_percentiles_and_throughput() -> None:
    s = stats([i / 1000 for i in range(1, 101)], elapsed_s=2.0)
    assert (s.n, s.throughput_per_s) == (100, 50.0)
    assert s.p50_ms == pytest.approx(50.5)
    assert s.p99_ms == pytest.approx(99.01)
    assert percentile([], 50) == 0.0
    # Core scenarios carry no CPU figures, and their JSON has none.
    assert "server_cpu_ms" not in s.as_dict()


def test_tree_cpu_counts_the_children_of_a_server() -> None:
    # A parent that only waits, with a child doing the work: as uvicorn with --workers.
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BURN!r}])",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert parent.stdin is not None and parent.stdout is not None
        # The first reading is taken while the child waits, however loaded the machine is.
        assert parent.stdout.readline().strip() == b"ready"
        before = tree_cpu_s(parent.pid)
        parent.stdin.write(b"go\n")
        parent.stdin.flush()
        assert parent.stdout.readline().strip() == b"done"
        used = tree_cpu_s(parent.pid) - before
        # The child's 0.4 s is counted; the parent alone used next to nothing.
        assert 0.35 < used < 2.0
        assert process_cpu_s(parent.pid) < 0.3
    finally:
        parent.kill()
        parent.wait()
    assert process_cpu_s(parent.pid) == 0.0  # gone: read as nothing, not an error


def test_machine_busy_time_grows_with_work() -> None:
    before = machine_busy_s()
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    assert machine_busy_s() - before >= 0.2


def test_report_row_and_json_ratios_of_cpu_per_request() -> None:
    floor = Stats(100, 5.0, 6.0, 7.0, 2000.0, server_cpu_ms=0.5, machine_cpu_ms=1.0)
    mine = Stats(100, 30.0, 40.0, 35.0, 400.0, server_cpu_ms=3.5, machine_cpu_ms=4.0)
    row = _row("actions_mine", mine, floor)
    assert "5.00x" in row and "3.50 ms (  7.0x)" in row and "4.00 ms (  4.0x)" in row
    assert cpu_ratio(mine.as_dict(), floor.as_dict(), "server_cpu_ms") == 7.0
    # Not measured on one side: no ratio rather than a made-up one.
    bare = Stats(100, 5.0, 6.0, 7.0, 2000.0)
    assert cpu_ratio(mine.as_dict(), bare.as_dict(), "machine_cpu_ms") is None
    assert _row("floor", bare, bare).rstrip().endswith("1.00x")


def test_json_holds_the_contract_and_the_cpu_ratios() -> None:
    from bench.run import flat_json

    def figures(p99: float, **cpu: float) -> dict[str, float]:
        return Stats(200, p99 / 2, p99 * 0.9, p99, 1000 / p99, **cpu).as_dict()

    core = {k: figures(1.0) for k in ("actions_mine", "actions_overdue", "kpi", "summary")}
    core["ingest"] = figures(2.0)
    e2e = {
        "floor": figures(5.0, server_cpu_ms=0.4, machine_cpu_ms=0.8),
        "actions_mine": figures(30.0, server_cpu_ms=3.2, machine_cpu_ms=4.0),
        "kpi": figures(20.0, server_cpu_ms=2.0, machine_cpu_ms=3.2),
        "answer_only_actions_mine": figures(6.0, server_cpu_ms=0.6, machine_cpu_ms=1.0),
        "ingest": figures(15.0, server_cpu_ms=2.0, machine_cpu_ms=3.0),
        "startup_s": 0.6,
        "floor_startup_s": 0.3,
        "peak_rss_mb": 95.0,
        "steady_rss_mb": 94.0,
    }
    results = {
        "mode": "quick",
        "calibration_s": 0.06,
        "concurrency": 16,
        "core_threads": 2,
        "workers": 2,
        "backends": {"sqlite": {"core": core, "e2e": e2e}},
    }
    out = flat_json(results)
    for name in ("actions_mine", "actions_overdue", "kpi", "ingest", "summary", "floor"):
        assert {"p50_ms", "p95_ms", "p99_ms", "throughput_per_s"} <= set(out[name])
    assert out["actions_mine"]["ratio_p99_to_floor"] == 6.0
    assert out["actions_mine"]["server_cpu_ratio_to_floor"] == 8.0
    assert out["actions_mine"]["machine_cpu_ratio_to_floor"] == 5.0
    assert out["actions_mine"]["answer_only"]["server_cpu_ratio_to_floor"] == 1.5
    assert out["kpi"]["ratio_p99_to_floor"] == 4.0
    assert out["ingest"]["ratio_p99_to_floor"] == 3.0
    assert "ratio_p99_to_floor" not in out["actions_overdue"]  # no end-to-end run of it
    assert (out["startup_s"], out["peak_rss_mb"]) == (0.6, 95.0)


def test_channel_messages_are_each_a_new_signed_event() -> None:
    import json

    from bench.fake_slack import FakeSlack
    from bench.load import ChannelMessage, Slash, sign

    message = ChannelMessage("1.1: note {n} #on-track", "T1", "U1", "C1")
    first, second = (json.loads(message.body(FakeSlack(), "k")) for _ in range(2))
    assert first["type"] == "event_callback" and first["team_id"] == "T1"
    assert first["event"]["channel"] == "C1" and first["event"]["user"] == "U1"
    assert first["event"]["ts"] != second["event"]["ts"]
    assert first["event_id"] != second["event_id"]
    assert first["event"]["text"] != second["event"]["text"]
    assert first["event"]["text"].startswith("1.1: note ")
    assert sign("s", "{}", content_type=message.content_type)["Content-Type"] == (
        "application/json"
    )
    assert Slash.content_type == "application/x-www-form-urlencoded"
