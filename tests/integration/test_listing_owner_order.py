"""Lists of actions name each action's owners in owner order (their ``position``), whatever
order the rows were written in, on both backends: SQLite's one-query listing reads the owners
as JSON and puts them in order itself. Names JSON must escape come back as written."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update

from commands.views import ActionList
from storage.models import ActionOwner
from storage.unit_of_work import Store
from tests.factories import make_person, make_plan, seeded
from tests.helpers import Chat, make_chat

ACCENTED = "Zoë Ünal"
# A role named by its title, which JSON must escape.
TITLE = 'The "Panel" \\ Board'
ROWS = [
    {"ref": "1.1", "title": "Three", "lead": f"Fiona Smith/ PANEL/ {ACCENTED}", "due": "TBC"},
]


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    with seeded(store) as uow:
        uow.repos.people.get_or_create_role("PANEL", TITLE)
        make_person(uow, "Fiona Smith")
        make_person(uow, ACCENTED)
        make_person(uow, "Carol Clerk", roles=["PANEL"])
        make_plan(uow, "Board Plan", ROWS)
    return make_chat(store, frozen_now)


def _owners(chat: Chat) -> dict[str, list[str]]:
    # "/actions mine" (Carol holds PANEL): a listing, read in one query.
    outcome = chat.outcome("/actions mine", as_="Carol Clerk")
    assert outcome is not None and isinstance(outcome.reply, ActionList), outcome
    return {item.ref: item.owners for item in outcome.reply.items}


def test_owners_in_the_order_written(chat: Chat) -> None:
    assert _owners(chat)["1.1"] == ["Fiona Smith", TITLE, ACCENTED]


def test_owners_follow_their_positions_not_their_row_order(chat: Chat, store: Store) -> None:
    with seeded(store) as uow:
        rows = uow.session.scalars(select(ActionOwner).order_by(ActionOwner.id)).all()
        assert len(rows) == 3
        # Reverse the owners' positions: the newest row now comes first.
        for position, owner in enumerate(reversed(rows)):
            uow.session.execute(
                update(ActionOwner).where(ActionOwner.id == owner.id).values(position=position)
            )
    assert _owners(chat) == {"1.1": [ACCENTED, TITLE, "Fiona Smith"]}
