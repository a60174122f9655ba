"""Wording of scheduled work: how many days before a meeting summaries go out, and why posts
wait outside sending hours."""

from __future__ import annotations

import pytest

from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from storage.models import Workspace
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world


@pytest.mark.parametrize(
    ("days", "words"),
    [
        ("0", "on the day of the meeting"),
        ("1", "1 day before"),
        ("14 7 1", "14, 7 and 1 days before"),
        ("7 0", "7 days before and on the day of the meeting"),
    ],
)
def test_summary_days_are_worded_plainly(store: Store, days: str, words: str) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-01 10:00"))
    assert chat.say(f"/meeting summaries CPAC days {days}") == (
        f"✔ Corporate Parenting Advisory Committee's summaries go out {words}."
    )
    reply = chat.say("/meeting add CPAC 2016-02-01 10:00")
    assert f"Summaries go to #C-CPAC {words}." in reply


def test_adding_a_meeting_when_summaries_are_off_says_so(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, at("2015-12-01 10:00"))
    chat.say("/meeting summaries CPAC off")
    reply = chat.say("/meeting add CPAC 2016-02-01 10:00")
    assert "Scheduled summaries are off for this committee" in reply
    assert "no days" not in reply


def _run(store: Store, moment: str) -> str:
    return run_due(
        store, NotifierRegistry({"slack": RecordingNotifier()}), now=at(moment)
    ).summary()


def test_waiting_posts_say_why_and_until_when(store: Store) -> None:
    build_world(store)
    # Saturday 26 March 2016, 09:00 (GMT): the weekend, then Easter Monday.
    saturday = _run(store, "2016-03-26 09:00")
    assert (
        "Sat 26 Mar 2016 is not a working day: nothing is sent until Tue 29 Mar 2016, 08:00."
    ) in saturday
    assert "local" not in saturday
    monday = _run(store, "2016-03-28 09:00")
    assert "Mon 28 Mar 2016 is not a working day (bank holiday)" in monday
    night = _run(store, "2016-03-24 19:30")  # Thursday; Friday 25 is Good Friday
    assert (
        "19:30 is outside sending hours (08:00–18:00): nothing is sent until Tue 29 Mar 2016, "
    ) in night


def test_several_workspaces_are_named_by_their_names(store: Store) -> None:
    build_world(store)
    store.ensure_workspace("T0123", platform="slack", name="Leeds CSC")
    with store.session_factory() as session, session.begin():
        session.query(Workspace).filter(Workspace.key == "local").update({"name": "Demo council"})
    text = _run(store, "2016-03-26 09:00")
    assert "In Demo council and Leeds CSC, Sat 26 Mar 2016 is not a working day" in text
    assert "T0123" not in text
