"""Due dates typed in chat must be within 10 years before and 20 years after today (imports
keep historic dates)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from commands.views import Notice
from storage.models import Action
from storage.unit_of_work import Store
from tests.factories import leeds_world
from tests.helpers import Chat, make_chat

IN_LEEDS = {"channel": "leeds"}


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)  # today is 2 December 2015
    return make_chat(store, frozen_now)


def _due(store: Store, ref: str) -> tuple[date | None, str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        action: Action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.due_date, action.due_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("/actions due 2.3 31 December 9999", "31 Dec 9999"),
        ("/actions due 2.3 1 Jan 1990", "1 Jan 1990"),
        ("/actions due 2.3 1 Dec 2005", "1 Dec 2005"),
        ("/actions due 2.3 2036", "31 Dec 2036"),
        ("/actions add Test owner Fiona Smith due 1 Jan 1990", "1 Jan 1990"),
    ],
)
def test_due_dates_out_of_range_are_refused(
    store: Store, chat: Chat, text: str, shown: str
) -> None:
    before = _due(store, "2.3")
    outcome = chat.outcome(text, **IN_LEEDS)
    assert outcome is not None
    reply = outcome.reply
    assert isinstance(reply, Notice) and reply.level == "error", reply
    assert shown in reply.text and "Nothing was changed" in reply.text
    assert "10 years" in reply.text and "20 years" in reply.text
    assert _due(store, "2.3") == before
    assert "4.5" not in chat.say("/actions plan leeds")


@pytest.mark.parametrize("when", ["3 Dec 2005", "1 Dec 2035", "end of March"])
def test_due_dates_in_range_are_kept(store: Store, chat: Chat, when: str) -> None:
    outcome = chat.outcome(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert outcome is not None and isinstance(outcome.reply, Notice)
    assert outcome.reply.level == "success", outcome.reply
    assert _due(store, "2.3")[1] == when
