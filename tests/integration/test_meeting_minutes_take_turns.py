"""Minutes pasted into the chat form take turns with imports into the same workspace, as
``csbot import`` runs do with each other: they wait for an import under way to finish, then
read what it wrote. Before, the form did not wait on PostgreSQL, and a clash with the import
(the same actions arising) came back as raw constraint text."""

from __future__ import annotations

import threading
import time

from commands.core import Core
from commands.handlers.meetings import submit_minutes
from commands.views import ActionList, Outcome
from storage.unit_of_work import Store
from tests.factories import make_person, seeded
from tests.integration.test_meeting_minutes import NOW
from tests.integration.test_meeting_world import MINUTES, build_world, slack_msg


def test_minutes_pasted_in_chat_wait_for_an_import_under_way(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Jon Abbey", roles=["CLERK"])
    core = Core(store, clock=lambda: NOW)
    outcomes: list[Outcome] = []

    def paste() -> None:
        msg = slack_msg("U-JON", NOW)
        outcomes.append(core.run_view(msg, lambda h: submit_minutes(h, "CPAC 2015-10-05", MINUTES)))

    with store.unit_of_work("local", actor="import") as other:
        other.take_turn()  # an import under way
        pasting = threading.Thread(target=paste)
        pasting.start()
        time.sleep(0.5)
        assert pasting.is_alive() and not outcomes  # waiting for its turn
    pasting.join(timeout=20)
    assert not pasting.is_alive()
    [outcome] = outcomes
    assert isinstance(outcome.reply, ActionList), outcome.reply
    assert "5 new" in outcome.reply.subtitle
