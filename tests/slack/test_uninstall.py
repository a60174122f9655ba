"""The app uninstalled from a Slack workspace, or its bot token revoked: csbot forgets the
workspace's stored tokens (and only that workspace's), notes it in the audit trail as done by
Slack, keeps the workspace's data, and its scheduled posts wait instead of using a dead
token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from bot.slack.installation_store import DbInstallationStore
from bot.slack.notifier import NoSlackToken, SlackNotifier
from commands.core import Core
from commands.jobs.notifier import Target
from commands.views import Notice
from storage.models import AuditEvent
from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.conftest import Harness, database_down
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.installs import installation

CLIENT_ID = "1111.2222"
GONE, STAYS = "T0GONE001", "T0STAYS01"


def _install(installations: DbInstallationStore, team: str) -> None:
    installations.save(installation(team, team_name=f"Council {team}", bot_scopes=["chat:write"]))


def _post_event(client: TestClient, event: dict[str, Any], team: str, event_id: str) -> int:
    body = json.loads(signing.event_callback(event, event_id=event_id, team=team))
    text = json.dumps(body)
    headers = signing.signed_headers(text, content_type="application/json")
    return client.post("/slack/events", content=text, headers=headers).status_code


def _notes(store: Store, team: str) -> list[AuditEvent]:
    with store.session_factory() as session:
        workspace_id = store.workspace_id(session, team)
        return list(
            session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.workspace_id == workspace_id,
                    AuditEvent.entity == "workspace",
                    AuditEvent.change != "create",
                )
                .order_by(AuditEvent.id)
            )
        )


@pytest.fixture
def many(
    store: Store, fake: FakeSlack, slack_env: None, frozen_now: datetime
) -> Iterator[tuple[TestClient, DbInstallationStore]]:
    installations = DbInstallationStore(store, CLIENT_ID)
    _install(installations, GONE)
    _install(installations, STAYS)
    settings = Settings(
        database_url="sqlite://",
        slack_signing_secret=signing.SECRET,
        slack_client_id=CLIENT_ID,
        slack_client_secret="client-secret",
        slack_api_url=fake.api_url,
    )
    app = build_app(settings, store, core=Core(store, clock=lambda: frozen_now))
    with TestClient(app, base_url="https://testserver") as client:
        yield client, installations


def test_uninstalling_forgets_that_workspaces_tokens_and_notes_it(
    many: tuple[TestClient, DbInstallationStore], store: Store, fake: FakeSlack
) -> None:
    client, installations = many
    notifier = SlackNotifier(api_url=fake.api_url, installations=installations)
    assert installations.bot_token(GONE) == f"xoxb-{GONE}"

    assert _post_event(client, {"type": "app_uninstalled"}, GONE, "EvGONE01") == 200

    assert installations.bot_token(GONE) is None
    assert installations.rows.latest_installation(None, GONE, None) is None
    assert installations.bot_token(STAYS) == f"xoxb-{STAYS}"  # another council untouched
    installed, note = _notes(store, GONE)
    assert (installed.change, installed.actor) == ("installed", "slack:UINSTALLER")
    assert installed.after == {"bot_scopes": ["chat:write"]}
    forgotten = {"forgotten": {"installations": 1, "bot_tokens": 1}}
    assert (note.change, note.after) == ("uninstalled", forgotten)
    assert f"xoxb-{GONE}" not in json.dumps([note.before, note.after])
    assert [n.change for n in _notes(store, STAYS)] == ["installed"]
    assert GONE in store.workspace_keys()  # the council's data stays for a reinstall
    # A summary or reminder due there now waits for a reinstall (no attempt used up).
    with pytest.raises(NoSlackToken):
        notifier.send(Target(GONE, "slack", channel_id="C0PLAN"), Notice(text="hello"))
    # Slack delivering the event again changes nothing and notes nothing more.
    assert _post_event(client, {"type": "app_uninstalled"}, GONE, "EvGONE01") == 200
    assert len(_notes(store, GONE)) == 2
    # Installing again works as the first time.
    _install(installations, GONE)
    assert installations.bot_token(GONE) == f"xoxb-{GONE}"
    assert [n.change for n in _notes(store, GONE)] == ["installed", "uninstalled", "installed"]


def test_a_revoked_bot_token_is_forgotten_but_user_tokens_change_nothing(
    many: tuple[TestClient, DbInstallationStore], store: Store
) -> None:
    client, installations = many
    users_only = {"type": "tokens_revoked", "tokens": {"oauth": ["UINSTALLER"], "bot": []}}
    assert _post_event(client, users_only, GONE, "EvREV001") == 200
    assert installations.bot_token(GONE) == f"xoxb-{GONE}"
    assert [n.change for n in _notes(store, GONE)] == ["installed"]

    bot = {"type": "tokens_revoked", "tokens": {"bot": ["UBOT0001"]}}
    assert _post_event(client, bot, GONE, "EvREV002") == 200
    assert installations.bot_token(GONE) is None
    assert [n.change for n in _notes(store, GONE)] == ["installed", "tokens revoked"]
    assert installations.bot_token(STAYS) == f"xoxb-{STAYS}"


def test_with_one_token_from_the_environment_the_uninstall_is_noted_once(
    slack: Harness, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    assert slack.event({"type": "app_uninstalled"}, event_id="EvONE001").status_code == 200
    assert slack.event({"type": "app_uninstalled"}, event_id="EvONE001", retry=1).status_code == 200
    (note,) = _notes(store, TEAM)
    assert note.change == "uninstalled"
    assert "SLACK_BOT_TOKEN no longer works" in caplog.text


def test_an_org_wide_install_is_forgotten_under_its_org(
    many: tuple[TestClient, DbInstallationStore], store: Store
) -> None:
    client, installations = many
    org = "E0ORG0001"
    installations.save(installation(None, org=org, bot_token="xoxb-org"))
    assert installations.bot_token(org) == "xoxb-org"
    body = {
        "token": "deprecated",
        "enterprise_id": org,
        "team_id": "T0INORG01",  # the workspace of the org the event came through
        "api_app_id": "A0CSBOT",
        "event": {"type": "app_uninstalled"},
        "type": "event_callback",
        "event_id": "EvORG001",
        "event_time": 1449050400,
        "authorizations": [
            {
                "enterprise_id": org,
                "team_id": None,
                "user_id": "UBOT0001",
                "is_bot": True,
                "is_enterprise_install": True,
            }
        ],
    }
    text = json.dumps(body)
    headers = signing.signed_headers(text, content_type="application/json")
    assert client.post("/slack/events", content=text, headers=headers).status_code == 200
    assert installations.bot_token(org) is None
    assert [n.change for n in _notes(store, org)] == ["installed", "uninstalled"]
    assert installations.bot_token(STAYS) == f"xoxb-{STAYS}"


def test_with_one_token_a_failed_note_is_made_by_slacks_retry(slack: Harness, store: Store) -> None:
    with database_down(store, statement="INSERT INTO audit_event"):
        failed = slack.event({"type": "app_uninstalled"}, event_id="EvONE002")
    assert failed.status_code >= 500 and _notes(store, TEAM) == []
    assert slack.event({"type": "app_uninstalled"}, event_id="EvONE002", retry=1).status_code == 200
    assert [n.change for n in _notes(store, TEAM)] == ["uninstalled"]
