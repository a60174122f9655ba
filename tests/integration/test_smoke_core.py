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


def test_a_ref_typed_without_a_command_is_answered_with_the_commands_it_likely_meant(
    store: Store, frozen_now: datetime
) -> None:
    chat = make_chat(store, frozen_now)
    alone = chat.outcome("/actions 2.3")
    assert alone is not None and not alone.understood
    assert alone.reply.suggestions[:2] == [  # type: ignore[union-attr]
        "/actions show 2.3",
        "/actions update 2.3 <text...>",
    ]
    update = chat.outcome("/actions 2.3: KASS team recruited #on-track")
    assert update is not None and not update.understood and not update.changed
    assert update.reply.suggestions[0] == (  # type: ignore[union-attr]
        "/actions update 2.3 KASS team recruited #on-track"
    )
    # Every usage is still listed after the suggestions, once.
    assert update.reply.suggestions.count("/actions mine [overdue] [due <when...>]") == 1  # type: ignore[union-attr]
    long = chat.outcome("/actions 2.3 " + "word " * 40)
    assert long is not None
    assert long.reply.suggestions[0] == "/actions update 2.3 <text...>"  # type: ignore[union-attr]
    # A word that is no ref gets the group's usages only.
    other = chat.outcome("/actions frobnicate")
    assert other is not None and not other.reply.suggestions[0].startswith("/actions show")  # type: ignore[union-attr]
