"""Actions arising from minutes before the last ones, still overdue, stay in the summary: in
its overdue section, each naming the meeting it arose at, whether or not the committee
follows its actions-arising plan, and never twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from commands.importers import run_import
from commands.summary import compose_summary
from commands.views import ActionList, MeetingSummary
from storage.unit_of_work import Store
from tests.factories import add_update, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes

APRIL_SUMMARY_AT = at("2016-03-28 09:00")
OCTOBER = ["CPAC341/1", "CPAC343/2", "CPAC343/3", "CPAC347/1"]  # outstanding, due 4 Jan 2016
JANUARY_MINUTES = (
    "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\n"
    "TUESDAY 5 JANUARY 2016\n\n"
    "CPAC400. PERFORMANCE\n\n"
    "The Committee asked for a report on placement stability.\n\n"
    "Action: Margaret Gallagher\n"
)


def _world(store: Store, tmp_path: Path, *, january_minutes: bool = True) -> int:
    """October minutes (CPAC343/1 since achieved), then January's; the April meeting's id."""
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    with seeded(store) as uow:
        done = uow.repos.actions.by_ref("CPAC343/1")[0]
        add_update(uow, done, "Reviews counted", at=at("2015-11-02 10:00"), status="achieved")
    if january_minutes:
        minutes = tmp_path / "cpac_2016-01-05.txt"
        minutes.write_text(JANUARY_MINUTES, encoding="utf-8")
        run_import(
            store, "local", "minutes", minutes, meeting="CPAC 2016-01-05", today=date(2016, 1, 12)
        )
    return world.april_id


def _summary(store: Store, meeting_id: int) -> MeetingSummary:
    now = APRIL_SUMMARY_AT
    with store.unit_of_work("local", now=now) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        return compose_summary(uow.repos, meeting, now=now, today=now.date(), tz="Europe/London")


def _prep(store: Store) -> str:
    return make_chat(store, APRIL_SUMMARY_AT).say("/meeting prep CPAC 2016-04-04")


def test_overdue_actions_from_earlier_minutes_are_in_the_overdue_section(
    store: Store, tmp_path: Path
) -> None:
    april = _world(store, tmp_path)
    view = _summary(store, april)
    assert view.arising.title == "Actions arising from CPAC 2016-01-05"
    assert [i.ref for i in view.arising.items] == ["CPAC400/1"]

    plans = view.plans
    assert plans.title == "Overdue from earlier minutes"
    assert sorted(i.ref for i in plans.items) == OCTOBER
    assert all(i.title.startswith("From CPAC 2015-10-05: ") for i in plans.items)
    assert all(i.overdue for i in plans.items)
    assert plans.note == "4 overdue from earlier minutes"

    text = _prep(store)
    overdue = text.split("Overdue from earlier minutes (4 overdue from earlier minutes)")[1]
    overdue = overdue.split("Indicators")[0]
    for ref in OCTOBER:
        assert ref in overdue
        assert text.count(ref) == 1
    assert "From CPAC 2015-10-05: " in overdue
    assert "CPAC343/1" not in text  # achieved

    more = make_chat(store, APRIL_SUMMARY_AT).outcome("/meeting more plans CPAC 2016-04-04")
    assert more is not None and isinstance(more.reply, ActionList)
    assert sorted(i.ref for i in more.reply.items) == OCTOBER
    assert all(i.title.startswith("From CPAC 2015-10-05: ") for i in more.reply.items)
    assert more.reply.title == "Overdue from earlier minutes — for CPAC 2016-04-04"


def test_an_earlier_action_not_yet_overdue_is_left_out(store: Store, tmp_path: Path) -> None:
    april = _world(store, tmp_path)
    with seeded(store) as uow:
        uow.repos.actions.by_ref("CPAC347/1")[0].due_date = date(2016, 5, 1)
    refs = [i.ref for i in _summary(store, april).plans.items]
    assert sorted(refs) == ["CPAC341/1", "CPAC343/2", "CPAC343/3"]


def test_following_the_actions_arising_plan_shows_each_action_once(
    store: Store, tmp_path: Path
) -> None:
    april = _world(store, tmp_path)
    chat = make_chat(store, APRIL_SUMMARY_AT)
    assert "follows" in chat.say("/meeting link CPAC 2016-04-04 plan cpac-actions-arising")
    view = _summary(store, april)
    assert view.plans.title == (
        "Overdue from earlier minutes, and overdue or at risk in the plans followed"
    )
    assert sorted(i.ref for i in view.plans.items) == OCTOBER
    assert all(i.title.startswith("From CPAC 2015-10-05: ") for i in view.plans.items)
    text = _prep(store)
    for ref in [*OCTOBER, "CPAC400/1"]:
        assert text.count(ref) == 1, ref


def test_with_the_last_minutes_not_loaded_carried_actions_are_not_repeated(
    store: Store, tmp_path: Path
) -> None:
    april = _world(store, tmp_path, january_minutes=False)
    view = _summary(store, april)
    assert view.arising.title == "Actions arising: minutes of CPAC 2016-01-05 not loaded yet"
    assert sorted(i.ref for i in view.arising.items) == OCTOBER
    assert view.plans.items == []
    text = _prep(store)
    for ref in OCTOBER:
        assert text.count(ref) == 1, ref
