"""A filtered list's buttons keep its filter: Done, Update and the page buttons of
``actions mine overdue`` (or ``… due this month``) redraw that list, not all of ``mine``."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from storage.models import Action
from storage.unit_of_work import Store
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness


def _action_id(store: Store, ref: str) -> int:
    with store.session_factory() as s:
        found = s.scalar(
            select(Action.id).where(
                Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan")
            )
        )
        assert found is not None
        return found


def _buttons(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        own = [value] if value.get("type") == "Action.Execute" else []
        return own + [b for v in value.values() for b in _buttons(v)]
    if isinstance(value, list):
        return [b for v in value for b in _buttons(v)]
    return []


def test_done_on_an_overdue_list_redraws_the_overdue_list(teams: Harness) -> None:
    listed = teams.say("actions mine overdue").cards[0]
    done = next(
        b
        for b in _buttons(listed)
        if b["verb"] == "done" and b["data"]["action_id"] == _action_id(teams.store, "2.3")
    )
    assert done["data"]["back"] == "/actions mine overdue"
    body = teams.press("done", done["data"])
    assert body["statusCode"] == 200
    card = body["value"]
    assert_valid_card(card)
    text = json.dumps(card, ensure_ascii=False)
    assert "Outstanding actions for Jackie Wilson (and HOS) — overdue" in text
    assert "Ensure all staff understand their roles" not in text  # 2.4 has no date: not overdue
    assert "High quality operational procedures" in text  # 3.1, still overdue


def test_a_due_window_is_kept_by_the_buttons(teams: Harness) -> None:
    listed = teams.say("actions mine due this month").cards[0]
    backs = {b["data"].get("back") for b in _buttons(listed) if b["verb"] in ("done", "update")}
    assert backs == {"/actions mine due this month"}
