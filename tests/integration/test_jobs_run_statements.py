"""A run of the scheduled jobs sends a bounded number of statements for each post it delivers:
a county's Monday (400 weekly digests) took about 20 a post, each post claimed, read back,
renewed and enqueued on its own, and each digest planned with three queries of its own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.owner_store import set_action_owners
from storage.unit_of_work import Store
from tests.factories import add_action, link_chat_user, make_person, make_plan, seeded

# Monday 7 December 2026, 09:30 in London: the weekly digests are due.
MONDAY = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
# Statements sent for each digest delivered (its planning share, claim, composing, marking it
# sent with its audit row).
PER_POST = 10


def _people(store: Store, first: int, count: int) -> None:
    """``count`` officers with chat accounts, each leading one action due next year."""
    with seeded(store) as uow:
        plan = make_plan(uow, f"Plan {first}")
        for n in range(first, first + count):
            person = make_person(uow, f"Sam Smith {n}")
            link_chat_user(uow, "slack", f"U-{n}", person)
            row = {"ref": str(n + 1), "title": f"Task {n}", "due": date(2027, 6, 30)}
            set_action_owners(add_action(uow, plan, row, position=n), [person])


def _statements(store: Store, now: datetime) -> tuple[int, int]:
    """(posts sent, statements sent) by one run at ``now``."""
    sent: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        report = run_due(store, NotifierRegistry({"slack": RecordingNotifier()}), now=now)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return report.sent, len(sent)


def test_each_digest_delivered_costs_a_bounded_number_of_statements(store: Store) -> None:
    _people(store, 0, 10)
    few, few_statements = _statements(store, MONDAY)
    assert few == 10
    _people(store, 10, 30)
    # A week later all 40 get their digest.
    many, many_statements = _statements(store, MONDAY.replace(day=14))
    assert many == 40
    extra = (many_statements - few_statements) / (many - few)
    assert extra <= PER_POST, (few_statements, many_statements)
