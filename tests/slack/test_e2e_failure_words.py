"""Through Slack: a failure is worded for what went wrong and for what was asked. A clash with
concurrent work says so (and a channel message still gets HTTP 500, so Slack's retry logs
it); a database that did not answer says "try again in a moment"; one that refused (a table
missing) says trying again will not help; a request that only reads says "I couldn't read
that", never "Not saved"."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from commands import core as core_module
from commands.errors import ConflictError
from tests.db_faults import clash, driver_raises, gone, missing_table
from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness, blocks_text, database_down, history

TS = "1449050400.000100"
UPDATE = "INSERT INTO action_update"


def _notice(slack: Harness) -> str:
    slack.drain()
    (notice,) = slack.fake.of("chat.postEphemeral")
    assert notice.args["user"] == JACKIE
    return json.dumps(notice.args["blocks"], ensure_ascii=False)


def _errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_clash_on_a_channel_message_answers_500_says_so_and_the_retry_logs_it(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    text = "2.3: recruited 3 social workers #at-risk"
    with driver_raises(slack.store, clash, statement=UPDATE, times=core_module.ATTEMPTS) as failed:
        first = slack.message(text, ts=TS, event_id="EvCLASH")
    assert len(failed) == core_module.ATTEMPTS and first.status_code == 500
    said = _notice(slack)
    assert "Not saved yet: someone else changed the same thing at the same moment" in said
    assert "Slack will send your message again" in said and "error id" in said
    assert "couldn't reach the database" not in said
    assert history(slack.store, "2.3") == ("on_track", [])
    assert "database conflict" in caplog.text and _errors(caplog) == []

    assert slack.message(text, ts=TS, event_id="EvCLASH", retry=1).status_code == 200
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "at_risk" and len(updates) == 1


def test_a_clash_on_a_slash_command_shows_the_cores_own_words(slack: Harness) -> None:
    with driver_raises(slack.store, clash, statement=UPDATE, times=core_module.ATTEMPTS):
        payload = slack.reply("/actions", "update leeds:2.3 recruited #done")
    text = blocks_text(payload)
    assert ConflictError.MESSAGE in text
    assert "error id" in text and "did not answer" not in text
    assert history(slack.store, "2.3") == ("on_track", [])


def test_a_read_only_command_says_it_could_not_read(slack: Harness) -> None:
    with database_down(slack.store, statement="FROM action") as failed:
        payload = slack.reply("/actions", "mine")
    assert failed
    text = blocks_text(payload)
    assert "I couldn't read that from the database just now" in text
    assert "try again in a moment" in text and "error id" in text
    assert "Not saved" not in text


def test_a_write_to_a_missing_table_is_refused_not_try_again_in_a_moment(
    slack: Harness,
) -> None:
    with driver_raises(slack.store, missing_table, statement=UPDATE) as failed:
        payload = slack.reply("/actions", "update leeds:2.3 recruited #done")
    assert failed
    text = blocks_text(payload)
    assert "Not saved: the database refused the change (error id" in text
    assert "Trying again will not help until an administrator has looked" in text
    assert "in a moment" not in text and "did not answer" not in text


def test_a_read_of_a_missing_table_asks_for_an_administrator(slack: Harness) -> None:
    with driver_raises(slack.store, missing_table, statement="FROM action") as failed:
        payload = slack.reply("/actions", "mine")
    assert failed
    text = blocks_text(payload)
    assert "I couldn't read that from the database" in text
    assert "give your administrator the error id" in text
    assert "Not saved" not in text and "in a moment" not in text


def test_a_refused_channel_message_answers_500_and_says_an_administrator_must_look(
    slack: Harness,
) -> None:
    with driver_raises(slack.store, missing_table, statement=UPDATE) as failed:
        response = slack.message("2.3: recruited #at-risk", ts=TS, event_id="EvREFUSED")
    assert failed and response.status_code == 500
    said = _notice(slack)
    assert "Not saved: the database refused the change (error id" in said
    assert "will not help" in said and "Slack will send" not in said


def test_a_channel_message_the_database_did_not_answer_keeps_its_words(slack: Harness) -> None:
    with driver_raises(slack.store, gone, statement=UPDATE) as failed:
        response = slack.message("2.3: recruited #at-risk", ts=TS, event_id="EvGONE")
    assert failed and response.status_code == 500
    said = _notice(slack)
    assert "Not saved yet: I couldn't reach the database. Slack will send your message" in said


def test_a_read_only_direct_message_says_it_could_not_read(slack: Harness) -> None:
    dm = signing.message_event("actions mine", user=JACKIE, channel="D0JACKIE1", ts=TS)
    dm["channel_type"] = "im"
    with database_down(slack.store, statement="FROM action") as failed:
        response = slack.event(dm, event_id="EvDMREAD")
    assert failed and response.status_code == 500
    said = _notice(slack)
    assert "I couldn't read that from the database just now" in said
    assert "Slack will send your message again" in said
    assert "saved" not in said and "logged" not in said


def test_the_home_tab_says_it_could_not_read(slack: Harness) -> None:
    event = {"type": "app_home_opened", "user": JACKIE, "channel": "D0HOME", "tab": "home"}
    with database_down(slack.store, statement="FROM action") as failed:
        assert slack.event(event, event_id="EvHOME").status_code == 200
        slack.drain()
    assert failed
    view: Any = slack.fake.of("views.publish")[-1].args["view"]
    shown = json.dumps(json.loads(view) if isinstance(view, str) else view, ensure_ascii=False)
    assert "I couldn't read that from the database just now" in shown
    assert "Not saved" not in shown
