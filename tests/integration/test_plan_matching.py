"""Which plan a typed name means: generic words never pick a plan, several matches ask."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from commands.views import ActionList, Notice
from storage.models import Action, AuditEvent, PlanChannel
from storage.unit_of_work import Store
from tests.factories import leeds_world, make_plan, seeded
from tests.helpers import Chat, make_chat

CP = "Corporate Parenting Action Plan"
CPAC = "Corporate Parenting Advisory Committee — actions arising"


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    leeds_world(store)
    with seeded(store) as uow:
        make_plan(uow, CP, [{"ref": "4.3", "title": "PEP audit", "lead": "Fiona Smith"}])
        cpac = make_plan(uow, CPAC, [{"ref": "CPAC343/1", "title": "Record PEP reviews"}])
        cpac.slug = "cpac-actions-arising"
    return make_chat(store, frozen_now)


def _reply(chat: Chat, text: str, channel: str | None = None) -> object:
    outcome = chat.outcome(text, channel=channel)
    assert outcome is not None
    return outcome.reply


def _title(view: object) -> str:
    assert isinstance(view, ActionList), view
    return view.title


def _error(view: object) -> str:
    assert isinstance(view, Notice) and view.level == "error", view
    return view.text


def _counts(store: Store) -> tuple[int, int, int]:
    with store.unit_of_work("local") as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Action)) or 0,
            s.scalar(select(func.count()).select_from(PlanChannel)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


@pytest.mark.parametrize("typed", ["CP plan", "cp-plan", "corporate parenting action"])
def test_distinctive_words_and_initials_find_the_plan(chat: Chat, typed: str) -> None:
    assert _title(_reply(chat, f"/actions plan {typed}")) == CP


@pytest.mark.parametrize("typed", ["cpac", "corporate parenting advisory", "cpac actions"])
def test_the_committee_plan_by_its_slug_or_words(chat: Chat, typed: str) -> None:
    assert _title(_reply(chat, f"/actions plan {typed}")).startswith("Corporate Parenting Adv")


@pytest.mark.parametrize("typed", ["my plan", "the plan", "plan", "improvement plan", "actions"])
def test_generic_words_alone_match_no_plan(chat: Chat, typed: str) -> None:
    text = _error(_reply(chat, f"/actions plan {typed}"))
    assert f"no plan called “{typed}”" in text
    assert "Leeds Improvement Plan" in text and CP in text


def test_several_matching_plans_are_asked_about(chat: Chat) -> None:
    text = _error(_reply(chat, "/actions plan cp"))
    assert "could be several plans" in text and CP in text and CPAC in text
    assert "Leeds" not in text


def test_add_goes_to_the_plan_named_and_never_to_a_guess(store: Store, chat: Chat) -> None:
    added = _reply(
        chat, "/actions add Test new action owner Fiona Smith due 31 March 2016 plan cp-plan"
    )
    assert isinstance(added, Notice) and added.level == "success", added
    assert f"to {CP}" in added.text
    before = _counts(store)
    assert "no plan called" in _error(
        _reply(chat, "/actions add Other owner Fiona Smith due 31 March 2016 plan my plan")
    )
    assert "several plans" in _error(
        _reply(chat, "/actions add Other owner Fiona Smith due 31 March 2016 plan cp")
    )
    assert _counts(store) == before


def test_link_channel_to_a_generic_name_is_refused(store: Store, chat: Chat) -> None:
    before = _counts(store)
    assert "no plan called" in _error(_reply(chat, "/actions link-channel my plan", "x"))
    assert _counts(store) == before
    linked = _reply(chat, "/actions link-channel CP plan", "x")
    assert isinstance(linked, Notice) and f"linked to {CP}" in linked.text


def test_a_plan_named_only_in_generic_words_is_found_by_its_whole_name(
    store: Store, chat: Chat
) -> None:
    with seeded(store) as uow:
        make_plan(uow, "Improvement Plan", [{"ref": "1", "title": "Something"}])
    assert _title(_reply(chat, "/actions plan the improvement plan")) == "Improvement Plan"
    assert "no plan called" in _error(_reply(chat, "/actions plan improvement"))
