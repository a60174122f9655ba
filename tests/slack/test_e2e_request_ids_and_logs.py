"""Signed requests Slack would never send (or sends twice): ids that are not Slack ids are
refused with 400, nothing a user typed reaches the log, and a redelivered edit is answered
once. The attacker holds the signing secret, or Slack misbehaves."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.server import build_app
from bot.slack.people import UserDirectory
from storage.models.audit import AuditEvent
from storage.models.tenancy import ChatUser
from storage.unit_of_work import Store
from tests.slack import signing
from tests.slack.conftest import CHANNEL, JACKIE, Harness, history
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.fake_socket import FakeSocketMode

FORM = "application/x-www-form-urlencoded"
TS = "1449050400.000100"
TYPED = "Jo Bloggs, DOB 01/02/2013"  # what a user typed: never in the log
FORGED = "\nCRITICAL csbot: forged line"


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records]


def _dm(user: Any = JACKIE, channel: Any = "D0JACKIE1", text: str = "mine") -> dict[str, Any]:
    event = signing.message_event(text, user="U", channel="D", ts=TS, channel_type="im")
    return {**event, "user": user, "channel": channel}


def _chat_users(harness: Harness) -> list[str]:
    with harness.store.unit_of_work(TEAM) as uow:
        return list(uow.session.scalars(select(ChatUser.external_id)).all())


def _audit_rows(harness: Harness) -> int:
    with harness.store.unit_of_work(TEAM) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


# -- 1. ids that are not Slack ids are refused -----------------------------------------------------

BAD_EVENTS = {
    "channel-list": _dm(channel=["C"]),
    "channel-object": _dm(channel={"id": "D0JACKIE1"}),
    "user-object": _dm(user={"id": "x"}),
    "user-mention": _dm(user="UAJACKIE> <!channel"),
    "user-newline": _dm(user="UJACKIE01" + FORGED),
    "channel-lowercase": _dm(channel="d0jackie1"),
    "ts-list": {**_dm(), "ts": [TS]},
    "edit-user-object": {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "ts": "1449050460.000200",
        "message": {"type": "message", "user": {"id": JACKIE}, "text": "2.3: x", "ts": TS},
        "previous_message": {"type": "message", "user": JACKIE, "text": "2.3: y", "ts": TS},
    },
    "mention-channel-list": {
        "type": "app_mention",
        "user": JACKIE,
        "channel": [CHANNEL],
        "text": "<@UBOT0001> mine",
        "ts": TS,
    },
    "home-user-object": {"type": "app_home_opened", "user": {"id": JACKIE}, "tab": "home"},
}


@pytest.mark.parametrize("event", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_an_event_with_ids_that_are_not_slack_ids_is_refused(
    slack: Harness, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:
    users, audited = _chat_users(slack), _audit_rows(slack)
    response = slack.event(event)
    slack.drain()
    assert response.status_code == 400
    assert slack.fake.calls == []
    assert _chat_users(slack) == users and _audit_rows(slack) == audited
    _no_tracebacks(caplog)
    (refusal,) = [m for m in _logged(caplog) if "refused" in m]
    assert "\n" not in refusal and "<!channel" not in refusal and "forged" not in refusal


def test_a_team_that_is_not_a_slack_id_is_refused(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.loads(signing.event_callback(_dm()))
    body["team_id"] = {"id": TEAM}
    response = slack.post(json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert slack.fake.calls == []
    _no_tracebacks(caplog)


def test_a_user_sent_as_an_object_creates_no_chat_user(slack: Harness) -> None:
    """Before the check, the DM below made a chat user "{'id': 'x'}" and an audit row."""
    audited = _audit_rows(slack)
    assert slack.event(_dm(user={"id": "x"})).status_code == 400
    assert slack.event(_dm(user="UAJACKIE> <!channel")).status_code == 400
    slack.drain()
    assert _chat_users(slack) == []
    assert _audit_rows(slack) == audited


@pytest.mark.parametrize(
    "fields",
    [
        {"user_id": "UJACKIE01" + FORGED},
        {"user_id": "UAJACKIE> <!channel"},
        {"team_id": "T0CSBOT01" + FORGED},
        {"channel_id": "C1 <!here>"},
        {"enterprise_id": "E1\n"},
        {"team_id": ""},
        {"user_id": ""},
    ],
    ids=[
        "user-newline",
        "user-mention",
        "team-newline",
        "channel-space",
        "enterprise",
        "team-empty",
        "user-empty",
    ],
)
def test_a_command_with_ids_that_are_not_slack_ids_is_refused(
    slack: Harness, caplog: pytest.LogCaptureFixture, fields: dict[str, str]
) -> None:
    body = dict(_form(signing.slash_command("/actions", "mine", user=JACKIE)), **fields)
    response = slack.post(urlencode(body), content_type=FORM)
    assert response.status_code == 400
    assert slack.fake.calls == [] and _chat_users(slack) == []
    assert not any("forged" in m for m in _logged(caplog))
    _no_tracebacks(caplog)


@pytest.mark.parametrize(
    "change",
    [
        {"user": {"id": "UJACKIE01" + FORGED}},
        {"user": {"id": ["UJACKIE01"]}},
        {"team": {"id": "T0CSBOT01 <!channel>"}},
        {"channel": {"id": ["CGENERAL"]}},
        {"container": {"type": "message", "channel_id": {"id": "C1"}}},
    ],
    ids=["user-newline", "user-list", "team-mention", "channel-list", "container"],
)
def test_an_interaction_with_ids_that_are_not_slack_ids_is_refused(
    slack: Harness, caplog: pytest.LogCaptureFixture, change: dict[str, Any]
) -> None:
    body = signing.block_action("cmd", "actions mine", user=JACKIE)
    payload = {**json.loads(_form(body)["payload"]), **change}
    response = slack.post(signing.interaction(payload), content_type=FORM)
    assert response.status_code == 400
    assert slack.fake.calls == []
    assert not any("forged" in m for m in _logged(caplog))
    _no_tracebacks(caplog)


ROUTING = {
    "shortcut-callback-list": {"type": "shortcut", "callback_id": ["x"], "user": {"id": JACKIE}},
    "message-action-callback-object": {
        "type": "message_action",
        "callback_id": {"id": "x"},
        "user": {"id": JACKIE},
    },
    "suggestion-action-list": {"type": "block_suggestion", "action_id": ["x"], "value": TYPED},
    "view-callback-list": {
        "type": "view_submission",
        "user": {"id": JACKIE},
        "view": {"id": "V1", "callback_id": ["add_action"]},
    },
    "action-without-id": {
        "type": "block_actions",
        "user": {"id": JACKIE},
        "actions": [{"type": "button", "value": "x"}],
    },
}


@pytest.mark.parametrize("payload", ROUTING.values(), ids=ROUTING.keys())
def test_names_bolt_routes_by_must_be_strings(
    slack: Harness, caplog: pytest.LogCaptureFixture, payload: dict[str, Any]
) -> None:
    """Bolt's matchers read these names: a list or an object there made them raise (500)."""
    response = slack.post(signing.interaction(payload), content_type=FORM)
    assert response.status_code == 400
    _no_tracebacks(caplog)


def test_an_event_without_a_type_string_is_refused(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    assert slack.event({**_dm(), "type": ["message"]}).status_code == 400
    _no_tracebacks(caplog)


def test_the_ids_slack_sends_still_work(slack: Harness) -> None:
    """Enterprise Grid users (W…), org-wide installs (E…) and short test ids pass the check."""
    slack.fake.add_user("W0GRID001", "Grid User", display="grid")
    assert slack.reply("/actions", "help", user="W0GRID001", channel="G0PRIVATE")
    body = dict(_form(signing.slash_command("/actions", "help", user=JACKIE)), enterprise_id="")
    assert slack.post(urlencode(body), content_type=FORM).status_code == 200


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    fake.socket_url = server.url
    yield server
    server.stop()


def test_socket_mode_ignores_ids_that_are_not_slack_ids(
    world: Store,
    fake: FakeSlack,
    socket: FakeSocketMode,
    slack_env: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Socket Mode skips the HTTP checks: a middleware applies the same to its envelopes."""
    settings = Settings(
        database_url="sqlite://",
        slack_app_token="xapp-1-test",
        slack_bot_token="xoxb-socket",
        slack_api_url=fake.api_url,
    )
    with TestClient(build_app(settings, world)):
        assert socket.connected.wait(10)
        fake.clear()
        for event in (_dm(channel=["D0JACKIE1"]), _dm(user="UJACKIE01" + FORGED)):
            socket.send("events_api", json.loads(signing.event_callback(event)))
        command = _form(signing.slash_command("/actions", "mine", user="U1 <!channel>"))
        assert "payload" not in socket.send("slash_commands", command)
    assert [c for c in fake.calls if c.method not in ("auth.test", "apps.connections.open")] == []
    assert [m for m in _logged(caplog) if "ignored a malformed" in m]
    assert not any("forged" in m for m in _logged(caplog))
    _no_tracebacks(caplog)


# -- 2. nothing a user typed reaches the log -------------------------------------------------------


def test_a_user_id_with_a_newline_forges_no_log_line(caplog: pytest.LogCaptureFixture) -> None:
    """users.info failing for an id (however it got here) logs the id escaped, on one line."""

    class Failing:
        async def users_info(self, user: str) -> Any:
            raise RuntimeError(user)

    caller = asyncio.run(
        UserDirectory().caller(cast(AsyncWebClient, Failing()), TEAM, "UJACKIE01" + FORGED)
    )
    assert caller.user_id == "UJACKIE01" + FORGED
    (line,) = [m for m in _logged(caplog) if "users.info" in m]
    assert "\n" not in line and "forged" in line


def test_a_slash_command_user_id_with_a_newline_forges_no_log_line(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = dict(_form(signing.slash_command("/actions", "mine", user=JACKIE)))
    body["user_id"] = "UNOBODY01" + FORGED
    slack.post(urlencode(body), content_type=FORM)
    slack.drain()
    assert [m for m in _logged(caplog) if "\nCRITICAL" in m] == []


def _suggestion() -> dict[str, Any]:
    return {
        "type": "block_suggestion",
        "user": {"id": JACKIE, "team_id": TEAM},
        "team": {"id": TEAM},
        "container": {"type": "view", "view_id": "V0001"},
        "action_id": "owner",
        "block_id": "owner",
        "value": TYPED,
        "view": {"id": "V0001", "type": "modal", "callback_id": "add_action"},
    }


def _shortcut(kind: str, callback_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": kind,
        "callback_id": callback_id,
        "team": {"id": TEAM},
        "user": {"id": JACKIE, "team_id": TEAM},
        "trigger_id": signing.trigger_id(),
    }
    if kind == "message_action":
        payload["channel"] = {"id": CHANNEL, "name": "leeds"}
        payload["message"] = {"type": "message", "user": JACKIE, "text": TYPED, "ts": TS}
        payload["message_ts"] = TS
    return payload


def _view(kind: str, callback_id: str) -> dict[str, Any]:
    return {
        "type": kind,
        "team": {"id": TEAM},
        "user": {"id": JACKIE, "team_id": TEAM},
        "view": {
            "id": "V0002",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": TYPED,
            "state": {"values": {"b": {"a": {"type": "plain_text_input", "value": TYPED}}}},
        },
    }


UNHANDLED = {
    "block_suggestion": (_suggestion(), 200),
    "global-shortcut": (_shortcut("shortcut", "not_ours"), 200),
    "message-action": (_shortcut("message_action", "not_ours"), 200),
    "view_closed": (_view("view_closed", "add_action"), 200),
    "view_submission": (_view("view_submission", "not_ours"), 200),
    "unknown-command": (signing.slash_command("/other", TYPED, user=JACKIE), 404),
}


@pytest.mark.parametrize(("payload", "status"), UNHANDLED.values(), ids=UNHANDLED.keys())
def test_requests_nothing_handles_log_no_user_text(
    slack: Harness, caplog: pytest.LogCaptureFixture, payload: dict[str, Any] | str, status: int
) -> None:
    body = payload if isinstance(payload, str) else signing.interaction(payload)
    response = slack.post(body, content_type=FORM)
    slack.drain()
    assert response.status_code == status
    logged = _logged(caplog)
    assert not any(TYPED in m or "Suggestion" in m or "@app." in m for m in logged), logged
    assert all("\n" not in m for m in logged), logged
    _no_tracebacks(caplog)


def test_a_block_suggestion_gets_an_empty_list(slack: Harness) -> None:
    response = slack.post(signing.interaction(_suggestion()), content_type=FORM)
    assert response.status_code == 200 and response.json() == {"options": []}


def test_an_event_nothing_listens_to_is_logged_in_one_line(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    event = {"type": "reaction_added", "user": JACKIE, "reaction": TYPED, "item": {}}
    response = slack.event(event)
    assert response.status_code == 404
    (line,) = [m for m in _logged(caplog) if "reaction_added" in m]
    assert "\n" not in line and TYPED not in line


# -- 3. a redelivered edit is answered once --------------------------------------------------------


def _edit(text: str, old: str, edited: str = "1449050460.000000") -> dict[str, Any]:
    return signing.edited_event(text, old, user=JACKIE, channel=CHANNEL, ts=TS, edited=edited)


def test_an_edit_delivered_again_under_a_new_event_id_is_answered_once(slack: Harness) -> None:
    first = "2.3: recruited 3 social workers #at-risk"
    slack.message(first, ts=TS)
    slack.drain()
    slack.fake.clear()
    edit = _edit("2.3: recruited 4 social workers #off-track", first)
    assert slack.event(edit, event_id="EvEDIT1").status_code == 200
    assert slack.event(edit, event_id="EvEDIT2", retry=1).status_code == 200
    slack.drain()
    assert len(slack.fake.of("reactions.add")) == 1
    (reply,) = slack.fake.of("chat.postMessage")
    assert reply.args["thread_ts"] == TS
    status, updates = history(slack.store, "2.3")
    assert status == "off_track" and [u.state for u in updates] == ["superseded", "live"]


def test_a_refused_edit_delivered_again_is_explained_once(slack: Harness) -> None:
    slack.message("2.3: recruited 3 social workers", ts=TS)
    slack.drain()
    slack.fake.clear()
    edit = _edit("9.9: recruited 3 social workers", "2.3: recruited 3 social workers")
    slack.event(edit, event_id="EvEDIT1")
    slack.event(edit, event_id="EvEDIT2", retry=1)
    slack.drain()
    assert len(slack.fake.of("chat.postEphemeral")) == 1


def test_a_message_edited_back_is_still_acted_on(slack: Harness) -> None:
    """Each edit has its own ``edited.ts``: editing back to an earlier text is a new edit."""
    a, b = "2.3: recruited 3 social workers #at-risk", "2.3: recruited 4 social workers #off-track"
    slack.message(a, ts=TS)
    slack.event(_edit(b, a, edited="1449050460.000000"))
    slack.event(_edit(a, b, edited="1449050470.000000"))
    slack.event(_edit(b, a, edited="1449050480.000000"))
    slack.drain()
    status, updates = history(slack.store, "2.3")
    assert status == "off_track" and len(slack.fake.of("chat.postMessage")) == 4
    assert [u.state for u in updates][-1] == "live" and len(updates) == 4


def _form(body: str) -> dict[str, str]:
    return dict(parse_qsl(body, keep_blank_values=True))


@pytest.fixture(autouse=True)
def _log_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
