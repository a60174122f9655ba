"""Who may change a committee: administrators and the committee clerk; leads report in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import make_person, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import build_world

NOW = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)


def _world_with_clerk(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Carol Clerk", roles=["CLERK"])
        make_person(uow, "Fiona Smith")


@pytest.mark.parametrize(
    "text",
    [
        "/meeting summaries CPAC off",
        "/meeting summaries CPAC days 3",
        "/meeting channel CPAC #elsewhere",
        "/meeting add CPAC 2016-02-01 18:30",
        "/meeting add CPAC 2016-01-05 19:00",
        "/meeting add New Panel 2016-02-01 18:30",
        "/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith",
        "/meeting link CPAC kpi pep",
    ],
)
def test_a_linked_user_cannot_change_a_committee(store: Store, text: str) -> None:
    _world_with_clerk(store)
    chat = make_chat(store, NOW)
    before = chat.say("/meeting agenda CPAC 2016-01-05")
    reply = chat.say(text, as_="Fiona Smith")
    assert reply.startswith("✖ Only an administrator or the Committee Clerk (Carol Clerk)"), reply
    assert reply.endswith("Nothing was changed.")
    assert chat.say("/meeting agenda CPAC 2016-01-05") == before
    assert "There is no committee called “New Panel”" in chat.say("/meeting next New Panel")


def test_the_clerk_and_an_administrator_can_change_a_committee(store: Store) -> None:
    _world_with_clerk(store)
    chat = make_chat(store, NOW)
    assert chat.say("/meeting summaries CPAC off", as_="Carol Clerk").startswith(
        "✔ No more scheduled summaries"
    )
    assert chat.say("/meeting summaries CPAC days 7 1").startswith("✔ Corporate Parenting")
    assert chat.say(
        "/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith", as_="Carol Clerk"
    ).startswith("Added item 4")


def test_report_in_by_the_lead_or_clerk_only(store: Store) -> None:
    _world_with_clerk(store)
    chat = make_chat(store, NOW)
    refused = chat.say("/meeting report in 1 CPAC 2016-01-05", as_="Fiona Smith")
    assert refused == (
        "✖ Only the leads of item 1 (Margaret Gallagher), the Committee Clerk (Carol Clerk) "
        "or an administrator can say its report is in or awaited. Nothing was changed."
    )
    assert "is in" in chat.say("/meeting report in 1 CPAC 2016-01-05", as_="Margaret Gallagher")
    assert "is awaited" in chat.say("/meeting report awaited 1 CPAC 2016-01-05", as_="Carol Clerk")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/meeting add CPAC 2027-03-01 25:99", "✖ “25:99” is not a time of day"),
        ("/meeting add CPAC 2027-03-01 7.75pm", "✖ “7.75pm” is not a time of day"),
        ("/meeting add CPAC 18:30", "✖ There is no date in “CPAC 18:30”"),
        ("/meeting add 2027-03-01 18:30", "✖ There is no committee before the date"),
    ],
)
def test_a_bad_part_of_meeting_add_is_named(store: Store, text: str, message: str) -> None:
    build_world(store)
    reply = make_chat(store, NOW).say(text)
    assert reply.startswith(message), reply
    assert reply.endswith("Nothing was changed.")


def test_a_refusal_when_nobody_is_clerk_says_how_to_name_one(store: Store) -> None:
    build_world(store)
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith")
    reply = make_chat(store, NOW).say("/meeting summaries CPAC off", as_="Fiona Smith")
    assert reply == (
        "✖ Only an administrator or the Committee Clerk (nobody holds it yet: an administrator "
        "can `grant CLERK to <person>`) can turn a committee's summaries off. Nothing was "
        "changed."
    )
