"""Leads typed in ``/meeting item add`` follow the chat rule for owners: an unknown name is
refused with the nearest people (nothing created), ``new <name>`` adds a genuinely new person
and standard roles may be named before anyone holds them. Imports still create people."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import AuditEvent, Person, Role
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-02 10:00")
ITEM = "/meeting item add CPAC 2016-01-05 Recruitment update lead "


def _people_and_roles(store: Store) -> tuple[int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Person)) or 0,
            s.scalar(select(func.count()).select_from(Role)) or 0,
        )


@pytest.mark.parametrize(
    "lead",
    [
        "Zaphod Beeblebrox report due 17 Dec 2015",
        "nobody at all",
        "Fiona Smith/Zaphod Beeblebrox",
    ],
)
def test_an_unknown_lead_is_refused_and_nothing_is_created(store: Store, lead: str) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    before = _people_and_roles(store)
    reply = chat.say(ITEM + lead)
    assert reply.startswith("✖ I don't know anyone called"), reply
    assert "new " in reply and "Nothing was changed" in reply
    assert _people_and_roles(store) == before
    assert "Recruitment update" not in chat.say("/meeting agenda CPAC 2016-01-05")


def test_the_refusal_suggests_the_nearest_people(store: Store) -> None:
    build_world(store)
    reply = make_chat(store, NOW).say(ITEM + "Fiona Smyht")
    assert "Fiona Smith" in reply and "Nothing was changed" in reply


def test_new_prefix_adds_the_person_and_says_so(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(ITEM + "new Zaphod Beeblebrox report due 17 Dec 2015")
    assert reply.startswith("Added item 4 of CPAC 2016-01-05."), reply
    assert "New person added: Zaphod Beeblebrox." in reply
    assert "4. Recruitment update — Zaphod Beeblebrox" in reply
    with store.unit_of_work("local") as uow:
        person = uow.repos.people.person_by_key("zaphod beeblebrox")
        assert person is not None
        events = uow.session.scalars(select(AuditEvent).where(AuditEvent.entity == "person")).all()
        assert any(e.entity_id == person.id for e in events)
    # The same lead again changes nothing and adds nobody.
    before = _people_and_roles(store)
    again = chat.say(ITEM + "Zaphod Beeblebrox")
    assert again.startswith("Item 4 (Recruitment update) of CPAC 2016-01-05 already has")
    assert "Nothing was changed." in again and "New person" not in again
    assert _people_and_roles(store) == before


def test_standard_roles_and_known_people_are_accepted(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(ITEM + "Jon Abbey/HOS")
    assert "4. Recruitment update — Jon Abbey, HOS" in reply, reply
