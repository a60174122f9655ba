"""``csbot serve`` as a process of its own, for the tests that need what only a real server
shows (its workers, its log)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.slack import signing
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(tmp_path: Path, fake: FakeSlack, *, workers: int = 1) -> Iterator[tuple[str, Path]]:
    """``csbot serve`` on a free port, against ``fake`` Slack and a SQLite file in
    ``tmp_path``, until the block ends: its base URL and the file its output goes to. One
    backend is enough for these: the in-process tests run every flow on both."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "SLACK_SIGNING_SECRET": signing.SECRET,
        "SLACK_BOT_TOKEN": "xoxb-serve",
        "SLACK_API_URL": fake.api_url,
    }
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*cmd, "--no-scheduler", "--workers", str(workers)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"csbot serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.05)
        yield base, log
    finally:
        process.terminate()
        process.wait(10)
