"""Actions arising when the meeting before has no minutes loaded yet: the summary says so and
carries forward the actions still outstanding from earlier meetings' minutes."""

from __future__ import annotations

from datetime import date, datetime

from commands.summary import compose_summary
from commands.views import ActionList, MeetingSummary
from storage.unit_of_work import Store
from tests.factories import add_update, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes

SUMMARY_AT = at("2015-12-29 09:00")


def _summary(store: Store, meeting_id: int, now: datetime = SUMMARY_AT) -> MeetingSummary:
    with store.unit_of_work("local", now=now) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        return compose_summary(uow.repos, meeting, now=now, today=now.date(), tz="Europe/London")


def _world_with_a_december_meeting(store: Store) -> int:
    """October minutes loaded (one action arising achieved), then a December meeting added."""
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    with seeded(store) as uow:
        done = uow.repos.actions.by_ref("CPAC343/1")[0]
        add_update(uow, done, "Reviews counted", at=at("2015-11-02 10:00"), status="achieved")
    make_chat(store, at("2015-12-01 10:00")).say("/meeting add CPAC 2015-12-10 18:30")
    return world.january_id


def test_minutes_not_loaded_carries_outstanding_actions_forward(store: Store) -> None:
    january = _world_with_a_december_meeting(store)
    arising = _summary(store, january).arising
    assert arising.title == "Actions arising: minutes of CPAC 2015-12-10 not loaded yet"
    assert "No actions arose" not in arising.empty_text
    assert arising.total == 4
    assert arising.note.startswith("4 still outstanding from earlier meetings")
    assert sorted(i.ref for i in arising.items) == [
        "CPAC341/1",
        "CPAC343/2",
        "CPAC343/3",
        "CPAC347/1",
    ]
    assert all(i.title.startswith("From CPAC 2015-10-05: ") for i in arising.items)

    text = make_chat(store, SUMMARY_AT).say("/meeting prep CPAC 2016-01-05")
    assert "Actions arising: minutes of CPAC 2015-12-10 not loaded yet (4 still" in text
    assert "No actions arose" not in text

    chat = make_chat(store, SUMMARY_AT)
    more = chat.outcome("/meeting more arising CPAC 2016-01-05")
    assert more is not None and isinstance(more.reply, ActionList)
    assert len(more.reply.items) == 4
    assert all(i.title.startswith("From CPAC 2015-10-05: ") for i in more.reply.items)


def test_minutes_not_loaded_and_nothing_outstanding_says_so(store: Store) -> None:
    world = build_world(store)
    make_chat(store, at("2015-12-01 10:00")).say("/meeting add CPAC 2015-12-10 18:30")
    arising = _summary(store, world.january_id).arising
    assert arising.items == []
    assert arising.title == "Actions arising: minutes of CPAC 2015-12-10 not loaded yet"
    assert arising.empty_text == (
        "Nothing is outstanding from earlier meetings' minutes. Load the minutes with "
        "/meeting minutes CPAC 2015-12-10."
    )


def test_minutes_loaded_with_no_actions_say_none_arose(store: Store) -> None:
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    make_chat(store, at("2015-12-01 10:00")).say("/meeting add CPAC 2015-12-10 18:30")
    with store.unit_of_work("local", actor="test", now=at("2015-12-11 10:00")) as uow:
        from commands.importers.minutes import import_minutes

        import_minutes(
            uow,
            "The committee noted the report.",
            meeting="CPAC 2015-12-10",
            today=date(2015, 12, 11),
        )
        uow.commit()
    arising = _summary(store, world.january_id).arising
    assert arising.title == "Actions arising from CPAC 2015-12-10"
    assert arising.items == []
    assert arising.empty_text == "No actions arose from CPAC 2015-12-10."
