"""Chat commands never create people or roles from a typo: an unknown owner is refused with
suggestions, and ``new <name>`` adds a genuinely new person (the reply says so)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from commands.presenters import owner_names
from commands.views import Notice
from storage.models import Action, AuditEvent, Person, Role
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def _people_and_roles(store: Store) -> tuple[int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Person)) or 0,
            s.scalar(select(func.count()).select_from(Role)) or 0,
        )


def _owners(store: Store, ref: str) -> list[str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return owner_names(action)


def _error(chat: Chat, text: str) -> str:
    outcome = chat.outcome(text, **IN_LEEDS)
    assert outcome is not None
    assert isinstance(outcome.reply, Notice) and outcome.reply.level == "error", outcome.reply
    return outcome.reply.text


@pytest.mark.parametrize(
    "text",
    [
        "/actions assign 2.3 nobody at all",
        "/actions assign 2.3 Nobody Real",
        "/actions assign 2.3 Fiona Smith/Nobody Real",
        "/actions add Test owner Nobody Real due TBC",
        "/actions add Test owner fiona smyth and Bogus Board due TBC",
    ],
)
def test_unknown_owners_are_refused_and_nothing_is_created(
    store: Store, chat: Chat, text: str
) -> None:
    before = _people_and_roles(store)
    message = _error(chat, text)
    assert "I don't know anyone called" in message
    assert "Nothing was changed" in message
    assert "new " in message  # says how to add a new person
    assert _people_and_roles(store) == before
    assert _owners(store, "2.3") == ["Jackie Wilson"]


def test_channel_mentions_are_not_owners(store: Store, chat: Chat) -> None:
    before = _people_and_roles(store)
    message = _error(chat, "/actions assign 2.3 <!channel>")
    assert "mentions a channel" in message and "Nothing was changed" in message
    assert _people_and_roles(store) == before


def test_refusal_suggests_the_nearest_people(chat: Chat) -> None:
    assert "Fiona Smith" in _error(chat, "/actions assign 2.3 Fiona Smyht")


def test_new_prefix_adds_a_person_and_says_so(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions assign 2.3 new Jane Doe", **IN_LEEDS)
    assert "now owned by Jane Doe" in reply and "New person added: Jane Doe" in reply
    assert _owners(store, "2.3") == ["Jane Doe"]
    reply = chat.say("/actions add Recruit IROs owner new:lee brown/IRO due TBC", **IN_LEEDS)
    assert "Lee Brown" in reply and "New person added: Lee Brown" in reply
    with store.unit_of_work("local") as uow:
        person = uow.repos.people.person_by_key("lee brown")
        assert person is not None
        events = uow.session.scalars(select(AuditEvent).where(AuditEvent.entity == "person")).all()
        assert any(e.entity_id == person.id for e in events)


def test_new_prefix_for_an_existing_person_adds_nobody(store: Store, chat: Chat) -> None:
    before = _people_and_roles(store)
    reply = chat.say("/actions assign 2.3 new Fiona Smith", **IN_LEEDS)
    assert "now owned by Fiona Smith" in reply and "New person" not in reply
    assert "Fiona Smith was known already, so no new person was added." in reply, reply
    assert _people_and_roles(store) == before


def test_standard_roles_may_be_named_before_anyone_holds_them(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions assign 2.3 IRO", **IN_LEEDS)
    assert "now owned by IRO" in reply
    assert _owners(store, "2.3") == ["IRO"]


def test_existing_people_and_roles_are_still_found(store: Store, chat: Chat) -> None:
    before = _people_and_roles(store)
    chat.say("/actions assign 2.3 sally/head of service", **IN_LEEDS)
    assert _owners(store, "2.3") == ["Sally Threlfall", "HOS"]
    assert _people_and_roles(store) == before


def test_an_existing_role_named_new_is_not_a_new_person(store: Store, chat: Chat) -> None:
    from tests.factories import make_person, seeded

    with seeded(store) as uow:
        make_person(uow, "Nina Lane", roles=["NEW STARTERS TEAM"])
    before = _people_and_roles(store)
    reply = chat.say("/actions assign 2.3 New Starters Team", **IN_LEEDS)
    assert "now owned by NEW STARTERS TEAM" in reply and "added" not in reply
    assert _people_and_roles(store) == before


@pytest.mark.parametrize("typed", ["new Jane Testperson", "new:Jane Testperson", "new Fiona Smith"])
def test_the_lead_of_an_action_added_with_new_is_the_name_not_the_word_new(
    store: Store, chat: Chat, typed: str
) -> None:
    reply = chat.say(f"/actions add Check the rota owner {typed} due 31 March 2016", **IN_LEEDS)
    assert reply.startswith("✔ Added")
    with store.unit_of_work("local") as uow:
        action = uow.session.scalar(select(Action).where(Action.title == "Check the rota"))
        assert action is not None
        assert action.lead_text == typed.removeprefix("new").lstrip(" :")


@pytest.mark.parametrize(
    ("typed", "lead"),
    [("Fiona Smoth", "Fiona Smith"), ("fiona smith / hos", "Fiona Smith, HOS")],
)
def test_the_lead_of_an_added_action_names_the_owners_found_not_the_words_typed(
    store: Store, chat: Chat, typed: str, lead: str
) -> None:
    # An export writes the lead text; an import elsewhere would read "Fiona Smoth" as
    # somebody else.
    reply = chat.say(f"/actions add Check the rota owner {typed} due 31 March 2016", **IN_LEEDS)
    assert reply.startswith("✔ Added"), reply
    with store.unit_of_work("local") as uow:
        action = uow.session.scalar(select(Action).where(Action.title == "Check the rota"))
        assert action is not None
        assert action.lead_text == lead
