"""The floor app: an empty acknowledgement, or (with FLOOR_ANSWERS) a fixed answer per command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bench.floor_app import build_app
from bench.load import sign
from tests.slack.fake_slack import FakeSlack

SECRET = "floor-test-secret"


def post(client: TestClient, command: str, secret: str = SECRET) -> tuple[int, bytes]:
    body = f"command={command.replace('/', '%2F')}&text=mine&team_id=T1&user_id=U1"
    response = client.post("/slack/events", content=body, headers=sign(secret, body))
    return response.status_code, response.content


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    # Bolt checks the floor's token (auth.test) on the first request: a local fake answers.
    fake = FakeSlack().start()
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    monkeypatch.delenv("FLOOR_ANSWERS", raising=False)
    yield monkeypatch
    fake.stop()


def test_the_floor_acknowledges_with_nothing(env: pytest.MonkeyPatch) -> None:
    with TestClient(build_app()) as client:
        assert post(client, "/actions") == (200, b"")
        # It is a real Bolt app: an unsigned request is refused.
        assert post(client, "/actions", secret="wrong")[0] == 401


def test_with_answers_each_command_is_acknowledged_with_its_own(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = {
        "/actions": {
            "response_type": "ephemeral",
            "text": "2 actions",
            "blocks": [{"type": "divider"}],
        },
        "/kpi": {"response_type": "ephemeral", "text": "PEP 91%"},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    env.setenv("FLOOR_ANSWERS", str(path))
    with TestClient(build_app()) as client:
        for command, answer in answers.items():
            status, content = post(client, command)
            assert status == 200 and json.loads(content) == answer
        # A command without an answer is acknowledged empty, as by the bare floor.
        assert post(client, "/meeting") == (200, b"")
