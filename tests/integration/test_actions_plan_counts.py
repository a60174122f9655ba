"""``/actions plan`` lists every action, outstanding first; its header's counts add up to the
number listed (``4 outstanding, 1 achieved``), never "4 outstanding of 5" over five rows."""

from __future__ import annotations

from datetime import UTC, datetime

from commands.views import ActionList
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import make_chat

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
IN_LEEDS = {"channel": "leeds"}


def test_the_plan_header_counts_add_up_to_the_list(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    before = chat.outcome("/actions plan leeds")
    assert before is not None and isinstance(before.reply, ActionList)
    assert len(before.reply.items) == 7
    assert before.reply.subtitle == "5 outstanding, 1 achieved, 1 closed"
    assert "✔" in chat.say("/actions done 1.1 all finished", **IN_LEEDS)
    after = chat.outcome("/actions plan leeds")
    assert after is not None and isinstance(after.reply, ActionList)
    assert len(after.reply.items) == 7
    assert after.reply.subtitle == "4 outstanding, 2 achieved, 1 closed"
    first = chat.say("/actions plan leeds").splitlines()[0]
    assert first.startswith("Leeds Improvement Plan — 4 outstanding, 2 achieved, 1 closed (7 items")
