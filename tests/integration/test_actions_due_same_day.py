"""``/actions due`` with the day an action is already due, written another way (``EOM`` for
31/12, ``next week`` after ``end of week`` on a Saturday), changes nothing and says so."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.models import Action
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import make_chat

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # a Saturday
IN_LEEDS = {"channel": "leeds"}


def _due(store: Store, ref: str) -> tuple[date | None, str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.due_date, action.due_text


@pytest.mark.parametrize(
    ("first", "again", "shown"),
    [
        ("31/12", "EOM", "2.3 is already due Thu 31 Dec 2026. Nothing changed."),
        ("end of week", "next week", "2.3 is already due Fri 11 Dec 2026. Nothing changed."),
    ],
)
def test_the_same_day_written_another_way_changes_nothing(
    store: Store, first: str, again: str, shown: str
) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    assert "is now due" in chat.say(f"/actions due 2.3 {first}", **IN_LEEDS)
    before = _due(store, "2.3")
    reply = chat.say(f"/actions due 2.3 {again}", **IN_LEEDS)
    assert reply == f"{shown}", reply
    assert "now due" not in reply
    assert _due(store, "2.3") == before
