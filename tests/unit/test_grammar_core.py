"""The usage-pattern matcher behind every command."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.grammar import match

ADD = "add <title...> owner <owner...> due <when...> [plan <plan...>]"


def test_optional_groups_and_slots() -> None:
    assert match("mine [overdue] [due <when...>]", ["mine", "due", "this", "week"]) == {
        "mine": True,
        "due": True,
        "when": "this week",
    }
    assert match("mine [overdue]", ["mine", "overdue"]) == {"mine": True, "overdue": True}
    assert match("mine [overdue]", ["mine", "please"]) is None


def test_slots_take_as_few_words_as_needed() -> None:
    got = match(
        ADD,
        [
            "add",
            "Review",
            "the",
            "due",
            "to",
            "Ofsted",
            "owner",
            "HOS",
            "due",
            "end",
            "of",
            "March",
            "plan",
            "leeds",
        ],
    )
    assert got is not None
    assert got["title"] == "Review the due to Ofsted" and got["owner"] == "HOS"
    assert got["when"] == "end of March" and got["plan"] == "leeds"


def test_choices_are_case_insensitive() -> None:
    assert match("red|off-target", ["RED"]) == {"red": True}


def test_adversarial_input_stays_fast() -> None:
    words = ("owner due " * 400).split()
    started = time.perf_counter()
    match(ADD, ["add", *words])
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(min_size=1, max_size=8).filter(lambda w: not any(c.isspace() for c in w)),
        max_size=30,
    )
)
def test_never_crashes(words: list[str]) -> None:
    for usage in (ADD, "<kpi...> set <value> for <period...> [target <target>]", "show <ref>"):
        result = match(usage, words)
        assert result is None or isinstance(result, dict)


def test_an_optional_group_nested_in_another_matches_with_and_without_it() -> None:
    usage = "set <value> [target <t> [%]]"
    assert match(usage, ["set", "1"]) == {"set": True, "value": "1"}
    assert match(usage, ["set", "1", "target", "90"]) == {
        "set": True,
        "value": "1",
        "target": True,
        "t": "90",
    }
    assert match(usage, ["set", "1", "target", "90", "%"]) == {
        "set": True,
        "value": "1",
        "target": True,
        "t": "90",
        "%": True,
    }
    assert match(usage, ["set", "1", "%"]) is None


@pytest.mark.parametrize(
    ("words", "ref", "rest"),
    [
        # A minutes ref typed with a space after its committee's letters is one ref.
        (["update", "CPAC", "343/1", "report", "sent"], "CPAC 343/1", "report sent"),
        (["update", "CPAC", "343-1", "report"], "CPAC 343-1", "report"),
        # Anything else is the one word it was: lower-case letters, a number without "/".
        (["update", "cpac", "343/1", "report"], "cpac", "343/1 report"),
        (["update", "CPAC343/1", "2/3", "done"], "CPAC343/1", "2/3 done"),
        (["update", "HOS", "343", "done"], "HOS", "343 done"),
    ],
)
def test_a_minutes_ref_may_be_typed_with_a_space(words: list[str], ref: str, rest: str) -> None:
    assert match("update <ref> <text...>", words) == {"update": True, "ref": ref, "text": rest}


def test_a_spaced_minutes_ref_alone_is_still_one_ref() -> None:
    assert match("show <ref> [plan <plan...>]", ["show", "CPAC", "343/1"]) == {
        "show": True,
        "ref": "CPAC 343/1",
    }
