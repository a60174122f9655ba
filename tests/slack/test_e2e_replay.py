"""A signed request posted again (same body, timestamp and signature, within Slack's five
minutes) is carried out once: a replay changes nothing and is told so. Read-only commands
write nothing to be replay-proof."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import func, select

from storage.models import SlackEvent
from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness, history
from tests.slack.signing import select_value, text_value

FORM = "application/x-www-form-urlencoded"


def _replayed(slack: Harness, body: str, times: int) -> list[Any]:
    """``body`` posted ``times`` times with the very same signed headers."""
    headers = signing.signed_headers(body, content_type=FORM)
    return [slack.client.post("/slack/events", content=body, headers=headers) for _ in range(times)]


def _ledger_rows(slack: Harness) -> int:
    with slack.store.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(SlackEvent)) or 0)


def _action_id(slack: Harness, ref: str) -> int:
    from tests.slack.fake_slack import TEAM

    with slack.store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def test_a_replayed_slash_command_is_carried_out_once(slack: Harness) -> None:
    body = signing.slash_command(
        "/actions",
        "update leeds-improvement-plan:2.3 replay test one",
        user=JACKIE,
        response_url=slack.fake.response_url("cmd"),
    )
    first, second = _replayed(slack, body, 2)
    assert first.status_code == second.status_code == 200
    assert "Logged" in json.dumps(first.json())
    again = json.dumps(second.json())
    assert "Already done" in again and "Nothing was changed" in again
    assert "share" not in again  # nothing worth sharing
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["replay test one"]


def test_a_replayed_form_submission_is_carried_out_once(slack: Harness) -> None:
    action_id = _action_id(slack, "2.3")
    values = {
        "status": {"status": select_value("at_risk")},
        "note": {"note": text_value("replayed form note")},
    }
    body = signing.view_submission(
        "update_action", values, user=JACKIE, metadata={"a": action_id, "c": None}
    )
    answers = _replayed(slack, body, 3)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert "Logged on 2.3" in json.dumps(answers[0].json())
    for later in answers[1:]:
        assert "Already done" in json.dumps(later.json())
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["replayed form note"]


def test_the_same_command_signed_anew_is_carried_out_again(slack: Harness) -> None:
    """Only a replay is refused: the same words sent at another time are a new request."""
    body = signing.slash_command(
        "/actions", "update leeds-improvement-plan:2.3 twice on purpose", user=JACKIE
    )
    now = int(time.time())
    for timestamp in (now, now - 1):
        headers = signing.signed_headers(body, content_type=FORM, timestamp=timestamp)
        answer = slack.client.post("/slack/events", content=body, headers=headers)
        assert "Logged" in json.dumps(answer.json())
    assert len(history(slack.store, "2.3")[1]) == 2


def test_replayed_read_only_commands_write_nothing(slack: Harness) -> None:
    body = signing.slash_command("/actions", "mine", user=JACKIE)
    first, second = _replayed(slack, body, 2)
    assert first.json() == second.json()
    assert "Already done" not in json.dumps(second.json())
    assert _ledger_rows(slack) == 0


def test_concurrent_replays_are_carried_out_once(slack: Harness) -> None:
    """Two deliveries of one request at the same moment: the second waits for the first's
    commit and finds the request done (on SQLite and PostgreSQL alike)."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.slack.services import SlackServices
    from commands.context import Caller, MessageContext
    from tests.slack.fake_slack import TEAM

    services: SlackServices = slack.app.state.slack.services
    msg = MessageContext(
        workspace=TEAM,
        caller=Caller(platform="slack", user_id=JACKIE, email="jackie.wilson@leeds.example"),
        channel_id="CGENERAL",
    )
    text = "/actions update leeds-improvement-plan:2.3 at the same moment"
    services.handle(msg, "/actions mine")  # links Jackie first (a write of its own)
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(
            pool.map(lambda _: services.handle(msg, text, False, "req:same-key"), range(4))
        )
    replies = [getattr(o.reply, "text", "") for o in outcomes if o is not None]
    assert sum("Already done" in r for r in replies) == 3, replies
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["at the same moment"]
