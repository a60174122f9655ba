"""POST /api/messages authenticates every request with the Bot Framework JWT rules."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.conftest import Harness
from tests.teams.fake_connector import FakeConnector


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Database:
    """Authentication happens before any query: these tests run on SQLite only."""
    path = tmp_path / "csbot.db"
    shutil.copy(sqlite_template, path)
    return Database("sqlite", f"sqlite:///{path}")


def _refused(teams: Harness, response_status: int, expected: int) -> None:
    assert response_status == expected
    assert teams.fake.posted == []


def test_valid_token_is_accepted(teams: Harness) -> None:
    post = teams.say("whoami")
    assert "Jackie Wilson" in post.text


def test_request_without_token_is_refused(teams: Harness) -> None:
    activity = act.message(
        teams.fake.url, "actions mine", where=act.personal(act.JACKIE, act.OTHER_TENANT)
    )
    response = teams.post(activity, signed=False)
    _refused(teams, response.status_code, 401)
    assert act.OTHER_TENANT not in teams.store.workspace_keys()


def test_other_schemes_and_garbage_are_refused(teams: Harness) -> None:
    activity = act.message(teams.fake.url, "actions mine")
    for header in ("Basic amFja2llOnNlY3JldA==", "Bearer", "Bearer not.a.jwt"):
        response = teams.client.post(
            "/api/messages", json=activity, headers={"Authorization": header}
        )
        _refused(teams, response.status_code, 401)


BROKEN_RULES = {
    "audience": {"aud": "some-other-bot"},
    "issuer": {"iss": "https://sts.example.com/"},
    "expired": {"exp": int(time.time()) - 3600},
    "not yet valid": {"nbf": int(time.time()) + 3600},
    "service URL": {"serviceurl": "https://smba.trafficmanager.net/emea/"},
    "no service URL": {"serviceurl": None},
    "no expiry": {"exp": None},
}


def test_tokens_breaking_a_rule_are_refused(teams: Harness) -> None:
    for rule, claims in BROKEN_RULES.items():
        response = teams.post(act.message(teams.fake.url, "actions mine"), **claims)
        assert response.status_code == 401, rule
    assert teams.fake.posted == []


def test_clock_skew_of_a_few_minutes_is_allowed(teams: Harness) -> None:
    response = teams.post(act.message(teams.fake.url, "whoami"), exp=int(time.time()) - 120)
    assert response.status_code == 200
    assert len(teams.fake.wait_for(1)) == 1


def test_forged_signature_is_refused(teams: Harness) -> None:
    response = teams.post(act.message(teams.fake.url, "actions mine"), key=signing.OTHER_KEYS)
    _refused(teams, response.status_code, 401)


def test_symmetric_algorithm_is_refused(teams: Harness) -> None:
    forged = jwt.encode(
        signing.claims(teams.fake.url),
        # (a key of HS256's full length, so PyJWT does not warn: the point is the algorithm)
        "a shared secret an attacker chose, 32+ bytes",
        algorithm="HS256",
        headers={"kid": "test-key-1"},
    )
    response = teams.client.post(
        "/api/messages",
        json=act.message(teams.fake.url, "actions mine"),
        headers={"Authorization": f"Bearer {forged}"},
    )
    _refused(teams, response.status_code, 401)


def test_key_not_endorsed_for_teams_is_forbidden(teams: Harness) -> None:
    response = teams.post(act.message(teams.fake.url, "actions mine"), key=signing.UNENDORSED)
    _refused(teams, response.status_code, 403)


def test_keys_are_fetched_from_the_metadata_once(teams: Harness) -> None:
    teams.say("whoami")
    teams.say("whoami")
    fetched = [r for r in teams.fake.requests if r.startswith("GET /v1/.well-known/")]
    assert fetched == ["GET /v1/.well-known/openidconfiguration", "GET /v1/.well-known/keys"]


def test_single_tenant_bot_refuses_other_tenants(
    settings: Settings, world: Store, core: Core, fake: FakeConnector
) -> None:
    single = settings.model_copy(update={"teams_tenant_id": act.TENANT})
    app = build_app(single, world, core=core)
    with TestClient(app) as client:
        stranger = act.message(
            fake.url, "actions mine", where=act.personal(act.JACKIE, act.OTHER_TENANT)
        )
        response = client.post("/api/messages", json=stranger, headers=signing.bearer(fake.url))
        assert response.status_code == 403
        mine = act.message(fake.url, "whoami")
        assert (
            client.post("/api/messages", json=mine, headers=signing.bearer(fake.url)).status_code
            == 200
        )
    assert act.OTHER_TENANT not in world.workspace_keys()
    assert len(fake.posted) == 1


@pytest.fixture
def unauthenticated(
    fake: FakeConnector, world: Store, core: Core, platform_env: None
) -> Iterator[TestClient]:
    """The local-development switch on, and no app id at all."""
    settings = Settings(database_url="sqlite://", teams_allow_unauthenticated=True)
    with TestClient(build_app(settings, world, core=core)) as client:
        yield client


def test_local_development_switch_accepts_unsigned_requests(
    unauthenticated: TestClient, fake: FakeConnector
) -> None:
    response = unauthenticated.post("/api/messages", json=act.message(fake.url, "whoami"))
    assert response.status_code == 200
    [post] = fake.wait_for(1)
    assert "Jackie Wilson" in post.text
    assert post.authorization == ""  # no credentials: nothing to sign outgoing calls with


def test_without_the_switch_an_app_id_is_required(
    fake: FakeConnector, world: Store, core: Core, platform_env: None
) -> None:
    app = build_app(Settings(database_url="sqlite://"), world, core=core)
    with TestClient(app) as client:
        response = client.post("/api/messages", json=act.message(fake.url, "whoami"))
    assert response.status_code in (404, 405)
    assert fake.posted == []
