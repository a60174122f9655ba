"""`csbot serve` keeps its connections to Slack open and reuses them, as Slack's Web API
allows: messages posted one after another do not each pay for a new TCP (and, against the
real Slack, TLS) handshake. The session closes with the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.slack.conftest import FIONA, JACKIE, NEWBIE, Harness
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """The fake Slack, keeping connections open between calls as Slack does."""
    server = FakeSlack(keep_alive=True).start()
    server.add_user(JACKIE, "Jackie W.", email="jackie.wilson@leeds.example", display="jackie")
    server.add_user(FIONA, "Fiona Smith", display="fiona")
    server.add_user(NEWBIE, "Pat Newcomer", display="pat")
    yield server
    server.stop()


def test_web_api_calls_share_connections(slack: Harness) -> None:
    for n in range(4):
        response = slack.message(
            f"2.3: recruited {n + 1} social workers #on-track", ts=f"144905040{n}.000100"
        )
        assert response.status_code == 200
        slack.drain()
    calls = [c for c in slack.fake.calls if c.method != "response_url"]
    assert {c.method for c in calls} >= {"reactions.add", "chat.postMessage"}
    assert len(calls) >= 8
    # Each update's reaction and reply may go out side by side, on two connections at most.
    assert len({c.peer for c in calls}) <= 2, [c.peer for c in calls]


def test_the_session_closes_with_the_server(slack: Harness) -> None:
    adapter = slack.app.state.slack
    session = adapter.app.client.session
    assert session is not None and not session.closed
    slack.client.portal.call(adapter.stop)
    assert session.closed and adapter.app.client.session is None
