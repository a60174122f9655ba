"""Role owners are named by their label (``role_label``) in refusals, in the confirmations of
``/actions add`` and ``assign`` and in list titles; ``/actions due … TBC`` reads naturally; and
``/actions add`` refuses a title an outstanding action of the plan already has."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from storage.models import Action, AuditEvent
from storage.unit_of_work import Store
from tests.factories import make_person, make_plan, seeded
from tests.helpers import Chat, make_chat

ROWS = [
    {"ref": "1.1", "title": "Publish the minutes", "lead": "CLERK", "due": "30 Nov 2015"},
    {"ref": "1.2", "title": "Brief the board", "lead": "Fiona Smith/ DCS", "due": "Nov 2015"},
    {"ref": "1.3", "title": "Agree the strategy", "lead": "CHILDREN TRUST BOARD", "due": "TBC"},
    {
        "ref": "1.4",
        "title": "Close the old plan",
        "lead": "CLERK",
        "due": "TBC",
        "status": "achieved",
    },
]


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    with seeded(store) as uow:
        people = uow.repos.people
        people.get_or_create_role("CLERK", "Committee Clerk")
        people.get_or_create_role("DCS", "Director of Children's Services")
        people.get_or_create_role("CHILDREN TRUST BOARD", "Children Trust Board")
        make_person(uow, "Carol Clerk", roles=["CLERK", "DCS", "CHILDREN TRUST BOARD"])
        make_person(uow, "Fiona Smith")
        make_person(uow, "Tom Other")
        make_plan(uow, "Board Plan", ROWS)
    return make_chat(store, frozen_now)


def _count(store: Store, table: type) -> int:
    with store.unit_of_work("local") as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_refusal_names_role_owners_by_label(chat: Chat) -> None:
    reply = chat.say("/actions done 1.1", as_="Tom Other")
    assert "Only the owners of 1.1 (Committee Clerk)" in reply, reply
    assert "CLERK" not in reply


def test_assign_confirmation_names_roles_by_label(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions assign 1.2 CHILDREN TRUST BOARD", as_="Carol Clerk")
    assert "now owned by Children Trust Board (was Fiona Smith, DCS)" in reply, reply
    again = chat.say("/actions assign 1.2 CHILDREN TRUST BOARD", as_="Carol Clerk")
    assert "already owned by Children Trust Board" in again, again
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("board-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref("1.2", plan.id)[0]
        # As people write it, and read back as the same role by an import.
        assert action.lead_text == "Children Trust Board"
    chat.say("/actions assign 1.2 CLERK/Fiona Smith", as_="Carol Clerk")
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("board-plan")
        assert plan is not None
        action = uow.repos.actions.by_ref("1.2", plan.id)[0]
        # "Committee Clerk" would be read as another role: the key is written.
        assert action.lead_text == "CLERK, Fiona Smith"


def test_add_confirmation_names_roles_by_label(chat: Chat) -> None:
    reply = chat.say("/actions add Write the report owner CLERK due TBC", as_="Carol Clerk")
    assert "owner Committee Clerk" in reply and "CLERK" not in reply, reply


def test_list_titles_name_roles_by_label(chat: Chat) -> None:
    for command in ("/actions mine", "/actions for Carol Clerk"):
        title = chat.say(command, as_="Carol Clerk").splitlines()[0]
        assert "Committee Clerk" in title and "Children Trust Board" in title, title
        assert "CLERK" not in title and "DCS" in title


def test_due_tbc_reads_naturally(chat: Chat) -> None:
    reply = chat.say("/actions due 1.1 TBC", as_="Carol Clerk")
    assert "1.1 now has no due date (“TBC”)" in reply, reply
    assert "is now with" not in reply
    assert "1.1 is now due" in chat.say("/actions due 1.1 31 March 2016", as_="Carol Clerk")


@pytest.mark.parametrize("title", ["Publish the minutes", "publish the  MINUTES!"])
def test_add_refuses_a_duplicate_outstanding_title(store: Store, chat: Chat, title: str) -> None:
    before = (_count(store, Action), _count(store, AuditEvent))
    reply = chat.say(f"/actions add {title} owner CLERK due TBC", as_="Carol Clerk")
    assert "1.1" in reply and "Nothing was changed" in reply, reply
    assert "different title" in reply
    assert (_count(store, Action), _count(store, AuditEvent)) == before


def test_add_allows_the_title_of_a_closed_action(store: Store, chat: Chat) -> None:
    reply = chat.say("/actions add Close the old plan owner CLERK due TBC", as_="Carol Clerk")
    assert reply.startswith("✔ Added") or "Added 1.5" in reply, reply
