"""The forms' private_metadata, end to end over signed requests: a stale Update form changes
only what its user changed (and says what it replaced), and a submission whose metadata csbot
did not sign, for that form and user, is refused before anything is written."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest

from bot.slack.form_seal import OUT_OF_DATE
from tests.slack import signing
from tests.slack.conftest import CHANNEL, FIONA, JACKIE, Harness, history
from tests.slack.signing import (
    date_value,
    interaction,
    select_value,
    text_value,
    view_submission,
)

HOME = {"type": "home"}
FORM = "application/x-www-form-urlencoded"
ADMIN = "UADMIN001"
PLAN = "leeds-improvement-plan"
MESSAGE_TS = "1449050400.000700"


def _view(call: Any) -> dict[str, Any]:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def _action(slack: Harness, ref: str) -> tuple[int, str, str | None]:
    """(id, status, due date) of an action of the Leeds plan."""
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        plan = uow.repos.plans.by_slug(PLAN)
        assert plan is not None
        action = uow.repos.actions.by_ref(ref, plan.id)[0]
        due = action.due_date.isoformat() if action.due_date else None
        return int(action.id), action.status, due


def _open_update_form(slack: Harness, ref: str) -> dict[str, Any]:
    """Jackie clicks Update on her Home tab: the form she is shown."""
    action_id = _action(slack, ref)[0]
    assert slack.click("open_update:1", str(action_id), view=HOME).status_code == 200
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    slack.fake.clear()
    return modal


def _initial(modal: dict[str, Any]) -> tuple[str, str]:
    """The status and due date the form's pickers start from."""
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    status = blocks["status"]["element"]["initial_option"]["value"]
    return str(status), str(blocks["due"]["element"]["initial_date"])


def _text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _admin_changes_2_3(slack: Harness) -> None:
    """Meanwhile an administrator escalates 2.3 and moves its due date."""
    slack.fake.add_user(ADMIN, "Ada Admin", display="ada")
    slack.fake.users[ADMIN].update(is_admin=True)
    escalated = _text(
        slack.reply("/actions", f"update {PLAN}:2.3 escalated #off-track", user=ADMIN)
    )
    assert "Off track" in escalated, escalated
    moved = _text(slack.reply("/actions", f"due {PLAN}:2.3 31/01/2016", user=ADMIN))
    assert "31 Jan 2016" in moved, moved
    assert _action(slack, "2.3")[1:] == ("off_track", "2016-01-31")


def _submit_update(
    slack: Harness, modal: dict[str, Any], *, status: str, due: str, note: str
) -> dict[str, Any]:
    values = {
        "status": {"status": select_value(status)},
        "due": {"due": date_value(due)},
        "note": {"note": text_value(note)},
    }
    response = slack.submit("update_action", values, metadata=modal["private_metadata"])
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


# -- 1. a stale Update form --------------------------------------------------------------------


def test_a_stale_form_submitted_with_only_a_note_keeps_the_admins_status_and_due(
    slack: Harness,
) -> None:
    modal = _open_update_form(slack, "2.3")
    assert _initial(modal) == ("on_track", "2015-11-30")
    _admin_changes_2_3(slack)

    # Jackie submits the form she had open, untouched but for a note.
    answer = _submit_update(slack, modal, status="on_track", due="2015-11-30", note="Panel met")
    assert answer["response_action"] == "update", answer
    shown = json.dumps(answer["view"], ensure_ascii=False)
    assert "Due date moved" not in shown and "On track" not in shown, shown
    assert "changed to Off track since this form opened; it was left as it is" in shown
    assert "changed to 31 Jan 2016 since this form opened; it was left as it is" in shown
    assert _action(slack, "2.3")[1:] == ("off_track", "2016-01-31")
    updates = history(slack.store, "2.3")[1]
    assert (updates[-1].text, updates[-1].status_after) == ("Panel met", None)


def test_a_field_changed_on_a_stale_form_is_applied_and_names_what_it_replaced(
    slack: Harness,
) -> None:
    modal = _open_update_form(slack, "2.3")
    _admin_changes_2_3(slack)

    answer = _submit_update(slack, modal, status="at_risk", due="2016-02-29", note="Slipping")
    assert answer["response_action"] == "update", answer
    shown = json.dumps(answer["view"], ensure_ascii=False)
    # The real before → after: the administrator's values, never the form's stale ones.
    assert "Due date moved to 29 Feb 2016 (was 31 Jan 2016)" in shown, shown
    assert "changed to Off track since this form opened; your choice replaced it" in shown
    assert "changed to 31 Jan 2016 since this form opened; your date replaced it" in shown
    assert "30 Nov 2015" not in shown
    assert _action(slack, "2.3")[1:] == ("at_risk", "2016-02-29")
    updates = history(slack.store, "2.3")[1]
    assert (updates[-1].text, updates[-1].status_after) == ("Slipping", "at_risk")


def test_an_up_to_date_form_still_changes_what_its_user_changed(slack: Harness) -> None:
    modal = _open_update_form(slack, "2.3")
    answer = _submit_update(slack, modal, status="at_risk", due="2016-01-15", note="Delayed")
    shown = json.dumps(answer["view"], ensure_ascii=False)
    assert answer["response_action"] == "update", answer
    assert "Due date moved to 15 Jan 2016 (was 30 Nov 2015)" in shown
    assert "since this form opened" not in shown
    assert _action(slack, "2.3")[1:] == ("at_risk", "2016-01-15")
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        plan = uow.repos.plans.by_slug(PLAN)
        assert plan is not None
        # The timescale kept is the date as people write it, as when typed in chat.
        assert uow.repos.actions.by_ref("2.3", plan.id)[0].due_text == "15 Jan 2016"


# -- 2. metadata csbot did not write -----------------------------------------------------------


def _genuine_log_form(slack: Harness) -> dict[str, Any]:
    """Fiona's "Log as action update" form for a message in #leeds."""
    message = {"type": "message", "user": FIONA, "ts": MESSAGE_TS, "text": "4.2 audit filed"}
    body = signing.message_shortcut("log_action_update", message, user=FIONA, channel=CHANNEL)
    assert slack.post(body, content_type=FORM).status_code == 200
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    slack.fake.clear()
    return modal


LOG_VALUES = {
    "ref": {"ref": text_value("4.2")},
    "status": {"status": select_value("on_track")},
    "note": {"note": text_value("audit filed")},
}


def _tampered(sealed: str, **changes: Any) -> str:
    """A genuine signature over metadata someone then altered."""
    mac, _, body = sealed.partition(".")
    return f"{mac}." + json.dumps({**json.loads(body), **changes}, separators=(",", ":"))


def _forgeries(genuine: str) -> dict[str, str]:
    sealed = signing.sealed_metadata  # signed with the app's key: only the shape is wrong
    return {
        "missing": "",
        "unsigned": json.dumps({"c": CHANNEL, "ts": MESSAGE_TS}),
        "altered": _tampered(genuine, ts="1449050400.000800"),
        "oversized ts, unsigned": json.dumps({"c": CHANNEL, "ts": "1" * 5000}),
        "oversized ts, signed": sealed("log_update", {"c": CHANNEL, "ts": "1" * 5000}, user=FIONA),
        "long ts, signed": sealed("log_update", {"c": CHANNEL, "ts": "1" * 200}, user=FIONA),
        "not a ts, signed": sealed("log_update", {"c": CHANNEL, "ts": "yesterday"}, user=FIONA),
        "not a channel, signed": sealed(
            "log_update", {"c": "#leeds", "ts": MESSAGE_TS}, user=FIONA
        ),
        "another team": sealed(
            "log_update", {"c": "COTHER001", "ts": MESSAGE_TS}, user=FIONA, team="T0OTHER01"
        ),
        "another user": sealed("log_update", {"c": CHANNEL, "ts": MESSAGE_TS}, user=JACKIE),
        "another form": sealed("minutes", {"c": CHANNEL, "ts": MESSAGE_TS}, user=FIONA),
    }


def test_log_form_metadata_csbot_did_not_write_is_refused_and_nothing_is_written(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    genuine = _genuine_log_form(slack)["private_metadata"]
    before = history(slack.store, "4.2")
    for what, metadata in _forgeries(genuine).items():
        caplog.clear()
        response = slack.submit("log_update", LOG_VALUES, user=FIONA, metadata=metadata)
        assert response.status_code == 200, (what, response.text)
        assert response.json() == {
            "response_action": "errors",
            "errors": {"ref": OUT_OF_DATE},
        }, what
        assert history(slack.store, "4.2") == before, what
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == [], what

    # The genuine form still works.
    saved = slack.submit("log_update", LOG_VALUES, user=FIONA, metadata=genuine).json()
    assert saved["response_action"] == "update", saved
    updates = history(slack.store, "4.2")[1]
    assert [(u.text, u.source_key) for u in updates] == [
        ("audit filed", f"slack:{CHANNEL}:{MESSAGE_TS}")
    ]


def test_update_form_metadata_altered_or_unsigned_is_refused(slack: Harness) -> None:
    genuine = _open_update_form(slack, "2.3")["private_metadata"]
    other = _action(slack, "2.4")[0]
    values = {"status": {"status": select_value("achieved")}, "note": {"note": text_value("x")}}
    for metadata in (
        _tampered(genuine, a=other),
        json.dumps({"a": other, "c": None, "h": True}),
        genuine.partition(".")[2],
    ):
        answer = slack.submit("update_action", values, metadata=metadata).json()
        assert answer == {"response_action": "errors", "errors": {"note": OUT_OF_DATE}}
    assert history(slack.store, "2.3") == ("on_track", [])
    assert history(slack.store, "2.4")[1] == []


@pytest.mark.parametrize(
    ("callback_id", "block", "values"),
    [
        ("add_action", "title", {"title": {"title": text_value("Forged action")}}),
        ("minutes", "minutes", {"minutes": {"minutes": text_value("Action: Fiona Smith")}}),
    ],
)
def test_other_forms_refuse_unsigned_metadata(
    slack: Harness, callback_id: str, block: str, values: dict[str, Any]
) -> None:
    unsigned = json.dumps({"c": None} if callback_id == "add_action" else {"m": 1})
    answer = slack.submit(callback_id, values, metadata=unsigned).json()
    assert answer == {"response_action": "errors", "errors": {block: OUT_OF_DATE}}
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        assert list(uow.repos.actions.search(["Forged"])) == []


def test_a_submission_of_a_view_csbot_never_opened_is_refused(slack: Harness) -> None:
    """No private_metadata at all (a view made elsewhere, with csbot's callback id)."""
    action_id = _action(slack, "2.3")[0]
    payload = {
        "type": "view_submission",
        "team": {"id": "T0CSBOT01"},
        "user": {"id": JACKIE, "team_id": "T0CSBOT01"},
        "view": {
            "id": "V0009",
            "type": "modal",
            "callback_id": "update_action",
            "state": {
                "values": {
                    "status": {"status": select_value("achieved")},
                    "note": {"note": text_value(f"action {action_id}")},
                }
            },
        },
    }
    response = slack.post(interaction(payload), content_type=FORM)
    assert response.json() == {"response_action": "errors", "errors": {"note": OUT_OF_DATE}}
    assert history(slack.store, "2.3") == ("on_track", [])


def test_a_form_submitted_from_an_org_wide_install_is_accepted(slack: Harness) -> None:
    # Slack sends `team: null` in a view_submission of an org-installed app, and a Grid user's
    # team_id is their home workspace: the form's own team is the view's team_id.
    modal = _open_update_form(slack, "2.3")
    values = {
        "status": {"status": select_value(_initial(modal)[0])},
        "due": {"due": date_value(_initial(modal)[1])},
        "note": {"note": text_value("Org-wide note")},
    }
    body = view_submission("update_action", values, user=JACKIE, metadata=modal["private_metadata"])
    payload = json.loads(parse_qs(body)["payload"][0])
    payload["team"] = None
    payload["user"]["team_id"] = "T0OTHER01"
    response = slack.post(
        urlencode({"payload": json.dumps(payload)}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.text
    assert OUT_OF_DATE not in response.text
    slack.drain()
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["Org-wide note"]


def test_a_date_taken_out_of_the_form_clears_the_due_date(slack: Harness) -> None:
    # Emptying the date picker was "Nothing to change": there was no way to make it TBC.
    modal = _open_update_form(slack, "2.3")
    status, _ = _initial(modal)
    values = {
        "status": {"status": select_value(status)},
        "due": {"due": date_value(None)},
        "note": {"note": text_value("")},
    }
    response = slack.submit("update_action", values, metadata=modal["private_metadata"])
    shown = json.dumps(response.json(), ensure_ascii=False)
    assert "Due date cleared: now TBC (was 30 Nov 2015)" in shown, shown
    assert _action(slack, "2.3")[1:] == (status, None)
