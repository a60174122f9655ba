"""Two updates on one action at the same moment: the second starts from the status the first
left, whichever way it is logged (a command, or a progress message in the plan's channel, which
PostgreSQL writes in one statement). The race is forced: while one update is being logged,
another is committed between its reading the action and its writing. Each test runs on SQLite
and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from commands import action_updates
from commands import core as core_module
from commands.core import Core
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.factories import chat_message, leeds_world, link_channel, link_chat_user, seeded

CHANNEL = "CLEEDS"


@pytest.fixture
def core(store: Store, frozen_now: datetime, monkeypatch: pytest.MonkeyPatch) -> Core:
    leeds_world(store)
    with seeded(store) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        link_channel(uow, plan, CHANNEL, platform="slack")
        link_chat_user(uow, "slack", "UJW", uow.repos.people.person_by_key("jackie wilson"))
    monkeypatch.setattr(core_module, "RETRY_PAUSE", 0.0)
    return Core(store, clock=lambda: frozen_now)


def _meanwhile(monkeypatch: pytest.MonkeyPatch, other: Callable[[], Any]) -> None:
    """Run ``other`` (once, to its commit) when the next update has read its action but not
    yet written: the moment a request on another connection could commit."""
    original = action_updates.check_update_length
    done: list[bool] = []

    def racing(text: str) -> None:
        if not done:
            done.append(True)
            other()
        original(text)

    monkeypatch.setattr(action_updates, "check_update_length", racing)


def _history(store: Store, ref: str) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        rows: list[Update] = list(reversed(uow.repos.actions.history(action.id)))
        return action.status, [(u.text, u.status_before, u.status_after) for u in rows]


@pytest.mark.parametrize(
    "second",
    ["/actions update 2.3 panel says on track #on-track", "2.3: panel says on track #on-track"],
    ids=["command", "channel message"],
)
def test_the_second_of_two_updates_starts_from_the_status_the_first_left(
    store: Store, core: Core, monkeypatch: pytest.MonkeyPatch, second: str
) -> None:
    jackie = chat_message("UJW", channel=CHANNEL, message_id="1449050400.000200")
    first = chat_message("UJW", channel=CHANNEL, message_id="1449050400.000100")
    _meanwhile(monkeypatch, lambda: core.handle(first, "2.3: recruitment stalled #off-track"))
    core.handle(jackie, second)
    status, history = _history(store, "2.3")
    # The last thing said was "on track", and each "before" is what the update before left.
    assert status == "on_track"
    assert history == [
        ("recruitment stalled", "on_track", "off_track"),
        ("panel says on track", "off_track", "on_track"),
    ]
