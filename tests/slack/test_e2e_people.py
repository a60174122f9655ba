"""The people commands over signed Slack slash commands: a workspace administrator lists the
people (a long list in pages, with buttons) and merges one (named by a mention) into another,
whose Slack account theirs becomes, and undoes it; Jackie, who is not an administrator,
cannot; two people linked to two Slack accounts are not merged; the list's notification text
counts its people once ("People (3)", was "People (3) (3)")."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.slack.pages import PAGE, PageRequest
from storage.models import Action, ActionOwner, Person, PersonAlias
from tests.factories import make_person, seeded
from tests.slack.conftest import FIONA, JACKIE, Harness, blocks_text, chat_user_person
from tests.slack.fake_slack import TEAM

ADMIN = "UADMIN001"


def _admin(slack: Harness) -> None:
    slack.fake.add_user(ADMIN, "Ada Admin", display="ada")
    slack.fake.users[ADMIN].update(is_admin=True)


def _people(slack: Harness) -> list[str]:
    with slack.store.session_factory() as s:
        return sorted(s.scalars(select(Person.name)))


def _refs_of(slack: Harness, name: str) -> list[str]:
    with slack.store.session_factory() as s:
        return sorted(
            s.scalars(
                select(Action.ref)
                .join(ActionOwner, ActionOwner.action_id == Action.id)
                .join(Person, Person.id == ActionOwner.person_id)
                .where(Person.name == name)
            )
        )


def _page_button(payload: dict[str, Any]) -> dict[str, Any]:
    return next(
        e
        for b in payload["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].split(":")[0] == PAGE
    )


def test_only_an_administrator_lists_and_merges_people(slack: Harness) -> None:
    before = _people(slack)
    fiona = _refs_of(slack, "Fiona Smith")
    assert fiona
    for text in ("people", "merge Fiona Smith into Sally Threlfall"):
        refused = blocks_text(slack.reply("/actions", text, user=JACKIE))
        assert "Only an administrator can" in refused
        # Said by the refusal of a command that writes only (`people` only reads).
        assert ("Nothing was changed" in refused) == (text != "people")
    assert _people(slack) == before
    _admin(slack)
    assert "Fiona Smith" in blocks_text(slack.reply("/actions", "whoami", user=FIONA))
    merged = blocks_text(slack.reply("/kpi", f"merge <@{FIONA}> into Sally Threlfall", user=ADMIN))
    assert "Merged Fiona Smith into Sally Threlfall" in merged
    assert f"Slack account {FIONA}" in merged
    assert chat_user_person(slack.store, FIONA) == "Sally Threlfall"
    assert "Fiona Smith" not in _people(slack)
    assert _refs_of(slack, "Sally Threlfall") == fiona
    with slack.store.session_factory() as s:
        assert s.scalar(select(PersonAlias.name)) == "Fiona Smith"
    listed = blocks_text(slack.reply("/actions", "people sally", user=ADMIN))
    assert "also known as Fiona Smith" in listed


def test_two_people_linked_to_two_slack_accounts_are_not_merged(slack: Harness) -> None:
    # Both speak once, so both are linked (Jackie by e-mail, Fiona by real name).
    assert "Jackie Wilson" in blocks_text(slack.reply("/actions", "whoami", user=JACKIE))
    assert "Fiona Smith" in blocks_text(slack.reply("/actions", "whoami", user=FIONA))
    _admin(slack)
    before = _people(slack)
    refused = blocks_text(
        slack.reply("/actions", "merge Fiona Smith into Jackie Wilson", user=ADMIN)
    )
    assert (
        f"Fiona Smith is linked to Slack account {FIONA} (Fiona Smith) and Jackie Wilson to "
        f"{JACKIE}" in refused
    )
    assert _people(slack) == before


def test_a_long_list_of_people_comes_in_pages(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        for n in range(70):
            make_person(uow, f"Person Number{n:02d} <!channel>")
    _admin(slack)
    first = slack.reply("/meeting", "people", user=ADMIN)
    assert "(page 1 of" in first["text"] and "<!channel>" not in json.dumps(first["blocks"])
    button = _page_button(first)
    assert PageRequest.decode(button["value"]) == PageRequest("people", 1)
    slack.click(button["action_id"], button["value"], user=ADMIN)
    slack.drain()
    (second,) = slack.fake.wait_for("response_url")
    shown = json.dumps(second.args["blocks"], ensure_ascii=False)
    assert "Page 2 of" in shown and "Person Number" in shown
    assert "Number00" in json.dumps(first["blocks"]) and "Number00" not in shown


def test_an_administrator_undoes_a_merge(slack: Harness) -> None:
    _admin(slack)
    assert "Fiona Smith" in blocks_text(slack.reply("/actions", "whoami", user=FIONA))
    fiona, sally = _refs_of(slack, "Fiona Smith"), _refs_of(slack, "Sally Threlfall")
    slack.reply("/kpi", f"merge <@{FIONA}> into Sally Threlfall", user=ADMIN)
    refused = blocks_text(slack.reply("/actions", "unmerge Fiona Smith", user=JACKIE))
    assert "Only an administrator can unmerge people" in refused
    assert "Fiona Smith" not in _people(slack)
    undone = blocks_text(slack.reply("/actions", "unmerge Fiona Smith", user=ADMIN))
    assert "Unmerged Fiona Smith from Sally Threlfall" in undone
    assert f"Slack account {FIONA}" in undone
    assert chat_user_person(slack.store, FIONA) == "Fiona Smith"
    assert _refs_of(slack, "Fiona Smith") == fiona
    assert _refs_of(slack, "Sally Threlfall") == sally
    with slack.store.session_factory() as s:
        assert s.scalar(select(PersonAlias.name)) is None


def test_a_people_list_counts_its_people_once(slack: Harness) -> None:
    _admin(slack)
    text = slack.reply("/actions", "people", user=ADMIN)["text"]
    assert text.startswith("People (") and text.count("(") == 1, text
    matching = slack.reply("/actions", "people fiona", user=ADMIN)["text"]
    assert matching == "People matching “fiona” (1)", matching
