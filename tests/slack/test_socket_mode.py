"""Socket Mode: with SLACK_APP_TOKEN the app connects out to Slack and answers over it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import parse_qsl

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.conftest import JACKIE, history
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.fake_socket import FakeSocketMode


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    fake.socket_url = server.url
    yield server
    server.stop()


def _socket_app(world: Store, fake: FakeSlack, now: datetime) -> Starlette:
    """csbot serving over Socket Mode alone (no signing secret), against the fake Slack."""
    settings = Settings(
        database_url="sqlite://",
        slack_app_token="xapp-1-test",
        slack_bot_token="xoxb-socket",
        slack_api_url=fake.api_url,
    )
    return build_app(settings, world, core=Core(world, clock=lambda: now))


def test_socket_mode_answers_commands_and_events(
    world: Store, fake: FakeSlack, socket: FakeSocketMode, slack_env: None, frozen_now: datetime
) -> None:
    app = _socket_app(world, fake, frozen_now)
    with TestClient(app) as client:
        assert socket.connected.wait(10)
        (opened,) = fake.of("apps.connections.open")
        assert opened.headers["authorization"] == "Bearer xapp-1-test"
        # Without a signing secret nothing is accepted over HTTP.
        assert client.post("/slack/events", content="x").status_code in (404, 405)

        command = dict(parse_qsl(signing.slash_command("/actions", "mine", user=JACKIE)))
        ack = socket.send("slash_commands", command)
        payload = ack["payload"]
        assert payload["response_type"] == "ephemeral"
        assert "Outstanding actions for Jackie Wilson" in json.dumps(payload["blocks"])
        validate_message(payload)

        event = json.loads(
            signing.event_callback(
                signing.message_event(
                    "2.3: agency staff cover agreed #at-risk",
                    user=JACKIE,
                    channel="CLEEDS01",
                    ts="1449050400.000500",
                )
            )
        )
        socket.send("events_api", event)
        fake.wait_for("reactions.add")
        fake.wait_for("chat.postMessage")
    status, updates = history(world, "2.3")
    assert status == "at_risk" and [u.text for u in updates] == ["agency staff cover agreed"]
    assert TEAM in world.workspace_keys()


def test_readiness_follows_the_socket_mode_link(
    world: Store, fake: FakeSlack, socket: FakeSocketMode, slack_env: None, frozen_now: datetime
) -> None:
    """Over Socket Mode no request comes in by HTTP: a process whose link to Slack is down
    answers nobody, and ``/readyz`` says so."""
    app = _socket_app(world, fake, frozen_now)
    with TestClient(app) as client:
        assert socket.connected.wait(10)
        ready = client.get("/readyz")
        assert (ready.status_code, ready.text) == (200, "ready")
        socket.stop()  # Slack's end goes away, and reconnecting finds nobody there
        deadline = time.monotonic() + 10
        while (answer := client.get("/readyz")).status_code == 200:
            assert time.monotonic() < deadline, "still ready with the link down"
            time.sleep(0.05)
        assert (answer.status_code, answer.text) == (503, "Slack Socket Mode not connected")
