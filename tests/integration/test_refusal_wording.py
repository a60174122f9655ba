"""One rule for "Nothing was changed." (both backends, through the console's core): every
refusal of a command that writes ends with it, a permission refusal included; a refusal of a
command that only reads never says it (there was nothing it could change)."""

from __future__ import annotations

import pytest

from commands.core import refusal_text
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import make_person, make_plan, seeded
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store) -> Chat:
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith")
        make_person(uow, "Dominic Porter-Moore")
        make_plan(uow, "Care Plan", [{"ref": "5.2", "title": "Track", "lead": "Fiona Smith"}])
        make_plan(uow, "Care Leavers Plan", [{"ref": "1.1", "title": "Homes", "lead": "HOS"}])
    return make_chat(store, FROZEN_NOW)


@pytest.mark.parametrize(
    "typed", ["/actions update 5.2 plan care reviews booked", "/actions done 5.2 plan care plan"]
)
def test_a_permission_refusal_of_a_write_says_nothing_was_changed(chat: Chat, typed: str) -> None:
    said = chat.say(typed, as_="Dominic Porter-Moore")
    assert said.startswith("✖ Only the owners of 5.2 (Fiona Smith) or an administrator")
    assert said.endswith("can change it. Nothing was changed.")
    assert said.count("Nothing was changed") == 1


@pytest.mark.parametrize("typed", ["/actions plan care", "/actions plan zzz", "people"])
def test_a_refusal_of_a_read_does_not_say_nothing_was_changed(chat: Chat, typed: str) -> None:
    said = chat.say(typed, as_="Dominic Porter-Moore")
    assert said.startswith("✖")
    assert "Nothing was changed" not in said


def test_a_refusal_already_saying_it_is_not_told_twice() -> None:
    said = "No such ref. Nothing was changed. Try `/actions list`."
    assert refusal_text(said, writes=True) == said
    assert refusal_text("No such ref", writes=True) == "No such ref. Nothing was changed."
    assert refusal_text(said, writes=False) == "No such ref. Try `/actions list`."
