"""The benchmark's generator and core scenarios run (at a tiny scale) on both backends."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

from sqlalchemy import inspect

from bench.core_scenarios import core_threads, pick_subject, run_core_scenarios
from bench.generate import Scale, count_rows, generate
from bench.run import database_calibration, e2e_phase
from commands.core import Core
from storage.database import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import Store
from tests.conftest import Database

TINY = Scale(
    workspaces=2,
    actions=120,
    updates=600,
    kpi_values=80,
    meetings=8,
    people_per_workspace=10,
    plans_per_workspace=2,
    indicators_per_workspace=4,
)


def test_generate_and_time_core_scenarios(database: Database) -> None:
    engine = make_engine(database.url)
    generate(engine, TINY, today=date(2026, 11, 22))
    rows = count_rows(engine)
    assert rows == {
        "workspace": 2,
        "action": 120,
        "action_update": 600,
        "indicator_value": 80,
        "meeting": 8,
    }
    store = Store(engine)
    subject = pick_subject(store)
    results = run_core_scenarios(Core(store), subject, 3)
    assert {
        "actions_mine",
        "actions_overdue",
        "kpi",
        "summary",
        "ingest",
        "ingest_concurrent",
    } <= set(results)
    assert all(r.n >= 3 and r.p50_ms > 0 for r in results.values())
    # Ingest is durable: each timed update, sequential or concurrent, is a committed row.
    logged = results["ingest"].n + results["ingest_concurrent"].n
    assert count_rows(engine)["action_update"] >= 600 + logged
    engine.dispose()


def test_core_scenarios_take_their_own_counts(database: Database) -> None:
    # Quick mode times the summary and ingest fewer times than the rest (bench/run.py).
    engine = make_engine(database.url)
    generate(engine, TINY, today=date(2026, 11, 22))
    store = Store(engine)
    before = count_rows(engine)["action_update"]
    results = run_core_scenarios(Core(store), pick_subject(store), 4, n_summary=2, n_ingest=3)
    assert {name: r.n for name, r in results.items()} == {
        "actions_mine": 4,
        "actions_overdue": 4,
        "kpi": 4,
        "summary": 2,
        "ingest": 3,
        "ingest_concurrent": 3,
    }
    # Each timed update and each warm-up one (2 alone, 2 per thread together) was logged.
    warmups = 2 + 2 * core_threads()
    assert count_rows(engine)["action_update"] == before + 3 + 3 + warmups
    engine.dispose()


def test_end_to_end_phase_runs_serve_and_the_floor(tmp_path: Path) -> None:
    # SQLite only: the phase starts real server processes, which is slow enough once.
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    generate(engine, TINY, today=date.today())
    subject = pick_subject(Store(engine))
    updates_before = count_rows(engine)["action_update"]
    out = asyncio.run(e2e_phase(url, subject, n=12, concurrency=4, logdir=tmp_path, workers=1))
    assert "server_error" not in out, out.get("server_error")
    # Every channel update sent as a signed event was logged before it was answered: two
    # rounds of 12, each after a warm-up of 8 (two per concurrent sender).
    assert count_rows(engine)["action_update"] == updates_before + 2 * (12 + 8)
    engine.dispose()
    # csbot finished what it started after answering (progress replies to the fake Slack)
    # before it stopped: nothing was cut off at shutdown.
    assert "still running at shutdown" not in (tmp_path / "serve.log").read_text()
    for name in (
        "floor",
        "actions_mine",
        "kpi",
        "answer_only_actions_mine",
        "answer_only_kpi",
        "actions_overdue",
        "summary",
        "ingest",
    ):
        assert out[name].n == 12 and out[name].p99_ms > 0
        # CPU per request of the server answering, and of the machine, were measured.
        assert out[name].server_cpu_ms is not None and out[name].machine_cpu_ms is not None
    # (Read in 10 ms ticks: a dozen requests of csbot's use a few of them.)
    assert out["actions_mine"].server_cpu_ms + out["kpi"].server_cpu_ms > 0
    # The answer-only reference sent csbot's own answers, taken from csbot.
    answers = json.loads((tmp_path / "answers.json").read_text())
    assert set(answers) == {"/actions", "/kpi"}
    assert all(a["blocks"] and a["response_type"] == "ephemeral" for a in answers.values())
    # The start-up figure is the time to the first answered command of a fresh process.
    assert 0 < out["startup_s"] < 30
    assert 20 < out["peak_rss_mb"] < 1000


def test_database_calibration_measures_and_leaves_nothing_behind(database: Database) -> None:
    figures = database_calibration(database.url, n=5)
    assert set(figures) == {"roundtrip_ms", "commit_ms"}
    assert all(value > 0 for value in figures.values())
    engine = make_engine(database.url)
    assert "bench_calibration" not in inspect(engine).get_table_names()
    engine.dispose()
