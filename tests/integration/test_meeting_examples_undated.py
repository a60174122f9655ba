"""/meeting examples and hints do not date: no ten-year-old dates; ``next Tuesday`` names a
meeting's day when adding meetings and agenda items; hints are built from today."""

from __future__ import annotations

import re
from datetime import date

import commands.handlers  # noqa: F401  (registers every command on REGISTRY)
from commands.periods import hint
from commands.registry import REGISTRY
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-02 10:00")  # a Wednesday: next Tuesday is 8 Dec 2015
LATER = at("2026-12-05 10:00")  # a Saturday: next Tuesday is 8 Dec 2026
YEAR = re.compile(r"\b(19|20)\d\d\b")


def test_meeting_examples_name_no_year() -> None:
    examples = [e for c in REGISTRY.in_group("meeting") for e in c.examples]
    assert examples
    assert [e for e in examples if YEAR.search(e)] == []


def test_meeting_examples_run(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    for command in REGISTRY.in_group("meeting"):
        for example in command.examples:
            if " link " in example:
                continue  # needs a plan or an indicator this world does not have
            reply = chat.say(example)
            assert not reply.startswith("✖"), (example, reply)


def test_next_weekday_names_the_day_of_a_new_meeting_and_item(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    added = chat.say("/meeting add CPAC next Tuesday 18:30 #cpac")
    assert added.startswith("Added CPAC 2015-12-08"), added
    item = chat.say("/meeting item add CPAC next Tuesday Budget lead Jon Abbey")
    assert item.startswith("Added item 1 of CPAC 2015-12-08."), item
    # A date given as a date still wins, and "next Monday" in a title stays in the title.
    titled = chat.say("/meeting item add CPAC 2016-01-05 Plan for next Monday lead Jon Abbey")
    assert "Plan for next Monday — Jon Abbey" in titled, titled


def test_hints_are_built_from_today(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, LATER)
    chat.say("/meeting add CPAC 2027-01-05 18:30")
    for text in (
        "/meeting add CPAC 18:30",
        "/meeting item add Performance lead Jon Abbey",
        "/meeting item add CPAC 2027-01-05 Finance lead Jon Abbey report due soonish",
        "/meeting minutes CPAC 2027-01-05",
        "/kpi pep set 70 for Brumaire",
    ):
        reply = chat.say(text)
        assert reply.startswith("✖"), (text, reply)
        years = set(YEAR_FULL.findall(reply)) - set(YEAR_FULL.findall(text))
        assert all(year >= "2026" for year in years), (text, reply)


def test_the_period_hint_uses_todays_year() -> None:
    assert hint(date(2027, 2, 1)) == (
        "Try a month (Feb 2027), a quarter (Q1 2026/27), a financial year (2025/26) or a year "
        "(2027)."
    )
    assert "(Q1 2027/28)" in hint(date(2027, 4, 1))


YEAR_FULL = re.compile(r"\b(?:19|20)\d\d\b")
