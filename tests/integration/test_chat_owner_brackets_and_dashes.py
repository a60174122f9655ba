"""Chat owners written as imports write them: "Jane Testperson - HOS" is still refused as a
person and a role run together, "Jane Testperson - by end of June" is Jane Testperson and the
reply says the date was not used, and a role title whose bracket holds "and" is one name."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from commands.presenters import owner_names
from commands.views import Notice
from storage.models import Action
from storage.unit_of_work import Store
from tests.factories import leeds_world, make_person, seeded
from tests.helpers import Chat, make_chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    with seeded(store) as uow:
        make_person(uow, "Jane Testperson")
    return make_chat(store, frozen_now)


def _action(store: Store) -> tuple[list[str], date | None]:
    """Action 2.3's owners and due date."""
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref("2.3", plan.id)[0]
        return owner_names(action), action.due_date


def _error(chat: Chat, text: str) -> str:
    outcome = chat.outcome(text, **IN_LEEDS)
    assert outcome is not None
    assert isinstance(outcome.reply, Notice) and outcome.reply.level == "error", outcome.reply
    return outcome.reply.text


@pytest.mark.parametrize("typed", ["Jane Testperson - HOS", "Jane Testperson – HOS"])
def test_a_person_and_a_role_after_a_dash_are_refused(store: Store, chat: Chat, typed: str) -> None:
    before = _action(store)
    assert _error(chat, f"/actions assign 2.3 {typed}") == (
        f"“{typed}” names a person and a role (HOS) together: separate owners "
        "with / or a comma, like `Jackie Wilson/HOS`. Nothing was changed."
    )
    assert _action(store) == before


def test_a_date_after_a_dash_is_said_to_be_unused(store: Store, chat: Chat) -> None:
    _, due = _action(store)
    reply = chat.say("/actions assign 2.3 Jane Testperson - by end of June", **IN_LEEDS)
    assert reply == (
        "✔ 2.3 is now owned by Jane Testperson (was Jackie Wilson). Note: “by end of June” "
        "after Jane Testperson names no owner and was not used: the due date was not changed."
    )
    assert _action(store) == (["Jane Testperson"], due)


def test_a_role_title_with_and_in_its_bracket_is_one_name(store: Store, chat: Chat) -> None:
    title = "Service Manager (Fostering and Adoption)"
    message = _error(chat, f"/actions assign 2.3 {title}")
    assert f"I don't know anyone called “{title}”." in message
    assert f"write `new {title}` to add them" in message
    reply = chat.say(f"/actions assign 2.3 new {title}", **IN_LEEDS)
    assert reply.startswith(f"✔ 2.3 is now owned by {title} (was Jackie Wilson)."), reply
    assert _action(store)[0] == ["SM FOSTERING AND ADOPTION"]
