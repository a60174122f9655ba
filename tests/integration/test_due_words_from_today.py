"""A due date typed in chat with words read from today ("tomorrow", "next Friday", "end of
month") is kept as the date it names: kept as words, it would read as another day from the
next day on. Words that name their day whenever they are read are kept as typed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    return make_chat(store, frozen_now)


def _due(store: Store, ref: str) -> tuple[str, date | None]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        (action,) = uow.repos.actions.by_ref(ref, plan.id)
        return action.due_text, action.due_date


@pytest.mark.parametrize("words", ["tomorrow", "next Friday", "end of month", "in 2 weeks"])
def test_words_read_from_today_are_kept_as_their_date(store: Store, chat: Chat, words: str) -> None:
    assert chat.say(f"/actions due 2.3 {words}", channel="leeds").startswith("✔ ")
    text, day = _due(store, "2.3")
    assert day is not None
    assert text == f"{day.day} {day:%b %Y}"
    shown = chat.say("/actions show 2.3", channel="leeds")
    assert words not in shown


@pytest.mark.parametrize("words", ["31 March 2027", "TBC"])
def test_words_that_name_their_day_are_kept_as_typed(store: Store, chat: Chat, words: str) -> None:
    assert chat.say(f"/actions due 2.3 {words}", channel="leeds").startswith("✔ ")
    assert _due(store, "2.3")[0] == words
