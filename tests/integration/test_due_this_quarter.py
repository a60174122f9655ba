"""“this quarter”, “end of this quarter” and “this financial year” are due dates: the end of
the financial quarter (or year) under way, quarters being financial everywhere in csbot; the
reply names the date and the quarter. They were refused as no date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import make_chat

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # financial Q3 2026/27
Q3 = "the end of financial Q3 2026/27 (October to December 2026)"
Q4 = "the end of financial Q4 2026/27 (January to March 2027)"


def _due(store: Store, ref: str) -> tuple[date | None, str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        (action,) = uow.repos.actions.by_ref(ref, plan.id)
        return action.due_date, action.due_text


@pytest.mark.parametrize(
    ("words", "expected", "shown"),
    [
        ("this quarter", date(2026, 12, 31), f"is now due Thu 31 Dec 2026 — {Q3}"),
        ("end of this quarter", date(2026, 12, 31), f"is now due Thu 31 Dec 2026 — {Q3}"),
        ("by the end of the quarter", date(2026, 12, 31), Q3),
        ("next quarter", date(2027, 3, 31), f"is now due Wed 31 Mar 2027 — {Q4}"),
        ("this financial year", date(2027, 3, 31), "is now due 31 Mar 2027"),
        ("next financial year", date(2028, 3, 31), "is now due 31 Mar 2028"),
    ],
)
def test_this_quarter_is_a_due_date_named_back(
    store: Store, words: str, expected: date, shown: str
) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(f"/actions due 2.3 {words}", channel="leeds")
    assert reply.startswith("✔ ") and shown in reply, reply
    due, kept = _due(store, "2.3")
    assert due == expected
    # Read from today, a quarter is kept as the date it named (it would name another date
    # later); a year's words are kept as typed, as "end of financial year" always was.
    assert kept == (words if "year" in words else f"{expected.day} {expected:%b %Y}")


def test_an_action_added_due_this_quarter(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say("/actions add Visit panel owner Fiona Smith due this quarter", channel="leeds")
    assert f"due Thu 31 Dec 2026 — {Q3}" in reply, reply
