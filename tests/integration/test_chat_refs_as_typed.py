"""Refs as people type them (both backends, through the console's core): a minutes ref with a
space or a dash ("CPAC 343/1", "CPAC343-1") in a command, and a ref in Slack's bold or
italics in a plan's channel ("*2.2*: text"), which was not logged; ordinary bold chat stays
chat."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from commands.core import Core
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.factories import chat_message, link_channel, make_person, make_plan, seeded
from tests.helpers import Chat, make_chat

CHANNEL = "CCARE"


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith")
        plan = make_plan(
            uow,
            "Care Plan",
            [
                {"ref": "2.2", "title": "Reviews on time", "lead": "Fiona Smith"},
                {"ref": "CPAC343/1", "title": "Record PEP reviews", "lead": "Fiona Smith"},
            ],
        )
        link_channel(uow, plan, CHANNEL, platform="console")
    return make_chat(store, frozen_now)


def _updates(store: Store) -> list[tuple[str, str]]:
    with store.session_factory() as s:
        rows = s.execute(
            select(Action.ref, Update.text).join(Action, Action.id == Update.action_id)
        ).all()
    return sorted((ref, text) for ref, text in rows)


@pytest.mark.parametrize("typed", ["CPAC 343/1", "CPAC343-1", "CPAC 343-1", "cpac343/1"])
def test_a_minutes_ref_typed_with_a_space_or_a_dash_is_found(chat: Chat, typed: str) -> None:
    shown = chat.say(f"/actions show {typed}")
    assert shown.startswith("CPAC343/1  Record PEP reviews")


def test_an_update_to_a_spaced_minutes_ref_is_logged_on_it(chat: Chat, store: Store) -> None:
    said = chat.say("/actions update CPAC 343/1 reviews now recorded", as_="Fiona Smith")
    assert said.startswith("✔") and "CPAC343/1" in said
    assert _updates(store) == [("CPAC343/1", "reviews now recorded")]


@pytest.mark.parametrize("text", ["*2.2*: reviews booked", "_2.2_: reviews booked"])
def test_a_bold_ref_in_a_plan_channel_is_logged(chat: Chat, store: Store, text: str) -> None:
    outcome = chat.core.handle(
        chat_message("Fiona Smith", platform="console", channel=CHANNEL), text
    )
    assert outcome is not None
    assert _updates(store) == [("2.2", "reviews booked")]


@pytest.mark.parametrize("text", ["*Note*: panel at 10:30", "*2.2_: mixed marks"])
def test_bold_chat_in_a_plan_channel_is_not_an_update(chat: Chat, store: Store, text: str) -> None:
    core: Core = chat.core
    assert (
        core.handle(chat_message("Fiona Smith", platform="console", channel=CHANNEL), text) is None
    )
    assert _updates(store) == []
