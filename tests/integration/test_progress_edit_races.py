"""An edit and a delete of one progress message (or two edits) delivered at the same moment
take turns: the second reads the message's updates as the first left them. Before, both read
the same live update, so a deleted message's edit could stay live (and set the action's
status), and two edits could each supersede the original, leaving two live updates.

Each test makes both deliveries read the message's updates before either writes (a barrier
after that first read), which is the order that went wrong."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from commands.core import Core
from storage.repositories.actions import ActionRepository
from storage.unit_of_work import Store
from tests.integration import test_progress_channel
from tests.integration.test_progress_channel import delete, edit, say, state

TS = "1449050400.000900"
# The Leeds world, its channel and Jackie linked: the progress tests' own fixture.
core = test_progress_channel.core


@pytest.fixture
def read_together(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each of two threads' first read of a message's updates waits for the other's."""
    barrier = threading.Barrier(2, timeout=10)
    read = ActionRepository.updates_for_message
    first = threading.local()

    def together(self: ActionRepository, *args: Any, **kwargs: Any) -> Any:
        found = read(self, *args, **kwargs)
        if not getattr(first, "done", False):
            first.done = True
            barrier.wait()
        return found

    monkeypatch.setattr(ActionRepository, "updates_for_message", together)
    yield


def _at_once(*work: Callable[[], object]) -> list[object]:
    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        return [f.result() for f in [pool.submit(w) for w in work]]


def test_an_edit_and_a_delete_at_once_leave_nothing_live(
    store: Store, core: Core, read_together: None
) -> None:
    original = state(store, "3.1")[0]
    say(core, "3.1: recruitment started #off-track", ts=TS)
    assert state(store, "3.1")[0] == "off_track" != original
    _at_once(
        lambda: edit(core, "3.1: recruitment stalled #at-risk", ts=TS),
        lambda: delete(core, ts=TS),
    )
    status, history = state(store, "3.1")
    assert [h for h in history if h[2] == "live"] == [], history
    assert status == original, history  # as it was before the message


def test_two_edits_at_once_leave_one_live_update(
    store: Store, core: Core, read_together: None
) -> None:
    say(core, "3.1: recruitment started #at-risk", ts=TS)
    _at_once(
        lambda: edit(core, "3.1: recruitment stalled A #off-track", ts=TS),
        lambda: edit(core, "3.1: recruitment going well B #on-track", ts=TS),
    )
    status, history = state(store, "3.1")
    live = [h for h in history if h[2] == "live"]
    assert len(live) == 1, history
    assert status == live[0][1], history
    # The other edit was superseded by it: each version once in the history.
    assert len(history) == 3 and sum(h[2] == "superseded" for h in history) == 2, history
