"""The core answers through the registry on both backends."""

from __future__ import annotations

from datetime import datetime

from storage.unit_of_work import Store
from tests.helpers import make_chat


def test_actions_help_lists_registered_commands(store: Store, frozen_now: datetime) -> None:
    chat = make_chat(store, frozen_now)
    reply = chat.say("/actions help")
    assert "/actions mine" in reply


def test_unknown_subcommand_is_not_understood(store: Store, frozen_now: datetime) -> None:
    chat = make_chat(store, frozen_now)
    outcome = chat.outcome("/actions frobnicate")
    assert outcome is not None and not outcome.understood
    assert "didn't understand" in chat.say("/actions frobnicate")
