"""Fixtures for the Slack adapter: a fake Slack, the ASGI app in-process, a seeded workspace."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from bot.slack import runner as slack_runner
from commands.core import Core
from storage.unit_of_work import Store
from tests.factories import leeds_world, link_channel, make_person, seeded
from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.fake_slack import TEAM, FakeSlack

CHANNEL = "CLEEDS01"
JACKIE = "UJACKIE01"  # linked automatically by e-mail
FIONA = "UFIONA001"  # linked automatically by real name
NEWBIE = "UNEWBIE01"  # matches nobody: asked who they are
SLACK_ENV = (
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "SLACK_SCOPES",
)


# How long the adapter waits for the core before it acknowledges and answers later, in tests:
# Slack's 2.3 s (bot/slack/runner.py) is read as a failure of a test that expects the answer in
# the acknowledgement when a loaded machine (a suite beside other work) is slower than that.
# Tests of the deadline itself are marked ``real_deadline`` (or set their own).
PATIENT_DEADLINE = 20.0


@pytest.fixture(autouse=True)
def patient_deadline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack's answer deadline made long, unless the test is marked ``real_deadline``."""
    if request.node.get_closest_marker("real_deadline") is None:
        monkeypatch.setattr(slack_runner, "ACK_DEADLINE", PATIENT_DEADLINE)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A fake Slack Web API on 127.0.0.1 that knows three users."""
    server = FakeSlack().start()
    server.add_user(JACKIE, "Jackie W.", email="jackie.wilson@leeds.example", display="jackie")
    server.add_user(FIONA, "Fiona Smith", display="fiona")
    server.add_user(NEWBIE, "Pat Newcomer", display="pat")
    yield server
    server.stop()


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Slack settings leak in from the environment of the test run."""
    for var in SLACK_ENV:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def settings(fake: FakeSlack, slack_env: None) -> Settings:
    """One-workspace HTTP mode against the fake Slack."""
    return Settings(
        database_url="sqlite://",
        slack_signing_secret=signing.SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_url=fake.api_url,
    )


@pytest.fixture
def world(store: Store) -> Store:
    """The Leeds and Haringey plans in the Slack team's workspace; #leeds linked to Leeds."""
    store.ensure_workspace(TEAM, platform="slack", name="Leeds")
    leeds_world(store, TEAM)
    with seeded(store, TEAM) as uow:
        jackie = make_person(uow, "Jackie Wilson", roles=["HOS"])
        jackie.email = "jackie.wilson@leeds.example"
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        link_channel(uow, plan, CHANNEL, platform="slack")
    return store


@dataclass
class Harness:
    """Talks to the app as Slack does, and looks at what the bot did."""

    client: TestClient
    app: Starlette
    fake: FakeSlack
    store: Store

    def post(self, body: str, *, content_type: str, **sign: Any) -> Any:
        headers = signing.signed_headers(body, content_type=content_type, **sign)
        return self.client.post("/slack/events", content=body, headers=headers)

    def command(self, command: str, text: str, *, user: str = JACKIE, **kw: Any) -> Any:
        """A signed slash command; returns the HTTP response."""
        kw.setdefault("response_url", self.fake.response_url("cmd"))
        body = signing.slash_command(command, text, user=user, **kw)
        return self.post(body, content_type="application/x-www-form-urlencoded")

    def reply(self, command: str, text: str, *, user: str = JACKIE, **kw: Any) -> dict[str, Any]:
        """The ephemeral answer a slash command got in its acknowledgement (validated)."""
        response = self.command(command, text, user=user, **kw)
        assert response.status_code == 200, response.text
        payload: dict[str, Any] = response.json()
        assert payload.get("response_type") == "ephemeral"
        validate_message(payload)
        return payload

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
    ) -> Any:
        """A signed Events API delivery."""
        body = signing.event_callback(event, event_id=event_id)
        return self.post(body, content_type="application/json", retry=retry)

    def message(self, text: str, *, ts: str, user: str = JACKIE, **kw: Any) -> Any:
        """A person's message in the linked channel."""
        return self.event(signing.message_event(text, user=user, channel=CHANNEL, ts=ts), **kw)

    def click(self, action_id: str, value: str, *, user: str = JACKIE, **kw: Any) -> Any:
        """A signed button click."""
        if "view" not in kw:
            kw.setdefault("response_url", self.fake.response_url("act"))
        body = signing.block_action(action_id, value, user=user, **kw)
        return self.post(body, content_type="application/x-www-form-urlencoded")

    def submit(
        self, callback_id: str, values: dict[str, Any], *, user: str = JACKIE, **kw: Any
    ) -> Any:
        """A signed modal submission."""
        body = signing.view_submission(callback_id, values, user=user, **kw)
        return self.post(body, content_type="application/x-www-form-urlencoded")

    def drain(self) -> None:
        """Wait for the work the bot does after answering Slack."""
        slack = self.app.state.slack
        self.client.portal.call(slack.services.drain)  # type: ignore[union-attr]


@pytest.fixture
def core(world: Store, frozen_now: datetime) -> Core:
    """The core with the clock frozen on Wednesday 2 December 2015."""
    return Core(world, clock=lambda: frozen_now)


@pytest.fixture
def slack(settings: Settings, world: Store, core: Core, fake: FakeSlack) -> Iterator[Harness]:
    """The server app in-process (lifespan running), wired to the fake Slack."""
    app = build_app(settings, world, core=core)
    with TestClient(app) as client:
        harness = Harness(client, app, fake, world)
        # Start-up checks the bot token (auth.test) in the background: once it is done, the
        # tests see only the calls their own requests make.
        harness.drain()
        fake.clear()
        yield harness
        harness.drain()
    assert fake.invalid == [], fake.invalid


def blocks_text(payload: dict[str, Any]) -> str:
    """All the text in a message's or view's blocks (for assertions)."""
    return json.dumps(payload.get("blocks", []), ensure_ascii=False)


@contextlib.contextmanager
def database_down(store: Store, *, times: int = 1, statement: str = "") -> Iterator[list[str]]:
    """Make the next ``times`` SQL statements containing ``statement`` fail as if the
    database had gone away (OperationalError); yields the statements that failed."""
    failed: list[str] = []

    def fail(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if len(failed) < times and statement in sql:
            failed.append(sql)
            raise OperationalError(sql, None, ConnectionError("database went away"))

    event.listen(store.engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(store.engine, "before_cursor_execute", fail)


@dataclass(frozen=True)
class Logged:
    """An update as the database holds it."""

    text: str
    status_after: str | None
    source: str
    state: str
    permalink: str | None
    source_key: str | None


def history(
    store: Store, ref: str, plan: str = "leeds-improvement-plan"
) -> tuple[str, list[Logged]]:
    """(status, updates oldest first) of one action."""
    with store.unit_of_work(TEAM) as uow:
        found = uow.repos.plans.by_slug(plan)
        assert found is not None
        action = uow.repos.actions.by_ref(ref, found.id)[0]
        rows = list(reversed(uow.repos.actions.history(action.id)))
        return action.status, [
            Logged(
                u.text,
                u.status_after,
                u.source,
                "retracted" if u.retracted_at else "superseded" if u.superseded_by_id else "live",
                u.permalink,
                u.source_key,
            )
            for u in rows
        ]


def chat_user_person(store: Store, user_id: str) -> str | None:
    """The name of the person a Slack user is linked to."""
    with store.unit_of_work(TEAM) as uow:
        user = uow.repos.people.chat_user("slack", user_id)
        if user is None or user.person_id is None:
            return None
        person = uow.repos.people.person_by_id(user.person_id)
        return person.name if person else None
