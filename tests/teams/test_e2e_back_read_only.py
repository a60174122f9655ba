"""The ``back`` of a Done / Update button only re-shows a list: like a Page button it never
runs a command that writes, whatever a crafted submit carries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.teams.bot import BACK_NOT_RUN
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness

INJECTED = "/actions update leeds-improvement-plan:2.3 injected #done"


def _action(store: Store, ref: str) -> Action:
    with store.session_factory() as s:
        action = s.scalar(
            select(Action).where(Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan"))
        )
        assert action is not None
        return action


def _updates(store: Store, action_id: int) -> list[str]:
    with store.session_factory() as s:
        return list(s.scalars(select(Update.text).where(Update.action_id == action_id)))


def _card_text(body: dict[str, Any]) -> str:
    assert body["statusCode"] == 200, body
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(body["value"])
    return json.dumps(body["value"])


def _update_press(store: Store, back: str, note: str) -> dict[str, Any]:
    target = _action(store, "2.4")
    return {
        "action_id": target.id,
        "back": back,
        "page": 1,
        f"note_{target.id}": note,
        f"status_{target.id}": "",
        f"due_{target.id}": "",
    }


@pytest.mark.parametrize("note", ["", "Workshop booked"])
def test_a_writing_back_is_not_run(teams: Harness, note: str) -> None:
    victim = _action(teams.store, "2.3")
    text = _card_text(teams.press("update", _update_press(teams.store, INJECTED, note)))
    assert _updates(teams.store, victim.id) == []
    assert _action(teams.store, "2.3").status == victim.status
    assert BACK_NOT_RUN in text
    assert "Nothing was changed" not in text  # no contradiction with what the button did
    if note:
        assert "Logged on 2.4" in text
        assert _updates(teams.store, _action(teams.store, "2.4").id) == [note]
    else:
        assert "Nothing to change on 2.4" in text


def test_a_progress_message_as_back_is_not_logged(teams: Harness) -> None:
    victim = _action(teams.store, "2.3")
    data = _update_press(teams.store, "2.3: injected #done", "Workshop booked")
    text = _card_text(teams.press("update", data))
    assert _updates(teams.store, victim.id) == []
    assert BACK_NOT_RUN in text and "Logged on 2.4" in text


def test_done_with_a_writing_back_is_not_run(teams: Harness) -> None:
    victim = _action(teams.store, "2.3")
    target = _action(teams.store, "2.4")
    data = {"action_id": target.id, "back": INJECTED, "page": 1}
    text = _card_text(teams.press("done", data))
    assert _updates(teams.store, victim.id) == []
    assert BACK_NOT_RUN in text and "Logged on 2.4" in text


def test_a_reading_back_still_redraws_the_list(teams: Harness) -> None:
    text = _card_text(teams.press("update", _update_press(teams.store, "/actions mine", "x")))
    assert "Logged on 2.4" in text and "Outstanding actions for Jackie Wilson" in text
    assert BACK_NOT_RUN not in text
