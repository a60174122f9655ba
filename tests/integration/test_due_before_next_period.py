"""A due date "before next month" is the last day of this month (before next month starts),
not the end of next month; likewise "before next week", "before next quarter" (financial) and
"before next year". "Before the end of next month" is still the end of next month."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import make_chat

WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
SUNDAY = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def _due(store: Store, ref: str) -> date | None:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        (action,) = uow.repos.actions.by_ref(ref, plan.id)
        return action.due_date


@pytest.mark.parametrize(
    ("now", "words", "expected", "shown"),
    [
        (WEDNESDAY, "before next month", date(2026, 12, 31), "is now due Thu 31 Dec 2026"),
        (WEDNESDAY, "before the start of next month", date(2026, 12, 31), "31 Dec 2026"),
        (WEDNESDAY, "before the end of next month", date(2027, 1, 31), "Sun 31 Jan 2027"),
        (WEDNESDAY, "before next week", date(2026, 12, 11), "is now due Fri 11 Dec 2026"),
        (WEDNESDAY, "before the end of next week", date(2026, 12, 18), "18 Dec 2026"),
        # On a weekend this week's Friday is past: the last day before next week is Sunday.
        (SUNDAY, "before next week", date(2026, 12, 6), "Sun 6 Dec 2026 — a Sunday"),
        (
            WEDNESDAY,
            "before next quarter",
            date(2026, 12, 31),
            "is now due Thu 31 Dec 2026 — the end of financial Q3 2026/27 (October to "
            "December 2026)",
        ),
        (WEDNESDAY, "before next year", date(2026, 12, 31), "31 Dec 2026"),
        (WEDNESDAY, "before next financial year", date(2027, 3, 31), "31 Mar 2027"),
    ],
)
def test_before_next_period_is_the_end_of_this_one(
    store: Store, now: datetime, words: str, expected: date, shown: str
) -> None:
    leeds_world(store)
    reply = make_chat(store, now).say(f"/actions due 2.3 {words}", channel="leeds")
    assert reply.startswith("✔ ") and shown in reply, reply
    assert "overdue" not in reply, reply
    assert _due(store, "2.3") == expected
