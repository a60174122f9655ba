"""The /actions and identity commands resolve through the one grammar with the right slots."""

from __future__ import annotations

import pytest

import commands.handlers  # noqa: F401  (registers the commands)
from commands.errors import NotUnderstood
from commands.lookup import nearest_refs, split_plan_prefix
from commands.registry import REGISTRY


def resolve(text: str) -> tuple[str, dict[str, str | bool]]:
    split = REGISTRY.split_group(text)
    assert split is not None, text
    group, words = split
    command, bindings = REGISTRY.resolve(group, words)
    return command.usage, bindings


@pytest.mark.parametrize(
    ("text", "usage", "slots"),
    [
        ("/actions for Fiona Smith", "for <who...>", {"who": "Fiona Smith"}),
        ("/actions for @U012AB", "for <who...>", {"who": "@U012AB"}),
        ("/actions plan leeds improvement", "plan <name...>", {"name": "leeds improvement"}),
        ("/actions plan", "plan", {}),
        ("/actions overdue", "overdue", {}),
        ("/actions show 2.3", "show <ref> [plan <plan...>]", {"ref": "2.3"}),
        (
            "/actions show 2.3 plan haringey corporate",
            "show <ref> [plan <plan...>]",
            {"ref": "2.3", "plan": "haringey corporate"},
        ),
        (
            "/actions update 2.3 plan agreed by the board #done",
            "update <ref> <text...>",
            {"ref": "2.3", "text": "plan agreed by the board #done"},
        ),
        ("/actions done 4.2", "done <ref> [<note...>]", {"ref": "4.2"}),
        (
            "/actions done 4.2 signed off",
            "done <ref> [<note...>]",
            {"ref": "4.2", "note": "signed off"},
        ),
        (
            "/actions add Review the PEP audit owner Fiona Smith due end of March",
            "add <title...> owner <owner...> due <when...> [plan <plan...>]",
            {"title": "Review the PEP audit", "owner": "Fiona Smith", "when": "end of March"},
        ),
        (
            "/actions add Recruit IROs owner HOS/IRO due 31 Jan 2016 plan haringey",
            "add <title...> owner <owner...> due <when...> [plan <plan...>]",
            {
                "title": "Recruit IROs",
                "owner": "HOS/IRO",
                "when": "31 Jan 2016",
                "plan": "haringey",
            },
        ),
        (
            "/actions assign 2.3 Jackie Wilson",
            "assign <ref> <owner...>",
            {"owner": "Jackie Wilson"},
        ),
        ("/actions due 2.3 end of June", "due <ref> <date...>", {"date": "end of June"}),
        ("/actions search foster carers", "search <words...>", {"words": "foster carers"}),
        ("/actions link-channel leeds", "link-channel <plan...>", {"plan": "leeds"}),
        ("/actions unlink-channel", "unlink-channel", {}),
        ("iam HOS", "iam <role...>", {"role": "HOS"}),
        ("iam not HOS", "iam not <role...>", {"role": "HOS"}),
        ("iam", "iam", {}),
        ("link Fiona Smith", "link <person...>", {"person": "Fiona Smith"}),
        ("whoami", "whoami", {}),
    ],
)
def test_commands_resolve_with_their_slots(text: str, usage: str, slots: dict[str, str]) -> None:
    got_usage, bindings = resolve(text)
    assert got_usage == usage
    for name, value in slots.items():
        assert bindings[name] == value


@pytest.mark.parametrize(
    "text",
    [
        "/actions show",
        "/actions update 2.3",
        "/actions add Review owner Fiona",
        "/actions assign 2.3",
        "/actions due 2.3",
        "/actions link-channel",
        "/actions unlink-channel now",
        "/actions for",
    ],
)
def test_incomplete_commands_are_not_understood(text: str) -> None:
    split = REGISTRY.split_group(text)
    assert split is not None
    with pytest.raises(NotUnderstood):
        REGISTRY.resolve(*split)


def test_help_lists_every_action_command() -> None:
    usages = [e.usage for e in REGISTRY.help("actions").entries]
    for expected in (
        "/actions for <who...>",
        "/actions show <ref> [plan <plan...>]",
        "/actions update <ref> <text...>",
        "/actions add <title...> owner <owner...> due <when...> [plan <plan...>]",
        "/actions link-channel <plan...>",
    ):
        assert expected in usages
    top = [e.usage for e in REGISTRY.help("").entries]
    assert {"iam <role...>", "iam not <role...>", "link <person...>", "whoami"} <= set(top)


def test_plan_prefix_splits_only_when_both_sides_are_given() -> None:
    assert split_plan_prefix("leeds:2.3") == ("leeds", "2.3")
    assert split_plan_prefix("2.3") == (None, "2.3")
    assert split_plan_prefix(":2.3") == (None, ":2.3")


def test_nearest_refs_prefer_small_edits_then_the_same_section() -> None:
    refs = [(r, 1) for r in ("1.1", "2.3", "2.4", "3.9", "10", "2.10")]
    assert [r for r, _ in nearest_refs("2.9", refs, limit=3)] == ["2.3", "2.4", "3.9"]


def suggestions(text: str) -> list[str]:
    split = REGISTRY.split_group(text)
    assert split is not None, text
    with pytest.raises(NotUnderstood) as refused:
        REGISTRY.resolve(*split)
    return refused.value.suggestions


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("/actions shwo 4.3", "/actions show 4.3"),
        ("/actions serach pep audit", "/actions search pep audit"),
        ("/actions mnie overdue", "/actions mine overdue"),
        ("/actions ovedue", "/actions overdue"),
        ("/actions dne 4.3 signed off", "/actions done 4.3 signed off"),
        ("/actions Updte 2.3 panel met", "/actions update 2.3 panel met"),
        ("/actions asign 4.3 Fiona Smith", "/actions assign 4.3 Fiona Smith"),
        ("/meeting nxet", "/meeting next"),
    ],
)
def test_a_mistyped_command_word_is_proposed_put_right(text: str, first: str) -> None:
    # Every usage of the group was listed, and never the command as meant.
    proposed = suggestions(text)
    assert proposed[0] == first
    assert len(proposed) <= 4, proposed


def test_no_fix_is_proposed_for_a_word_nothing_like_a_command() -> None:
    proposed = suggestions("/actions blah 4.3")
    assert not any(s.startswith("/actions blah") or "4.3" in s for s in proposed)
    assert "/actions show <ref> [plan <plan...>]" in proposed
    # A fix that would still not match (due needs a date) is not proposed.
    assert "/actions due 4.3" not in suggestions("/actions dua 4.3")


def test_a_commands_own_word_is_never_put_right_into_another() -> None:
    # "channel" is /meeting channel's word (its arguments were wrong): never "cancel".
    assert not any("cancel" in s for s in suggestions("/meeting channel nowhere"))
    assert not any("<#C1|x>" in s for s in suggestions("/meeting chanel <#C1|x>"))
