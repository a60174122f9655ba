"""Slack's 3-second budget, counted from the request's arrival: users.info and
chat.getPermalink are asked at once and given up on in time (the raw mention, no link), and
chat.getPermalink is only asked for a message that will be logged."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.slack import signing
from tests.slack.conftest import CHANNEL, FIONA, JACKIE, NEWBIE, Harness, history
from tests.slack.signing import select_value, text_value

DOM = "UDOM00001"
TS = "1449050400.000100"
# Slack waits 3 s. The bot aims to answer within 2.3 s of a request's arrival
# (bot/slack/runner.py ACK_DEADLINE); the tests allow 2.9 s, so that a loaded machine's
# scheduling is not read as a failure. That still tells look-ups made at once (1.2 s) from
# three made in turn (3.6 s), and a look-up given up on from one waited for (4 s).
BUDGET = 2.9
pytestmark = pytest.mark.real_deadline


def _timed(call: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_mentions_are_looked_up_at_once_within_the_budget(slack: Harness) -> None:
    slack.fake.add_user(DOM, "Dominic Porter-Moore", display="dom")
    slack.fake.delays["users.info"] = 1.2
    text = f"2.3: agreed with <@{FIONA}>, <@{NEWBIE}> and <@{DOM}> #at-risk"
    response, took = _timed(lambda: slack.message(text, ts=TS))
    assert response.status_code == 200
    assert took < BUDGET, f"answered in {took:.2f}s"
    (update,) = history(slack.store, "2.3")[1]
    assert update.text == "agreed with @Fiona Smith, @Pat Newcomer and @Dominic Porter-Moore"
    assert update.permalink is not None


def test_slow_look_ups_are_given_up_on_in_time(slack: Harness) -> None:
    slack.fake.add_user(DOM, "Dominic Porter-Moore", display="dom")
    slack.fake.delays["users.info"] = 1.2
    slack.message("2.3: warming the cache #on-track", ts="1449050300.000100")  # Jackie known
    slack.fake.delays["users.info"] = 4.0
    slack.fake.delays["chat.getPermalink"] = 4.0
    text = f"2.3: agreed with <@{DOM}> #at-risk"
    response, took = _timed(lambda: slack.message(text, ts=TS))
    assert response.status_code == 200
    assert took < BUDGET, f"answered in {took:.2f}s"
    update = history(slack.store, "2.3")[1][-1]
    assert update.text == f"agreed with @{DOM}"
    assert update.permalink is None


def test_no_permalink_is_asked_for_in_a_channel_without_a_plan(slack: Harness) -> None:
    event = signing.message_event(
        "2.3: nothing to log here #done", user=JACKIE, channel="CRANDOM1", ts=TS
    )
    assert slack.event(event).status_code == 200
    slack.drain()
    assert slack.fake.of("chat.getPermalink") == []
    assert history(slack.store, "2.3")[1] == []


def test_the_log_form_answers_in_time_when_permalink_is_slow(slack: Harness) -> None:
    slack.fake.delays["users.info"] = 1.2
    slack.fake.delays["chat.getPermalink"] = 4.0
    values = {
        "ref": {"ref": text_value("2.3")},
        "status": {"status": select_value("at_risk")},
        "note": {"note": text_value("panel moved")},
    }
    metadata = {"c": CHANNEL, "ts": TS}
    response, took = _timed(
        lambda: slack.submit("log_update", values, user=JACKIE, metadata=metadata)
    )
    assert took < BUDGET, f"answered in {took:.2f}s"
    assert response.json()["response_action"] == "update", response.json()
    assert "Logged" in json.dumps(response.json()["view"])
    (update,) = history(slack.store, "2.3")[1]
    assert update.text == "panel moved" and update.permalink is None
