"""Slash commands end to end: signed requests in, ephemeral Block Kit answers out."""

from __future__ import annotations

import json
import time

import pytest

from bot.slack import runner as slack_runner
from bot.slack.pages import PAGE, SHARE, PageRequest
from bot.slack.services import SlackServices
from tests.factories import make_plan, seeded
from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.conftest import (
    CHANNEL,
    FIONA,
    JACKIE,
    NEWBIE,
    Harness,
    blocks_text,
    chat_user_person,
    database_down,
    history,
)
from tests.slack.fake_slack import TEAM


def _buttons(payload: dict) -> list[dict]:  # type: ignore[type-arg]
    found = []
    for block in payload["blocks"]:
        if block["type"] == "actions":
            found += block["elements"]
        if "accessory" in block:
            found.append(block["accessory"])
    return found


def _button(payload: dict, action_id: str) -> dict:  # type: ignore[type-arg]
    return next(b for b in _buttons(payload) if b["action_id"].split(":")[0] == action_id)


def test_actions_mine_answers_in_the_ack(slack: Harness) -> None:
    payload = slack.reply("/actions", "mine")
    text = blocks_text(payload)
    assert "Outstanding actions for Jackie Wilson" in text
    assert "Ensure social care staff have manageable workloads" in text
    assert "Outstanding actions for Jackie Wilson" in payload["text"]  # fallback text
    # Jackie was linked by the e-mail users.info gave; the answer came in the ack itself.
    assert chat_user_person(slack.store, JACKIE) == "Jackie Wilson"
    assert slack.fake.of("users.info")[0].args["user"] == JACKIE
    assert slack.fake.of("response_url") == []


def test_a_user_is_linked_by_real_name(slack: Harness) -> None:
    payload = slack.reply("/actions", "mine", user=FIONA)
    assert "Outstanding actions for Fiona Smith" in blocks_text(payload)
    assert chat_user_person(slack.store, FIONA) == "Fiona Smith"


def test_an_unknown_user_is_asked_who_they_are_with_buttons(slack: Harness) -> None:
    # Slack's real name is not exactly anybody's (no automatic link) but has Sally's surname.
    slack.fake.add_user(NEWBIE, "Sal Threlfall", display="sal")
    payload = slack.reply("/actions", "mine", user=NEWBIE)
    text = blocks_text(payload)
    assert "know who you are" in text and "Which of these is you?" in text
    answers = {
        b["text"]["text"]: b for b in _buttons(payload) if b["action_id"].startswith("answer")
    }
    # Not Jackie Wilson: she has an e-mail on file, and Slack reports none for this account;
    # nor Fiona Smith, whose surname is not the one Slack reports: `link` would refuse both.
    assert set(answers) == {"Sally Threlfall"}
    assert chat_user_person(slack.store, NEWBIE) is None

    response = slack.click("answer", answers["Sally Threlfall"]["value"], user=NEWBIE)
    assert response.status_code == 200
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    assert answer.args["replace_original"] is True
    assert "You are now linked to Sally Threlfall" in json.dumps(answer.args["blocks"])
    assert chat_user_person(slack.store, NEWBIE) == "Sally Threlfall"


def test_read_only_answers_can_be_shared_in_the_channel(slack: Harness) -> None:
    payload = slack.reply("/actions", "plan leeds")
    share = _button(payload, SHARE)
    # The list's own command, naming the plan it resolved to (not the words typed).
    assert PageRequest.decode(share["value"]) == PageRequest(
        "/actions plan leeds-improvement-plan", 0
    )

    slack.click(share["action_id"], share["value"])
    slack.drain()
    posted, deleted = slack.fake.wait_for("response_url", 2)
    assert posted.args["response_type"] == "in_channel"
    assert f"Shared by <@{JACKIE}>" in json.dumps(posted.args["blocks"])
    assert "Leeds Improvement Plan" in json.dumps(posted.args["blocks"])
    assert deleted.args["delete_original"] is True


def test_changes_are_logged_and_not_offered_for_sharing(slack: Harness) -> None:
    payload = slack.reply(
        "/actions", "update 2.3 recruited 3 more staff &amp; a manager #at-risk", channel=CHANNEL
    )
    assert "Logged on" in blocks_text(payload)
    assert all(b["action_id"] != SHARE for b in _buttons(payload))
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk"
    assert [(u.text, u.source) for u in updates] == [
        ("recruited 3 more staff & a manager", "command")
    ]


def test_long_lists_are_paginated_with_buttons(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        rows = [{"ref": str(n), "title": f"Big action {n}", "lead": "HOS"} for n in range(1, 91)]
        make_plan(uow, "Big Plan", rows)
    payload = slack.reply("/actions", "plan big plan")
    assert len(payload["blocks"]) <= 50 and "(page 1 of" in payload["text"]
    page = _button(payload, PAGE)
    assert PageRequest.decode(page["value"]) == PageRequest("/actions plan big-plan", 1)

    slack.click(page["action_id"], page["value"])
    slack.drain()
    (second,) = slack.fake.wait_for("response_url")
    assert second.args["replace_original"] is True
    assert "Page 2 of" in json.dumps(second.args["blocks"])
    first_refs = {b["text"]["text"].split("*")[1] for b in payload["blocks"] if "accessory" in b}
    second_refs = {
        b["text"]["text"].split("*")[1] for b in second.args["blocks"] if "accessory" in b
    }
    assert first_refs and second_refs and not first_refs & second_refs


def test_help_and_unknown_commands(slack: Harness) -> None:
    assert "/kpi — performance indicators" in blocks_text(slack.reply("/kpi", "help"))
    payload = slack.reply("/actions", "frobnicate 2.3")
    assert "didn't understand" in blocks_text(payload)


def test_bad_or_stale_signatures_get_401_and_change_nothing(slack: Harness) -> None:
    body = signing.slash_command(
        "/actions", "update 2.3 forged #done", user=JACKIE, response_url=slack.fake.response_url()
    )
    forged = signing.signed_headers(body, secret="not-the-secret")
    assert slack.client.post("/slack/events", content=body, headers=forged).status_code == 401
    stale = signing.signed_headers(body, timestamp=int(time.time()) - 600)
    assert slack.client.post("/slack/events", content=body, headers=stale).status_code == 401
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    assert slack.client.post("/slack/events", content=body, headers=unsigned).status_code == 401
    status, updates = history(slack.store, "2.3")
    assert status == "on_track" and updates == []
    assert slack.fake.calls == []


def test_url_verification_echoes_the_challenge(slack: Harness) -> None:
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"}
    )
    response = slack.post(body, content_type="application/json")
    assert response.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV" in response.text


def test_a_database_failure_says_not_saved_with_an_error_id(slack: Harness) -> None:
    with database_down(slack.store, statement="action_update") as failed:
        payload = slack.reply("/actions", "update leeds:2.3 recruited #done")
    assert failed
    text = blocks_text(payload)
    assert "Not saved" in text and "try again" in text and "error id" in text
    assert history(slack.store, "2.3") == ("on_track", [])
    # Trying again works.
    assert "Logged on" in blocks_text(slack.reply("/actions", "update leeds:2.3 recruited #done"))
    assert len(history(slack.store, "2.3")[1]) == 1


def test_a_slow_answer_is_acknowledged_then_sent_to_response_url(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Time for users.info (the fake answers at once), not for the slowed core.
    monkeypatch.setattr(slack_runner, "ACK_DEADLINE", 0.3)
    monkeypatch.setattr(slack_runner, "CORE_RESERVE", 0.0)
    real = SlackServices.handle

    def slow(self: SlackServices, msg, text, *args):  # type: ignore[no-untyped-def]
        time.sleep(0.6)
        return real(self, msg, text, *args)

    monkeypatch.setattr(SlackServices, "handle", slow)
    response = slack.command("/actions", "mine")
    assert response.status_code == 200 and response.content == b""
    slack.drain()
    (later,) = slack.fake.wait_for("response_url")
    assert later.args["response_type"] == "ephemeral"
    assert "Outstanding actions for Jackie Wilson" in json.dumps(later.args["blocks"])
    validate_message(later.args)


@pytest.mark.parametrize("action_id", [PAGE, SHARE])
def test_page_and_share_buttons_never_run_a_command_that_writes(
    slack: Harness, action_id: str
) -> None:
    # A button value naming a writing command (it can't come from csbot's own messages).
    value = PageRequest("/actions update 2.3 sneaked in #done", 0).encode()
    slack.click(action_id, value)
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "on_track" and updates == []
    if action_id == PAGE:
        (answer,) = slack.fake.wait_for("response_url")
        assert "cannot run it" in json.dumps(answer.args)


def test_a_bare_ref_suggests_show_and_update_with_the_text_escaped(slack: Harness) -> None:
    text = blocks_text(slack.reply("/actions", "2.3"))
    assert "didn't understand" in text and "`/actions show 2.3`" in text
    # As Slack sends it: the user's &, < and > arrive escaped.
    text = blocks_text(slack.reply("/actions", "2.3: 5 &lt; 6 &amp; more"))
    assert "`/actions update 2.3 5 &lt; 6 &amp; more`" in text


def test_mentions_in_a_typed_note_are_stored_readable(slack: Harness) -> None:
    # A note typed after a command keeps Slack's mention markup (commands name people by
    # it): it is stored as a channel message's is, by the name of whoever it mentions.
    slack.reply("/actions", "mine", channel=CHANNEL)  # Jackie's account is linked (e-mail)
    payload = slack.reply(
        "/actions",
        "update 2.3 met <@UJACKIE01|jackie>, <@UNOBODY01|sam.k> and <@UNOBODY02> today",
        channel=CHANNEL,
    )
    assert "Logged on" in blocks_text(payload)
    _, updates = history(slack.store, "2.3")
    assert [u.text for u in updates] == ["met @Jackie Wilson, @sam.k and @UNOBODY02 today"]
    assert "&lt;@" not in blocks_text(payload)
