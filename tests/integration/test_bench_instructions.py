"""bench/instructions.py: the apps it counts answer the signed commands it sends (each child
exits non-zero when a request fails), and bad arguments are refused before minutes of work.
valgrind itself is not run here (minutes): the children run as valgrind would start them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.core_scenarios import pick_subject
from bench.generate import generate
from storage.database import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import Store
from tests.integration.test_bench_smoke import TINY

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "instructions.py"


@pytest.mark.parametrize(
    ("app", "scenario"), [("floor", "kpi"), ("csbot", "kpi"), ("csbot", "actions_mine")]
)
def test_each_app_answers_the_commands_counted(tmp_path: Path, app: str, scenario: str) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    generate(engine, TINY, today=date(2026, 11, 22))
    engine.dispose()
    store = Store.from_url(url, upgrade=False)
    picked = pick_subject(store)
    store.engine.dispose()
    subject = json.dumps({"workspace": picked.workspace, "user": picked.user_id})
    env = {
        **os.environ,
        "SLACK_SIGNING_SECRET": "bench-signing-secret",
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "DATABASE_URL": url,
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--child", app, scenario, "3", subject],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_count_of_no_requests_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--requests", "0"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "--requests must be 1 or more, not 0" in done.stderr
