""" "me" in a command means the speaker, never whoever's name holds the letters ("Vicki
Monk-Meyer"), and a name of two letters is no close spelling of anyone's ("Jo" is not Jon)."""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import make_person, make_plan, seeded
from tests.helpers import make_chat, owner_name


def _world(store: Store) -> None:
    with seeded(store) as uow:
        for name in ("Vicki Monk-Meyer", "Fiona Smith"):
            make_person(uow, name)
        make_person(uow, "Jon Abbey", admin=True)  # administrators hand work over
        make_plan(
            uow,
            "Care Plan",
            [
                {"ref": "1.1", "title": "Audit care plans", "lead": "Jon Abbey"},
                {"ref": "1.2", "title": "Refresh the pledge", "lead": "Fiona Smith"},
            ],
        )


def _owners(store: Store, ref: str) -> list[str]:
    with store.unit_of_work("local") as uow:
        (action,) = uow.repos.actions.by_ref(ref)
        return [owner_name(o) for o in action.owners]


def test_me_is_the_speaker_in_owners_handovers_and_lists(store: Store) -> None:
    _world(store)
    chat = make_chat(store, FROZEN_NOW)
    said = chat.say("/actions assign 1.1 Fiona Smith/me", as_="Jon Abbey")
    assert "Vicki" not in said
    assert _owners(store, "1.1") == ["Fiona Smith", "Jon Abbey"]
    mine = chat.say("/actions for me", as_="Fiona Smith")
    assert "Outstanding actions for Fiona Smith" in mine and "1.2" in mine and "1.1" in mine
    handed = chat.say("/actions handover Fiona Smith to me", as_="Jon Abbey")
    assert "to Jon Abbey" in handed and "Vicki" not in handed
    assert _owners(store, "1.2") == ["Jon Abbey"]


def test_me_from_somebody_csbot_does_not_know_is_refused(store: Store) -> None:
    _world(store)
    chat = make_chat(store, FROZEN_NOW)
    said = chat.say("/actions assign 1.1 me")  # the console operator is nobody's person
    assert "I don't know who you are yet" in said
    assert _owners(store, "1.1") == ["Jon Abbey"]
    assert "I don't know who you are yet" in chat.say("/actions for me")


def test_two_letters_are_no_close_spelling_of_a_name(store: Store) -> None:
    _world(store)
    chat = make_chat(store, FROZEN_NOW)
    said = chat.say("/actions assign 1.2 Jo", as_="Fiona Smith")
    assert "I don't know anyone called “Jo”" in said
    assert _owners(store, "1.2") == ["Fiona Smith"]
    assert "Outstanding actions for Fiona Smith" in chat.say("/actions for Fiona")
