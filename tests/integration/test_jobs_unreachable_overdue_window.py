"""The run report names the overdue actions nobody can be reminded about whose overdue nudge
is due in this run, and says why an action overdue for longer is not among them (the demo's
1.8 and 5.2 were left out of "4 overdue actions have nobody to remind" without a word)."""

from __future__ import annotations

from datetime import date

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.integration.test_meeting_world import at, build_world

NOW = at("2016-01-07 09:00")  # a Thursday


def test_the_overdue_line_says_older_overdue_actions_are_not_nudged(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_plan(
            uow,
            "QA Plan",
            [
                # Fell overdue on Tue 5 Jan: its overdue nudge is due now, nobody to send it to.
                {"ref": "1", "title": "Recent", "lead": "Dan Mockley", "due": date(2016, 1, 4)},
                # Overdue since November: its nudge window closed long ago.
                {"ref": "2", "title": "Old", "lead": "Dan Mockley", "due": date(2015, 11, 2)},
            ],
        )
    report = run_due(store, NotifierRegistry({"slack": RecordingNotifier()}), now=NOW)
    assert report.unreachable == [
        "1 overdue action has nobody to remind: 1 (Dan Mockley: no chat account). (The overdue "
        "nudge goes out in the 7 days after an action falls overdue: actions overdue for longer "
        "are not nudged, so not named here.)"
    ]
