"""Share in channel when the re-run fails, errors on the form field they are about, and button
values naming ids no row can have, end to end."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.slack.form_seal import OUT_OF_DATE
from bot.slack.pages import PageRequest
from tests.slack.conftest import CHANNEL, FIONA, JACKIE, NEWBIE, Harness, history
from tests.slack.signing import date_value, interaction, select_value, text_value

HOME = {"type": "home"}
FORM = "application/x-www-form-urlencoded"
HUGE = "12345678901234567890123"


def _action_id(store: Any, ref: str) -> int:
    with store.unit_of_work("T0CSBOT01") as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def _add(slack: Harness, **fields: Any) -> dict[str, Any]:
    values = {
        "title": {"title": text_value("Review the PEP audit")},
        "owners": {"owners": text_value("Fiona Smith")},
        "due": {"due": date_value(None)},
        "due_text": {"due_text": text_value("end of March 2016")},
        "plan": {"plan": select_value("leeds-improvement-plan")},
    }
    values.update(fields)
    response = slack.submit("add_action", values, metadata={"c": None})
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def _added(slack: Harness) -> list[str]:
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        return [a.title for a in uow.repos.actions.search(["PEP", "audit"])]


# -- 4. Share in channel ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("/actions update 2.3 sneaked in #done", "cannot run it"),
        ("/actions show leeds-improvement-plan:9.9", "9.9"),
    ],
    ids=["writes", "gone"],
)
def test_a_share_whose_rerun_fails_is_shown_only_to_the_clicker(
    slack: Harness, command: str, said: str
) -> None:
    slack.click("share", PageRequest(command, 0).encode())
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args.get("replace_original") is False
    assert said in json.dumps(answer.args, ensure_ascii=False)
    assert not any(c.args.get("delete_original") for c in slack.fake.of("response_url"))
    assert history(slack.store, "2.3") == ("on_track", [])


# -- 5. form errors on their own field ----------------------------------------------------------


def test_an_unreadable_timescale_is_reported_under_the_timescale(slack: Harness) -> None:
    answer = _add(slack, due_text={"due_text": text_value("when pigs fly")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["due_text"]
    assert "when pigs fly" in answer["errors"]["due_text"]
    assert "Review the PEP audit" not in _added(slack)


def test_an_unknown_plan_is_reported_under_the_plan(slack: Harness) -> None:
    answer = _add(slack, plan={"plan": select_value("no-such-plan")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["plan"]


def test_a_title_too_long_is_reported_under_the_title(
    slack: Harness,
) -> None:
    answer = _add(slack, title={"title": text_value("x" * 2001)})
    assert list(answer["errors"]) == ["title"]


def test_an_invalid_date_is_a_field_error(slack: Harness) -> None:
    answer = _add(slack, due={"due": date_value("2026-13-45")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["due"]
    assert "2026-13-45" in answer["errors"]["due"]
    assert "Review the PEP audit" not in _added(slack)

    action_id = _action_id(slack.store, "2.3")
    values = {
        "status": {"status": select_value("on_track")},
        "due": {"due": date_value("2026-13-45")},
        "note": {"note": text_value("moved")},
    }
    refused = slack.submit("update_action", values, metadata={"a": action_id}).json()
    assert list(refused["errors"]) == ["due"]
    assert history(slack.store, "2.3") == ("on_track", [])


def test_a_bad_status_is_reported_under_the_status(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    values = {
        "status": {"status": select_value("fabulous")},
        "note": {"note": text_value("done")},
    }
    answer = slack.submit("update_action", values, metadata={"a": action_id}).json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["status"]
    assert "fabulous" in answer["errors"]["status"]
    assert history(slack.store, "2.3") == ("on_track", [])


def test_an_ambiguous_or_missing_owner_is_reported_under_the_owners(slack: Harness) -> None:
    answer = _add(slack, owners={"owners": text_value(",")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["owners"]


def test_a_duplicate_title_is_reported_under_the_title(slack: Harness) -> None:
    first = _add(slack)
    assert first["response_action"] == "update", first
    again = _add(slack)
    assert again["response_action"] == "errors"
    assert list(again["errors"]) == ["title"]
    assert "already has an outstanding action" in again["errors"]["title"]
    assert _added(slack).count("Review the PEP audit") == 1


def test_a_date_out_of_range_picked_or_typed_is_reported_where_it_was_given(
    slack: Harness,
) -> None:
    picked = _add(slack, due={"due": date_value("2099-01-31")})
    assert list(picked["errors"]) == ["due"]
    typed = _add(slack, due_text={"due_text": text_value("31 January 2099")})
    assert list(typed["errors"]) == ["due_text"]
    assert "Review the PEP audit" not in _added(slack)


def _log(slack: Harness, ref: str, note: str, status: str = "on_track") -> dict[str, Any]:
    values = {
        "ref": {"ref": text_value(ref)},
        "status": {"status": select_value(status)},
        "note": {"note": text_value(note)},
    }
    metadata = {"c": CHANNEL, "ts": "1449050400.000900"}
    answer: dict[str, Any] = slack.submit(
        "log_update", values, user=FIONA, metadata=metadata
    ).json()
    return answer


def test_the_log_form_reports_each_refusal_under_its_field(slack: Harness) -> None:
    unknown = _log(slack, "9.9", "checked")
    assert unknown["response_action"] == "errors"
    assert list(unknown["errors"]) == ["ref"]
    assert list(_log(slack, "4.2", "x" * 10_001)["errors"]) == ["note"]
    assert list(_log(slack, "4.2", "checked", status="fabulous")["errors"]) == ["status"]
    assert history(slack.store, "4.2")[1] == []


def test_an_update_form_submitted_twice_logs_once(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    values = {
        "status": {"status": select_value("at_risk")},
        "note": {"note": text_value("Panel moved to January")},
    }
    first = slack.submit("update_action", values, metadata={"a": action_id}).json()
    again = slack.submit("update_action", values, metadata={"a": action_id}).json()
    assert first["response_action"] == again["response_action"] == "update"
    assert "already" in json.dumps(again["view"])
    assert [u.text for u in history(slack.store, "2.3")[1]] == ["Panel moved to January"]
    # The same words again after another update are a new update.
    slack.reply("/actions", "update leeds-improvement-plan:2.3 recruitment started")
    slack.submit("update_action", values, metadata={"a": action_id})
    assert [u.text for u in history(slack.store, "2.3")[1]] == [
        "Panel moved to January",
        "recruitment started",
        "Panel moved to January",
    ]


def test_the_log_form_refuses_an_empty_note_without_a_status(slack: Harness) -> None:
    values = {"ref": {"ref": text_value("4.2")}, "note": {"note": text_value("  \n ")}}
    metadata = {"c": CHANNEL, "ts": "1449050400.000900"}
    answer = slack.submit("log_update", values, user=FIONA, metadata=metadata).json()
    assert answer["response_action"] == "errors" and list(answer["errors"]) == ["note"]
    assert history(slack.store, "4.2")[1] == []


def test_a_forged_private_metadata_is_an_out_of_date_form(slack: Harness) -> None:
    payload = _submission_with_metadata(12)
    response = slack.post(interaction(payload), content_type=FORM)
    assert response.status_code == 200
    assert response.json()["errors"] == {"note": OUT_OF_DATE}


def _submission_with_metadata(metadata: Any) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": "T0CSBOT01"},
        "user": {"id": JACKIE, "team_id": "T0CSBOT01"},
        "view": {
            "id": "V0002",
            "type": "modal",
            "callback_id": "update_action",
            "private_metadata": metadata,
            "state": {"values": {"note": {"note": text_value("x")}}},
        },
    }


def test_refusals_that_are_not_about_one_field_stay_on_the_main_field(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    values = {"status": {"status": select_value("achieved")}, "note": {"note": text_value("x")}}
    refused = slack.submit("update_action", values, user=NEWBIE, metadata={"a": action_id})
    assert list(refused.json()["errors"]) == ["note"]


# -- 5. ids no row can have -----------------------------------------------------------------------


@pytest.mark.parametrize("action_id", ["mark_done", "open_update"])
def test_a_huge_action_id_in_a_button_means_the_action_no_longer_exists(
    slack: Harness, caplog: pytest.LogCaptureFixture, action_id: str
) -> None:
    slack.click(action_id, HUGE)
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    assert "That action no longer exists" in json.dumps(answer.args, ensure_ascii=False)
    assert "Something went wrong" not in json.dumps(answer.args, ensure_ascii=False)
    assert [r for r in caplog.records if r.exc_info] == []


def test_a_huge_action_id_in_a_form_means_the_action_no_longer_exists(slack: Harness) -> None:
    values = {"status": {"status": select_value("achieved")}, "note": {"note": text_value("x")}}
    for forged in (int(HUGE), -5):
        answer = slack.submit("update_action", values, user=JACKIE, metadata={"a": forged})
        assert "That action no longer exists" in answer.json()["errors"]["note"]
