"""Through Teams: a failure is worded as on Slack, for what went wrong (a clash, a database
that did not answer, one that refused) and for what was asked ("I couldn't read that" for a
request that only reads, never "Not saved")."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import select

from commands import core as core_module
from commands.errors import ConflictError
from storage.models import Action
from tests.db_faults import clash, driver_raises, gone, missing_table
from tests.teams.conftest import Harness

REF = "leeds-improvement-plan:2.3"
UPDATE = "INSERT INTO action_update"


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _action_id(teams: Harness) -> int:
    with teams.store.session_factory() as s:
        action = s.scalar(
            select(Action).where(
                Action.ref == "2.3", Action.plan.has(slug="leeds-improvement-plan")
            )
        )
        assert action is not None
        return int(action.id)


def test_a_read_only_message_says_it_could_not_read(teams: Harness) -> None:
    with driver_raises(teams.store, gone, statement="FROM action") as failed:
        post = teams.say("actions mine")
    assert failed
    shown = _shown(post.activity)
    assert "I couldn't read that from the database just now" in shown and "error id" in shown
    assert "Not saved" not in shown and "went wrong on my side" not in shown


def test_a_write_the_database_did_not_answer_says_try_again_in_a_moment(
    teams: Harness,
) -> None:
    with driver_raises(teams.store, gone, statement=UPDATE) as failed:
        post = teams.say(f"actions update {REF} visited #done")
    assert failed
    shown = _shown(post.activity)
    assert "Not saved: the database did not answer" in shown and "in a moment" in shown


def test_a_clash_on_a_message_shows_the_cores_own_words(
    teams: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with driver_raises(teams.store, clash, statement=UPDATE, times=core_module.ATTEMPTS):
        post = teams.say(f"actions update {REF} visited #done")
    shown = _shown(post.activity)
    assert ConflictError.MESSAGE in shown and "error id" in shown
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any(r.levelno == logging.WARNING and "failed" in r.getMessage() for r in caplog.records)


def test_a_done_button_on_a_missing_table_is_refused(teams: Harness) -> None:
    with driver_raises(teams.store, missing_table, statement=UPDATE) as failed:
        body = teams.press("done", {"action_id": _action_id(teams)})
    assert failed
    shown = _shown(body)
    assert "Not saved: the database refused the change (error id" in shown
    assert "will not help" in shown and "in a moment" not in shown


def test_a_page_button_on_a_missing_table_asks_for_an_administrator(teams: Harness) -> None:
    with driver_raises(teams.store, missing_table, statement="FROM action") as failed:
        body = teams.press("page", {"cmd": "actions mine", "page": 1})
    assert failed
    shown = _shown(body)
    assert "I couldn't read that from the database" in shown
    assert "give your administrator the error id" in shown and "Not saved" not in shown
