"""Writes that would change nothing say so and change nothing (no update, no audit row)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from commands.views import Notice, UpdateLogged
from storage.models import Action, ActionOwner, AuditEvent, Update
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def _counts(store: Store) -> tuple[int, int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Update, AuditEvent, ActionOwner)
        )


def _status(store: Store, ref: str) -> str:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/actions done 4.3", "4.3 is already Achieved. Nothing changed."),
        ("/actions update 2.3 #on-track", "2.3 is already On track. Nothing changed."),
        ("/actions assign 2.3 Jackie Wilson", "2.3 is already owned by Jackie Wilson. Nothing"),
        ("/actions due 2.3 30 Nov 2015", "2.3 is already due 30 Nov 2015. Nothing changed."),
        ("2.3: #on-track", "2.3 is already On track. Nothing was logged."),
    ],
)
def test_a_write_that_changes_nothing_says_so(
    store: Store, chat: Chat, text: str, expected: str
) -> None:
    before = _counts(store)
    outcome = chat.outcome(text, **IN_LEEDS)
    assert outcome is not None
    assert isinstance(outcome.reply, Notice) and outcome.reply.level != "error", outcome.reply
    assert expected in outcome.reply.text
    assert _counts(store) == before


def test_a_note_on_an_achieved_action_is_logged_without_a_status_change(
    store: Store, chat: Chat
) -> None:
    updates, _, _ = _counts(store)
    outcome = chat.outcome("/actions done 4.3 evidence filed", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, UpdateLogged)
    assert outcome.reply.update.text == "evidence filed"
    assert outcome.reply.update.status_after is None
    assert "already Achieved" in outcome.reply.message
    assert "Status:" not in chat.say("/actions show 4.3", **IN_LEEDS).split("History")[1]
    assert _counts(store)[0] == updates + 1
    assert _status(store, "4.3") == "achieved"


def test_real_changes_still_happen(store: Store, chat: Chat) -> None:
    assert "now owned by Fiona Smith (was Jackie Wilson)" in chat.say(
        "/actions assign 2.3 Fiona Smith", **IN_LEEDS
    )
    assert "Logged on 2.3" in chat.say(
        "/actions update 2.3 two managers started #on-track", **IN_LEEDS
    )
    assert "Status: On track → At risk" in chat.say("/actions update 2.3 #at-risk", **IN_LEEDS)
    assert _status(store, "2.3") == "at_risk"
