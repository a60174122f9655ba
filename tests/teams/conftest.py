"""Fixtures for the Teams adapter: a fake Bot Connector, the server app, a seeded tenant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.unit_of_work import Store
from tests.factories import leeds_world, link_channel, seeded
from tests.teams import activities as act
from tests.teams.fake_connector import FakeConnector, Posted
from tests.teams.signing import APP_ID, bearer

JACKIE_EMAIL = "jackie.wilson@leeds.example"
PLATFORM_ENV = (
    "TEAMS_APP_ID",
    "TEAMS_APP_PASSWORD",
    "TEAMS_TENANT_ID",
    "TEAMS_ALLOW_UNAUTHENTICATED",
    "TEAMS_MANAGED_IDENTITY_CLIENT_ID",
    "TEAMS_OPENID_METADATA_URL",
    "TEAMS_TOKEN_ISSUER",
    "TEAMS_SERVICE_URL",
    "TEAMS_READ_ALL_CHANNEL_MESSAGES",
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
)


@pytest.fixture
def fake() -> Iterator[FakeConnector]:
    """A fake Bot Connector on 127.0.0.1 that knows Jackie's and Fiona's profiles."""
    server = FakeConnector().start()
    server.add_member(act.JACKIE.id, act.JACKIE.name, email=JACKIE_EMAIL, aad=act.JACKIE.aad)
    server.add_member(act.FIONA.id, act.FIONA.name, email=None, aad=act.FIONA.aad)
    yield server
    server.stop()


@pytest.fixture
def platform_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Teams or Slack settings leak in from the environment of the test run."""
    for var in PLATFORM_ENV:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def settings(fake: FakeConnector, platform_env: None) -> Settings:
    """Teams with the test app id, trusting the fake connector's signing keys."""
    return Settings(
        database_url="sqlite://",
        teams_app_id=APP_ID,
        teams_openid_metadata_url=fake.metadata_url,
    )


@pytest.fixture
def world(store: Store) -> Store:
    """The Leeds and Haringey plans in the tenant's workspace; the Leeds channel linked."""
    store.ensure_workspace(act.TENANT, platform="teams", name="Leeds")
    leeds_world(store, act.TENANT)
    with seeded(store, act.TENANT) as uow:
        jackie = uow.repos.people.person_by_key("jackie wilson")
        assert jackie is not None
        jackie.email = JACKIE_EMAIL
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        link_channel(uow, plan, act.CHANNEL_ID, platform="teams")
    return store


@pytest.fixture
def core(world: Store, frozen_now: datetime) -> Core:
    """The core with the clock frozen on Wednesday 2 December 2015."""
    return Core(world, clock=lambda: frozen_now)


@dataclass
class Harness:
    """Talks to the app as the Bot Connector does; the fake records what the bot sent."""

    client: TestClient
    app: Starlette
    fake: FakeConnector
    store: Store

    def post(
        self, activity: dict[str, Any], *, signed: bool = True, **token: Any
    ) -> httpx.Response:
        """Deliver an activity to /api/messages (with a valid token unless told otherwise)."""
        headers = bearer(self.fake.url, **token) if signed else {}
        return self.client.post("/api/messages", json=activity, headers=headers)

    def say(self, text: str, **kw: Any) -> Posted:
        """A personal-chat message; the one reply it got."""
        return self.deliver(act.message(self.fake.url, text, **kw))

    def deliver(self, activity: dict[str, Any]) -> Posted:
        """Deliver an activity that must be answered with exactly one post; that post."""
        before = len(self.fake.posted)
        response = self.post(activity)
        assert response.status_code == 200, response.text
        posts = self.fake.wait_for(before + 1)
        assert len(posts) == before + 1, posts[before:]
        return posts[-1]

    def press(self, verb: str, data: dict[str, Any], **kw: Any) -> dict[str, Any]:
        """Press an Action.Execute button; the invoke response's body."""
        response = self.post(act.card_action(self.fake.url, verb, data, **kw))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def teams(settings: Settings, world: Store, core: Core, fake: FakeConnector) -> Iterator[Harness]:
    """The server app in-process (lifespan running), wired to the fake connector."""
    app = build_app(settings, world, core=core)
    with TestClient(app) as client:
        yield Harness(client, app, fake, world)
    assert fake.invalid == [], fake.invalid
