"""Role owners of actions are named as meetings name them (``role_label``): by their title
("Committee Clerk", "Children Trust Board"), or by a key that abbreviates it ("DCS"), never as
an upper-case key like CLERK, in every list of actions and in an action's detail."""

from __future__ import annotations

from datetime import datetime

import pytest

from commands.views import ActionDetail, ActionList
from storage.unit_of_work import Store
from tests.factories import make_person, make_plan, seeded
from tests.helpers import Chat, make_chat

ROWS = [
    {"ref": "1.1", "title": "Publish the minutes", "lead": "CLERK", "due": "30 Nov 2015"},
    {"ref": "1.2", "title": "Brief the board", "lead": "Fiona Smith/ DCS", "due": "Nov 2015"},
    {"ref": "1.3", "title": "Agree the strategy", "lead": "CHILDREN TRUST BOARD", "due": "TBC"},
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
        make_plan(uow, "Board Plan", ROWS)
    return make_chat(store, frozen_now)


def owners(chat: Chat, text: str) -> dict[str, list[str]]:
    outcome = chat.outcome(text, as_="Carol Clerk")
    assert outcome is not None
    view = outcome.reply
    assert isinstance(view, ActionList), view
    return {item.ref: item.owners for item in view.items}


EXPECTED = {
    "1.1": ["Committee Clerk"],
    "1.2": ["Fiona Smith", "DCS"],
    "1.3": ["Children Trust Board"],
}


@pytest.mark.parametrize(
    "command",
    [
        "/actions mine",
        "/actions for Carol Clerk",
        "/actions plan board",
        "/actions search the",
    ],
)
def test_lists_name_role_owners_by_label(chat: Chat, command: str) -> None:
    assert owners(chat, command) == EXPECTED


def test_overdue_names_role_owners_by_label(chat: Chat) -> None:
    assert owners(chat, "/actions overdue") == {k: EXPECTED[k] for k in ("1.1", "1.2")}


def test_detail_and_text_name_role_owners_by_label(chat: Chat) -> None:
    outcome = chat.outcome("/actions show 1.1", as_="Carol Clerk")
    assert outcome is not None
    assert isinstance(outcome.reply, ActionDetail)
    assert outcome.reply.action.owners == ["Committee Clerk"]
    # The item lines (the list's title names the caller's roles by key, as typed).
    items = "\n".join(chat.say("/actions mine", as_="Carol Clerk").splitlines()[1:])
    assert "Committee Clerk" in items and "CLERK" not in items
    assert "Children Trust Board" in items and "CHILDREN TRUST BOARD" not in items
