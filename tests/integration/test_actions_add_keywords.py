"""/actions add splits at the LAST ``owner`` and ``due``: a title may use those words."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from commands.views import Notice
from storage.models import Action, Role
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def _added(store: Store, title_start: str) -> Action:
    with store.unit_of_work("local") as uow:
        found = uow.session.scalars(select(Action).where(Action.title.startswith(title_start)))
        action = found.one()
        _ = [(o.person, o.role) for o in action.owners]
        uow.session.expunge_all()
        return action


def _role_keys(store: Store) -> set[str]:
    with store.unit_of_work("local") as uow:
        return set(uow.session.scalars(select(Role.key)))


@pytest.mark.parametrize(
    ("text", "title", "owner", "due"),
    [
        (
            "/actions add Appoint a new owner for the fostering contract owner HOS "
            "due 31 March 2016 plan leeds",
            "Appoint a new owner for the fostering contract",
            "HOS",
            "31 March 2016",
        ),
        (
            "/actions add Chase reports due monthly owner Fiona Smith due end of March 2016",
            "Chase reports due monthly",
            "Fiona Smith",
            "end of March 2016",
        ),
    ],
)
def test_title_keeps_its_own_owner_and_due_words(
    store: Store, chat: Chat, text: str, title: str, owner: str, due: str
) -> None:
    roles = _role_keys(store)
    outcome = chat.outcome(text, channel="leeds")
    assert outcome is not None
    assert isinstance(outcome.reply, Notice) and outcome.reply.level == "success", outcome.reply
    action = _added(store, title[:20])
    assert action.title == title
    assert action.lead_text == owner and action.due_text == due
    assert [o.person.name if o.person else o.role.key for o in action.owners] == [owner]  # type: ignore[union-attr]
    assert _role_keys(store) == roles  # no junk role made of the title's words
