"""/actions show's full history includes due-date moves and reassignments (which are kept
only in the audit trail), in time order with the progress updates."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from commands.core import Core
from commands.views import ActionDetail
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def clock(frozen_now: datetime) -> list[datetime]:
    return [frozen_now]


@pytest.fixture
def chat(store: Store, clock: list[datetime]) -> Chat:
    leeds_world(store)
    return Chat(Core(store, clock=lambda: clock[0]))


def test_due_moves_and_reassignments_are_in_the_history(chat: Chat, clock: list[datetime]) -> None:
    chat.say("/actions due 2.3 31 Aug 2016", as_="Jackie Wilson", **IN_LEEDS)
    clock[0] += timedelta(minutes=1)
    chat.say("/actions update 2.3 two managers started", as_="Jackie Wilson", **IN_LEEDS)
    clock[0] += timedelta(minutes=1)
    chat.say("/actions assign 2.3 Fiona Smith", **IN_LEEDS)
    clock[0] += timedelta(minutes=1)
    chat.say("/actions due 2.3 TBC", **IN_LEEDS)
    outcome = chat.outcome("/actions show 2.3", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, ActionDetail)
    assert [(u.author, u.text) for u in outcome.reply.history] == [
        ("console operator", "due date moved 31 Aug 2016 → no date (TBC)"),
        ("console operator", "owners changed Jackie Wilson → Fiona Smith"),
        ("Jackie Wilson", "two managers started"),
        ("Jackie Wilson", "due date moved 30 Nov 2015 → 31 Aug 2016"),
    ]
    shown = chat.say("/actions show 2.3", **IN_LEEDS)
    assert "Jackie Wilson: due date moved 30 Nov 2015 → 31 Aug 2016" in shown


def test_an_action_never_changed_has_only_its_updates(chat: Chat) -> None:
    outcome = chat.outcome("/actions show 4.2", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, ActionDetail)
    assert outcome.reply.history == []
