"""``csbot serve`` as a real process (uvicorn) against the fake Slack."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.cli import main
from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.serve_process import ROOT, free_port, serving


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def server(request: pytest.FixtureRequest, tmp_path: Path, fake: FakeSlack) -> Iterator[str]:
    with serving(tmp_path, fake, workers=request.param) as (base, _log):
        yield base


def test_csbot_serve_answers_signed_slack_requests(server: str, fake: FakeSlack) -> None:
    assert httpx.get(f"{server}/readyz", timeout=5).text == "ready"
    body = signing.slash_command(
        "/actions", "help", user="USERVE001", team=TEAM, response_url=fake.response_url()
    )
    answer = httpx.post(
        f"{server}/slack/events", content=body, headers=signing.signed_headers(body)
    )
    assert answer.status_code == 200
    payload = answer.json()
    assert payload["response_type"] == "ephemeral" and "/actions" in payload["text"]
    validate_message(payload)
    forged = signing.signed_headers(body, secret="wrong")
    assert httpx.post(f"{server}/slack/events", content=body, headers=forged).status_code == 401
    assert fake.of("users.info")[0].headers["authorization"] == "Bearer xoxb-serve"
    # Every worker process answers: a burst of commands all get their answer.
    for _ in range(6):
        again = httpx.post(
            f"{server}/slack/events", content=body, headers=signing.signed_headers(body)
        )
        assert again.status_code == 200 and "/actions" in again.json()["text"]


def test_serve_refuses_incomplete_slack_settings(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    slack_env: None,
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-no-secret")
    assert main(["serve", "--no-scheduler"]) == 1
    assert "SLACK_SIGNING_SECRET is required" in capsys.readouterr().err


def test_serve_refuses_zero_workers(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    slack_env: None,
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    assert main(["serve", "--workers", "0"]) == 1
    assert "--workers must be 1 or more" in capsys.readouterr().err


def test_every_worker_logs_lines_with_time_level_and_logger(
    tmp_path: Path, fake: FakeSlack
) -> None:
    """A worker of ``--workers N`` is a new process: its log was not set up, so its lines came
    bare (no time, level or logger) and only from WARNING up whatever ``-v`` said."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "SLACK_SIGNING_SECRET": signing.SECRET,
        "SLACK_BOT_TOKEN": "xoxb-serve",
        "SLACK_API_URL": fake.api_url,
    }
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1"]
    log = tmp_path / "serve.log"

    def said() -> list[str]:
        lines = log.read_text().splitlines()
        return [line for line in lines if "Teams is not configured" in line]

    with log.open("w") as out:
        process = subprocess.Popen(
            [*cmd, "--port", str(free_port()), "--no-scheduler", "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=out,
        )
        try:
            deadline = time.monotonic() + 30
            while len(said()) < 3 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            process.terminate()
            process.wait(15)
    assert len(said()) == 3, log.read_text()[-2000:]  # the parent, then each worker
    for line in said():
        assert " WARNING bot.server: Teams is not configured" in line and line[:4].isdigit()


def test_serve_refuses_a_port_in_use_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    slack_env: None,
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"Port {port} is in use" in err and "Traceback" not in err
    assert not (tmp_path / "serve.db").exists()  # refused before the database was opened
    assert main(["serve", "--host", "no-such-host.invalid", "--port", str(port)]) == 1
    assert "--host no-such-host.invalid is not an address" in capsys.readouterr().err
