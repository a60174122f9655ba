"""Teams delivers an activity again when it did not hear back in time: a command or a button
press that changes something is carried out once, even by a server that restarted since."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from commands.core import Core
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.fake_connector import FakeConnector
from tests.teams.signing import bearer

REF = "leeds-improvement-plan:2.3"


def _update_count(store: Store, ref: str = "2.3") -> int:
    with store.session_factory() as s:
        action_id = s.scalar(
            select(Action.id).where(
                Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan")
            )
        )
        return s.scalar(select(func.count()).where(Update.action_id == action_id)) or 0


def test_a_button_press_delivered_twice_writes_once(teams: Harness) -> None:
    before = _update_count(teams.store)
    press = act.card_action(teams.fake.url, "run", {"cmd": f"actions update {REF} pressed once"})
    first = teams.client.post("/api/messages", json=press, headers=bearer(teams.fake.url))
    again = teams.client.post("/api/messages", json=press, headers=bearer(teams.fake.url))
    assert first.status_code == again.status_code == 200
    assert _update_count(teams.store) == before + 1
    assert "Already done" in str(again.json())


def test_a_command_redelivered_after_a_restart_writes_once(
    settings: Settings, world: Store, core: Core, fake: FakeConnector
) -> None:
    before = _update_count(world)
    message = act.message(fake.url, f"actions update {REF} typed once")
    for _ in range(2):  # two server lives: the second has no memory of the first
        with TestClient(build_app(settings, world, core=core)) as client:
            response = client.post("/api/messages", json=message, headers=bearer(fake.url))
            assert response.status_code == 200
    assert _update_count(world) == before + 1


def test_a_new_press_of_the_same_button_is_a_new_request(teams: Harness) -> None:
    before = _update_count(teams.store)
    for _ in range(2):
        teams.press("run", {"cmd": f"actions update {REF} on purpose"})
    assert _update_count(teams.store) == before + 2
