"""The commands answered most often leave no reference cycles behind: everything they
allocate is freed as soon as it is done with, so the cycle collector never has to stop a
server process to find it (each such pause, with 16 requests in flight, delayed all of them
by several milliseconds). On both backends."""

from __future__ import annotations

import functools
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from commands.context import Caller, MessageContext
from commands.core import Core
from commands.grammar import match
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import (
    add_monthly_indicator,
    link_channel,
    link_chat_user,
    make_person,
    make_plan,
    seeded,
)

LeftBy = Callable[[Callable[[], object]], Counter[str]]


@pytest.fixture
def cycles() -> Iterator[LeftBy]:
    """Run a function (after two calls that fill caches: statements built once per shape,
    whose construction may leave a cycle once) and count, by type, the objects it left in
    reference cycles."""

    def left_by(fn: Callable[[], object]) -> Counter[str]:
        fn()
        fn()
        gc.collect()
        flags = gc.get_debug()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for _ in range(3):
                fn()
            gc.collect()
            return Counter(type(o).__qualname__ for o in gc.garbage)
        finally:
            gc.set_debug(flags)
            gc.garbage.clear()

    yield left_by


def _world(store: Store) -> None:
    with seeded(store) as uow:
        ann = make_person(uow, "Ann Example", roles=["HOS"])
        link_chat_user(uow, "slack", "UANN", ann)
        rows = [
            {"ref": "1.1", "title": "Recruit the team", "lead": "Ann Example", "due": "2015-01-31"},
            {"ref": "1.2", "title": "Train the team", "lead": "HOS", "due": "2030-01-31"},
        ]
        link_channel(uow, make_plan(uow, "Plan", rows), "CPLAN", platform="slack")
        months = [("Oct 2015", date(2015, 10, 31), 78.0), ("Nov 2015", date(2015, 11, 30), 80.0)]
        add_monthly_indicator(uow, "pep", "PEPs", months, target=90)
        assert ann.id


def _msg(channel: str | None = None, message_id: str | None = None) -> MessageContext:
    return MessageContext(
        workspace="local",
        caller=Caller(platform="slack", user_id="UANN", real_name="Ann Example"),
        channel_id=channel,
        message_id=message_id,
    )


def test_reads_and_channel_updates_leave_no_cycles(store: Store, cycles: LeftBy) -> None:
    _world(store)
    core = Core(store, clock=lambda: FROZEN_NOW)
    # (Not every command: SQLAlchemy's "selectin" loading, as of /actions show, leaves a small
    # cycle of its own per load.)
    for text in ("/kpi pep", "/actions mine", "/actions overdue", "/actions mine overdue"):
        outcome = core.handle(_msg(), text)
        assert outcome is not None and outcome.understood, text
        assert cycles(functools.partial(core.handle, _msg(), text)) == Counter(), text
    sent = iter(range(100))

    def update() -> object:
        n = next(sent)
        outcome = core.handle(_msg("CPLAN", f"m{n}"), f"1.1: progress note {n} #on-track")
        assert outcome is not None and outcome.changed
        return outcome

    # A logged update, its audit rows included.
    assert cycles(update) == Counter()


def test_matching_a_command_leaves_no_cycles(cycles: LeftBy) -> None:
    usage = "mine [overdue] [due <when...>]"
    words = ["mine", "due", "next", "week"]
    assert match(usage, words) == {"mine": True, "due": True, "when": "next week"}
    assert cycles(lambda: match(usage, words)) == Counter()
