"""A single-tenant bot serves an activity only when every tenant id it names (the
conversation's and the channel data's) is the home tenant."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.fake_connector import FakeConnector


def _mixed(service_url: str, conversation: str, channel_data: str) -> dict[str, object]:
    activity = act.message(service_url, "actions mine")
    activity["conversation"]["tenantId"] = conversation
    activity["channelData"]["tenant"]["id"] = channel_data
    return activity


@pytest.mark.parametrize(
    ("conversation", "channel_data"),
    [(act.TENANT, act.OTHER_TENANT), (act.OTHER_TENANT, act.TENANT)],
)
def test_single_tenant_bot_refuses_any_foreign_tenant_id(
    settings: Settings,
    world: Store,
    core: Core,
    fake: FakeConnector,
    conversation: str,
    channel_data: str,
) -> None:
    single = settings.model_copy(update={"teams_tenant_id": act.TENANT})
    with TestClient(build_app(single, world, core=core)) as client:
        activity = _mixed(fake.url, conversation, channel_data)
        response = client.post("/api/messages", json=activity, headers=signing.bearer(fake.url))
        assert response.status_code == 403
    assert act.OTHER_TENANT not in world.workspace_keys()
    assert fake.posted == []


def test_single_tenant_bot_serves_its_home_tenant_named_twice(
    settings: Settings, world: Store, core: Core, fake: FakeConnector
) -> None:
    single = settings.model_copy(update={"teams_tenant_id": act.TENANT})
    with TestClient(build_app(single, world, core=core)) as client:
        activity = _mixed(fake.url, act.TENANT, act.TENANT)
        response = client.post("/api/messages", json=activity, headers=signing.bearer(fake.url))
        assert response.status_code == 200
        assert len(fake.wait_for(1)) == 1
