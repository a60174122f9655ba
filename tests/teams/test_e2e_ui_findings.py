"""Teams cards: the update form refuses the due dates ``/actions due`` refuses, and the Done /
Update buttons repeated down a list name their action for screen readers (``tooltip``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness


def _action(store: Store, ref: str) -> Action:
    with store.session_factory() as s:
        action = s.scalar(
            select(Action).where(Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan"))
        )
        assert action is not None
        return action


def _card(body: dict[str, Any]) -> dict[str, Any]:
    assert body["statusCode"] == 200
    card: dict[str, Any] = body["value"]
    assert_valid_card(card)
    return card


def _actions(card: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(card, dict):
        if str(card.get("type", "")).startswith("Action."):
            found.append(card)
        for value in card.values():
            found += _actions(value)
    elif isinstance(card, list):
        for value in card:
            found += _actions(value)
    return found


def test_the_update_card_refuses_a_due_date_out_of_range(teams: Harness) -> None:
    action = _action(teams.store, "2.4")
    for picked, said in (("1990-01-01", "1 Jan 1990"), ("2099-12-31", "31 Dec 2099")):
        data = {
            "action_id": action.id,
            f"note_{action.id}": "moved the panel",
            f"due_{action.id}": picked,
        }
        text = json.dumps(_card(teams.press("update", data)), ensure_ascii=False)
        assert said in text and "Nothing was changed" in text, text
    after = _action(teams.store, "2.4")
    assert after.due_date == action.due_date and after.due_text == action.due_text
    with teams.store.session_factory() as s:
        assert s.scalar(select(Update).where(Update.action_id == action.id)) is None


def test_done_and_update_buttons_name_their_action(teams: Harness) -> None:
    card = teams.say("actions mine").cards[0]
    action = _action(teams.store, "2.3")
    done = next(
        a for a in _actions(card) if a.get("verb") == "done" and a["data"]["action_id"] == action.id
    )
    assert done["tooltip"] == "Mark 2.3 done"
    tooltips = {a.get("tooltip") for a in _actions(card) if a["type"] == "Action.ShowCard"}
    assert "Update 2.3" in tooltips
