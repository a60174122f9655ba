"""A long agenda is capped in the pre-meeting summary like its other sections: the items to
see to first (reports late, then awaited by deadline), shown in agenda order, counts over the
whole agenda, and the command that lists it all."""

from __future__ import annotations

from datetime import date

from commands.meeting_store import add_agenda_item
from commands.summary import MAX_AGENDA_ITEMS
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_summary import SUMMARY_AT, _summary
from tests.integration.test_meeting_world import at, build_world, import_fixture_minutes

LATE = (43, 44, 45)  # report due 10 Dec 2015: late on 29 Dec


def long_agenda(store: Store, meeting_id: int) -> None:
    """Items 4 to 45 on the January agenda (which has 3): the last three with late reports,
    item 20 with one due 31 Dec 2015, the others with no deadline."""
    with seeded(store) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        for n in range(4, 46):
            due = date(2015, 12, 10) if n in LATE else date(2015, 12, 31) if n == 20 else None
            add_agenda_item(uow.repos, meeting, f"Standing item {n}", "Jon Abbey", due)


def test_a_45_item_agenda_shows_the_items_to_see_to_and_a_count_of_the_rest(
    store: Store,
) -> None:
    world = build_world(store)
    import_fixture_minutes(store, at("2015-10-20 10:00"))
    long_agenda(store, world.january_id)
    view = _summary(store, world.january_id)

    assert view.agenda_total == 45
    assert len(view.agenda) == MAX_AGENDA_ITEMS == 10
    # Late reports first (items 1 and 2, due 17 Dec; 43 to 45), then those awaited (item 20),
    # then the rest in agenda order; shown in agenda order.
    assert [a.position for a in view.agenda] == [1, 2, 3, 4, 5, 6, 20, 43, 44, 45]
    assert view.agenda_more == 35
    assert view.agenda_more_command == "/meeting agenda CPAC 2016-01-05"
    assert view.agenda_note == (
        "45 items, 0 reports in, 5 late; 10 shown in agenda order, late and awaited reports chosen "
        "first"
    )

    text = make_chat(store, SUMMARY_AT).say("/meeting prep CPAC 2016-01-05")
    assert "Agenda (45 items, 0 reports in, 5 late; 10 shown" in text
    assert "  45. Standing item 45" in text and "Standing item 7 " not in text
    assert "  … and 35 more: /meeting agenda CPAC 2016-01-05" in text
    assert "Actions arising from CPAC 2015-10-05" in text
    # The command it names lists every item.
    agenda = make_chat(store, SUMMARY_AT).say("/meeting agenda CPAC 2016-01-05")
    assert "Standing item 7" in agenda and "Standing item 45" in agenda


def test_an_agenda_of_ten_items_is_shown_whole(store: Store) -> None:
    world = build_world(store)
    with seeded(store) as uow:
        meeting = uow.repos.meetings.meeting_by_id(world.january_id)
        assert meeting is not None
        for n in range(4, 11):
            add_agenda_item(uow.repos, meeting, f"Standing item {n}", "Jon Abbey", None)
    view = _summary(store, world.january_id)
    assert [a.position for a in view.agenda] == list(range(1, 11))
    assert view.agenda_more == 0 and view.agenda_more_command == ""
    assert view.agenda_note == "10 items, 0 reports in, 2 late"
