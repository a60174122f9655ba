"""``/meeting item add`` for an item already on the agenda changes only what it is given: a
report deadline alone keeps the leads, and the reply says what changed (leads removed and
added by name). The ``/meeting move`` refusal over report deadlines suggests a command that
works as typed."""

from __future__ import annotations

from datetime import date

from storage.models import AgendaItem
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-01 10:00")


def _item(store: Store, meeting_id: int, title: str) -> tuple[list[str], date | None]:
    with store.session_factory() as session:
        item = (
            session.query(AgendaItem)
            .filter(AgendaItem.meeting_id == meeting_id, AgendaItem.title == title)
            .one()
        )
        names = [o.person.name if o.person is not None else o.role.key for o in item.owners]
        return names, item.report_due


def test_a_deadline_alone_keeps_the_leads_and_says_what_changed(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    two = chat.say(
        "/meeting item add CPAC 2016-01-05 Performance lead Margaret Gallagher, "
        "Dominic Porter-Moore"
    )
    assert two.splitlines()[0] == (
        "Updated item 1 of CPAC 2016-01-05. Leads: added Dominic Porter-Moore "
        "(now Margaret Gallagher, Dominic Porter-Moore)."
    )
    reply = chat.say("/meeting item add CPAC 2016-01-05 Performance report due 8/12")
    assert reply.splitlines()[0] == (
        "Report deadline of item 1 (Performance) of CPAC 2016-01-05 moved from 17 Dec 2015 "
        "to 8 Dec 2015; leads unchanged: Margaret Gallagher, Dominic Porter-Moore."
    )
    assert _item(store, world.january_id, "Performance") == (
        ["Margaret Gallagher", "Dominic Porter-Moore"],
        date(2015, 12, 8),
    )
    same = chat.say("/meeting item add CPAC 2016-01-05 Performance report due 8 Dec 2015")
    assert same.splitlines()[0].endswith("Nothing was changed.")
    assert "already due 8 Dec 2015" in same


def test_new_leads_for_an_existing_item_name_who_was_removed(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    chat.say(
        "/meeting item add CPAC 2016-01-05 Performance lead Margaret Gallagher, "
        "Dominic Porter-Moore"
    )
    reply = chat.say("/meeting item add CPAC 2016-01-05 Performance lead Fiona Smith")
    assert reply.splitlines()[0] == (
        "Updated item 1 of CPAC 2016-01-05. Leads: removed Margaret Gallagher, "
        "Dominic Porter-Moore; added Fiona Smith (now Fiona Smith)."
    )
    assert _item(store, world.january_id, "Performance")[0] == ["Fiona Smith"]


def test_a_new_item_without_leads_is_refused(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting item add CPAC 2016-01-05 Budget report due 8/12")
    assert reply.startswith("✖ CPAC 2016-01-05 has no agenda item “Budget”, and a new one")
    assert "Nothing was changed." in reply
    assert "Budget" not in chat.say("/meeting agenda CPAC 2016-01-05")


def test_the_move_refusal_suggests_a_command_that_works_as_typed(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    chat.say(
        "/meeting item add CPAC 2016-01-05 Performance lead Margaret Gallagher, "
        "Dominic Porter-Moore"
    )
    refused = chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10")
    suggested = refused.split("`")[1]
    assert suggested == "/meeting item add CPAC 2016-01-05 Performance report due 10 Dec 2015"
    assert "Report deadline of item 1" in chat.say(suggested)
    assert _item(store, world.january_id, "Performance") == (
        ["Margaret Gallagher", "Dominic Porter-Moore"],
        date(2015, 12, 10),
    )
    # The next refusal names the item still in the way, by its own title.
    again = chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10")
    assert again.split("`")[1] == (
        "/meeting item add CPAC 2016-01-05 Mystery Shopping report due 10 Dec 2015"
    )
    chat.say(again.split("`")[1])
    assert chat.say("/meeting move CPAC 2016-01-05 to 2015-12-10").startswith(
        "Moved CPAC 2016-01-05"
    )
