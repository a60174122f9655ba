"""One database, one server, Slack and Teams at once: each workspace sees only its own data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.models import Action, Update, Workspace
from storage.unit_of_work import Store
from tests.factories import add_action, leeds_world, link_channel, seeded
from tests.slack import signing as slack_signing
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.fake_connector import FakeConnector

SLACK_JACKIE = "UJACKIE01"
EMAIL = "jackie.wilson@leeds.example"


@pytest.fixture
def both(
    store: Store, frozen_now: datetime, platform_env: None
) -> Iterator[tuple[TestClient, FakeSlack, FakeConnector]]:
    """The server with both adapters, over one store holding a Slack team and a Teams tenant."""
    for key, platform in ((TEAM, "slack"), (act.TENANT, "teams")):
        store.ensure_workspace(key, platform=platform, name=f"Leeds on {platform}")
        leeds_world(store, key)
        with seeded(store, key) as uow:
            jackie = uow.repos.people.person_by_key("jackie wilson")
            assert jackie is not None
            jackie.email = EMAIL
            plan = uow.repos.plans.by_slug("leeds-improvement-plan")
            assert plan is not None
            if platform == "teams":
                link_channel(uow, plan, act.CHANNEL_ID, platform="teams")
                row = {"ref": "7.7", "title": "Teams-only action", "lead": "Jackie Wilson"}
                add_action(uow, plan, row, position=77)
    slack = FakeSlack().start()
    slack.add_user(SLACK_JACKIE, "Jackie W.", email=EMAIL, display="jackie")
    teams = FakeConnector().start()
    teams.add_member(act.JACKIE.id, act.JACKIE.name, email=EMAIL, aad=act.JACKIE.aad)
    settings = Settings(
        database_url="sqlite://",
        slack_signing_secret=slack_signing.SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_url=slack.api_url,
        teams_app_id=signing.APP_ID,
        teams_openid_metadata_url=teams.metadata_url,
    )
    app = build_app(settings, store, core=Core(store, clock=lambda: frozen_now))
    try:
        with TestClient(app) as client:
            yield client, slack, teams
    finally:
        slack.stop()
        teams.stop()


def _slack_mine(client: TestClient, slack: FakeSlack) -> str:
    body = slack_signing.slash_command(
        "/actions", "mine", user=SLACK_JACKIE, response_url=slack.response_url("cmd")
    )
    headers = slack_signing.signed_headers(body, content_type="application/x-www-form-urlencoded")
    response = client.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return json.dumps(response.json())


def _teams(client: TestClient, fake: FakeConnector, activity: dict[str, object]) -> str:
    before = len(fake.posted)
    response = client.post("/api/messages", json=activity, headers=signing.bearer(fake.url))
    assert response.status_code == 200
    return fake.wait_for(before + 1)[-1].text


def test_slack_and_teams_keep_their_workspaces_apart(
    both: tuple[TestClient, FakeSlack, FakeConnector], store: Store
) -> None:
    client, slack, teams = both
    assert "Teams-only action" in _teams(client, teams, act.message(teams.url, "actions mine"))
    slack_text = _slack_mine(client, slack)
    assert "Outstanding actions for Jackie Wilson" in slack_text
    assert "Teams-only action" not in slack_text

    logged = _teams(client, teams, act.channel_message(teams.url, "2.3: caseloads audited #done"))
    assert "Logged on 2.3" in logged
    with store.session_factory() as s:
        rows = s.execute(
            select(Workspace.key, Action.status)
            .select_from(Action)
            .join(Workspace, Workspace.id == Action.workspace_id)
            .where(Action.ref == "2.3", Action.plan.has(slug="leeds-improvement-plan"))
        ).all()
        updates = s.execute(
            select(Workspace.key)
            .select_from(Update)
            .join(Workspace, Workspace.id == Update.workspace_id)
        ).all()
    assert dict(rows) == {TEAM: "on_track", act.TENANT: "achieved"}
    assert [key for (key,) in updates] == [act.TENANT]
    assert "Teams-only action" not in _slack_mine(client, slack)
    assert slack.invalid == [] and teams.invalid == []
