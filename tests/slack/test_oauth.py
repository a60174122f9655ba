"""Many-workspace mode: installing at /slack/install, installations kept in the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from bot.slack.installation_store import DbInstallationStore, DbOAuthStateStore
from commands.core import Core
from storage.models import SlackOAuthState
from storage.slack_store import issue_oauth_state
from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack

CLIENT_ID = "1111.2222"
INSTALLED_TEAM = "T0OAUTH01"


@pytest.fixture
def oauth_client(
    store: Store, fake: FakeSlack, slack_env: None, frozen_now: datetime
) -> Iterator[TestClient]:
    settings = Settings(
        database_url="sqlite://",
        slack_signing_secret=signing.SECRET,
        slack_client_id=CLIENT_ID,
        slack_client_secret="client-secret",
        slack_api_url=fake.api_url,
    )
    app = build_app(settings, store, core=Core(store, clock=lambda: frozen_now))
    # Bolt's state cookie is Secure, so talk https to the in-process app.
    with TestClient(app, base_url="https://testserver") as client:
        yield client
    assert fake.invalid == []


def test_install_then_the_workspace_works(
    oauth_client: TestClient, store: Store, fake: FakeSlack
) -> None:
    page = oauth_client.get("/slack/install")
    assert page.status_code == 200
    found = re.search(r"state=([A-Za-z0-9_\-]+)", page.text)
    assert found and f"client_id={CLIENT_ID}" in page.text
    assert "scope=app_mentions:read,channels:history" in page.text.replace("%3A", ":").replace(
        "%2C", ","
    )

    done = oauth_client.get(f"/slack/oauth_redirect?code=the-code&state={found.group(1)}")
    assert done.status_code == 200, done.text
    (exchange,) = fake.of("oauth.v2.access")
    assert exchange.args["code"] == "the-code"
    assert INSTALLED_TEAM in store.workspace_keys()
    installations = DbInstallationStore(store, CLIENT_ID)
    assert installations.bot_token(INSTALLED_TEAM) == "xoxb-installed-token"

    body = signing.slash_command(
        "/kpi", "help", user="UOAUTHUSER", team=INSTALLED_TEAM, response_url=fake.response_url()
    )
    answer = oauth_client.post("/slack/events", content=body, headers=signing.signed_headers(body))
    assert answer.status_code == 200 and "/kpi" in answer.text
    used = {c.headers.get("authorization") for c in fake.calls if c.method == "users.info"}
    assert used == {"Bearer xoxb-installed-token"}


def test_a_forged_or_reused_state_installs_nothing(
    oauth_client: TestClient, store: Store, fake: FakeSlack
) -> None:
    forged = oauth_client.get("/slack/oauth_redirect?code=the-code&state=made-up")
    assert forged.status_code >= 400
    assert fake.of("oauth.v2.access") == [] and INSTALLED_TEAM not in store.workspace_keys()


def test_oauth_state_is_single_use(store: Store) -> None:
    states = DbOAuthStateStore(store)
    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False
    assert states.consume("never-issued") is False


def test_states_never_brought_back_are_dropped_once_expired(store: Store) -> None:
    """Each visit to the public /slack/install issues a state; unused ones stayed for good."""
    issue_oauth_state(store, "abandoned", timedelta(seconds=-1))  # expired unused
    issue_oauth_state(store, "still-valid", timedelta(minutes=10))
    DbOAuthStateStore(store).issue()
    with store.session_factory() as session:
        kept = set(session.scalars(select(SlackOAuthState.state)))
    assert "abandoned" not in kept and "still-valid" in kept and len(kept) == 2
