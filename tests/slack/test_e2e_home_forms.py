"""App Home, buttons, modals and the "Log as action update" shortcut, end to end."""

from __future__ import annotations

import json
from typing import Any

from commands.owners import person_key
from tests.factories import seeded
from tests.slack import signing
from tests.slack.conftest import CHANNEL, FIONA, JACKIE, NEWBIE, Harness, database_down, history
from tests.slack.fake_slack import TEAM
from tests.slack.signing import date_value, select_value, text_value

HOME = {"type": "home"}


def _view(call: Any) -> dict[str, Any]:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def _action_id(store: Any, ref: str) -> int:
    from tests.slack.fake_slack import TEAM

    with store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def _open_home(slack: Harness, user: str = JACKIE) -> dict[str, Any]:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME",
        "tab": "home",
        "event_ts": "1.2",
    }
    assert slack.event(event).status_code == 200
    slack.drain()
    return _view(slack.fake.of("views.publish")[-1])


def test_app_home_lists_my_items_overdue_first_with_buttons(slack: Harness) -> None:
    home = _open_home(slack)
    dumped = json.dumps(home, ensure_ascii=False)
    assert home["type"] == "home" and "Hello, Jackie Wilson" in dumped
    sections = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section"]
    refs = [t.split("*")[1] for t in sections if t.startswith(("⚠️ *", "*2", "*3", "*1", "*4"))]
    assert refs[:2] == ["3.1", "2.3"]  # overdue first (31 Oct, then 30 Nov)
    assert "open_update" in dumped and "mark_done" in dumped and "open_add" in dumped
    assert "Your KPIs" in dumped and "Next meetings" in dumped


def test_home_for_someone_unknown_asks_who_they_are(slack: Harness) -> None:
    # Slack's real name is not Fiona's exactly (no automatic link) but has her surname.
    slack.fake.add_user(NEWBIE, "Fi Smith", display="fi")
    dumped = json.dumps(_open_home(slack, NEWBIE))
    assert "Which of these is you?" in dumped and "link Fiona Smith" in dumped
    # Jackie Wilson has an e-mail on file and Slack reports none for this account; Sally
    # Threlfall's surname is not the one Slack reports: `link` would refuse both.
    assert "link Jackie Wilson" not in dumped and "link Sally Threlfall" not in dumped


def test_update_button_opens_the_form_and_saving_it_logs_the_update(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    assert slack.click("open_update:3", str(action_id), view=HOME).status_code == 200
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    assert modal["callback_id"] == "update_action"
    status = next(b for b in modal["blocks"] if b.get("block_id") == "status")
    assert status["element"]["initial_option"]["value"] == "on_track"
    shown = {"a": action_id, "c": None, "h": True, "s": "on_track", "d": "2015-11-30"}
    assert signing.form_metadata(modal["private_metadata"]) == shown

    response = slack.submit(
        "update_action",
        {
            "status": {"status": select_value("at_risk")},
            "due": {"due": date_value("2016-01-31")},
            "note": {"note": text_value("Panel moved to January")},
        },
        metadata=modal["private_metadata"],
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "update"
    assert "Logged on 2.3" in json.dumps(answer["view"]) and "31 Jan 2016" in json.dumps(
        answer["view"]
    )
    status_now, updates = history(slack.store, "2.3")
    assert status_now == "at_risk"
    assert [(u.text, u.source) for u in updates] == [("Panel moved to January", "form")]
    slack.drain()
    assert slack.fake.of("views.publish")  # the Home tab was refreshed


def test_a_refused_or_failed_form_shows_the_error_in_the_form(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    values = {"status": {"status": select_value("achieved")}, "note": {"note": text_value("done")}}
    refused = slack.submit("update_action", values, user=NEWBIE, metadata={"a": action_id})
    assert refused.json()["response_action"] == "errors"
    assert "note" in refused.json()["errors"]
    with database_down(slack.store, statement="INSERT INTO action_update"):
        failed = slack.submit("update_action", values, metadata={"a": action_id})
    error = failed.json()["errors"]["note"]
    assert "Not saved" in error and "error id" in error
    assert history(slack.store, "2.3") == ("on_track", [])
    saved = slack.submit("update_action", values, metadata={"a": action_id})
    assert saved.json()["response_action"] == "update"
    assert history(slack.store, "2.3")[0] == "achieved"


def test_done_button_on_home_and_in_a_message(slack: Harness) -> None:
    slack.click("mark_done:1", str(_action_id(slack.store, "2.3")), view=HOME)
    slack.drain()
    result = _view(slack.fake.wait_for("views.open")[0])
    assert result["callback_id"] == "result" and "Achieved" in json.dumps(result)
    assert history(slack.store, "2.3")[0] == "achieved"
    assert slack.fake.of("views.publish")

    slack.click("mark_done", str(_action_id(slack.store, "2.4")))
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    assert answer.args["replace_original"] is True
    assert history(slack.store, "2.4")[0] == "achieved"


def test_add_action_form(slack: Harness) -> None:
    slack.click("open_add", "add", view=HOME)
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    plan = next(b for b in modal["blocks"] if b.get("block_id") == "plan")
    assert {o["value"] for o in plan["element"]["options"]} == {
        "leeds-improvement-plan",
        "haringey-corporate-parenting",
    }
    response = slack.submit(
        "add_action",
        {
            "title": {"title": text_value("Review the PEP audit <!channel>")},
            "owners": {"owners": text_value("Fiona Smith/HOS")},
            "due": {"due": date_value(None)},
            "due_text": {"due_text": text_value("end of March 2016")},
            "plan": {"plan": select_value("leeds-improvement-plan")},
        },
        metadata={"c": None, "h": True},
    )
    answer = response.json()
    assert answer["response_action"] == "update"
    shown = json.dumps(answer["view"])
    assert "Added" in shown and "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        titles = [a.title for a in uow.repos.actions.search(["PEP", "audit"])]
    assert "Review the PEP audit <!channel>" in titles


def test_log_as_action_update_shortcut(slack: Harness) -> None:
    message = {
        "type": "message",
        "user": "UFIONA001",
        "ts": "1449050400.000700",
        "text": "4.2 – audit signed off at panel &amp; filed #done",
    }
    body = signing.message_shortcut("log_action_update", message, user=FIONA, channel=CHANNEL)
    assert slack.post(body, content_type="application/x-www-form-urlencoded").status_code == 200
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    assert blocks["ref"]["element"]["initial_value"] == "4.2"
    assert blocks["status"]["element"]["initial_option"]["value"] == "achieved"
    assert blocks["note"]["element"]["initial_value"] == "audit signed off at panel & filed"

    values = {
        "ref": {"ref": text_value("4.2")},
        "status": {"status": select_value("achieved")},
        "note": {"note": text_value("audit signed off at panel & filed")},
    }
    metadata = modal["private_metadata"]
    first = slack.submit("log_update", values, user=FIONA, metadata=metadata)
    assert first.json()["response_action"] == "update", first.json()
    again = slack.submit("log_update", values, user=FIONA, metadata=metadata)
    assert "already logged" in json.dumps(again.json()["view"])
    status, updates = history(slack.store, "4.2")
    assert status == "achieved" and len(updates) == 1
    assert updates[0].source == "shortcut"
    assert updates[0].source_key == f"slack:{CHANNEL}:1449050400.000700"
    assert (
        updates[0].permalink == "https://csbot-test.slack.com/archives/CLEEDS01/p1449050400000700"
    )


def test_minutes_form_from_the_meeting_command(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:  # adding meetings is the committee clerk's job
        people = uow.repos.people
        jackie = people.person_by_key(person_key("Jackie Wilson"))
        assert jackie is not None
        people.grant_role(jackie, people.get_or_create_role("CLERK", "Committee Clerk"))
    added = slack.reply("/meeting", "add Corporate Parenting Advisory Committee 2015-11-20 18:30")
    assert "Added" in json.dumps(added) or "CPAC" in json.dumps(added)
    form = slack.reply("/meeting", "minutes CPAC 2015-11-20")
    button = next(
        e
        for b in form["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "open_minutes"
    )
    slack.click("open_minutes", button["value"])
    slack.drain()
    modal = _view(slack.fake.wait_for("views.open")[0])
    assert modal["callback_id"] == "minutes"
    minutes = (
        "3. Placement stability\nThe committee asked for a report on moves.\nAction: Fiona Smith\n"
    )
    response = slack.submit(
        "minutes",
        {"minutes": {"minutes": text_value(minutes)}},
        metadata=modal["private_metadata"],
    )
    answer = response.json()
    assert answer["response_action"] == "update", answer
    assert "Actions arising from CPAC 2015-11-20" in json.dumps(answer["view"])


def test_the_minutes_form_is_for_the_clerk_and_administrators_only(slack: Harness) -> None:
    """Someone who may not change the committee is not offered the form, and a submission
    of it (forged, or from an old modal) is refused and writes nothing."""
    with seeded(slack.store, TEAM) as uow:
        people = uow.repos.people
        jackie = people.person_by_key(person_key("Jackie Wilson"))
        assert jackie is not None
        people.grant_role(jackie, people.get_or_create_role("CLERK", "Committee Clerk"))
    slack.reply("/meeting", "add Corporate Parenting Advisory Committee 2015-11-20 18:30")
    offered = json.dumps(slack.reply("/meeting", "minutes CPAC 2015-11-20", user=FIONA))
    assert "open_minutes" not in offered
    assert "Only an administrator or the Committee Clerk (Jackie Wilson)" in offered
    with slack.store.unit_of_work(TEAM) as uow:
        committee = uow.repos.meetings.committees()[0]
        meeting_id = uow.repos.meetings.meetings_of(committee.id)[0].id
        actions_before = len(list(uow.repos.actions.arising_from(meeting_id)))
    response = slack.submit(
        "minutes",
        {"minutes": {"minutes": text_value("Report on moves.\nAction: Zed Invented-Person\n")}},
        user=FIONA,
        metadata={"m": meeting_id},
    )
    answer = response.json()
    assert answer["response_action"] == "errors", answer
    assert "Only an administrator or the Committee Clerk" in json.dumps(answer["errors"])
    with slack.store.unit_of_work(TEAM) as uow:
        assert len(list(uow.repos.actions.arising_from(meeting_id))) == actions_before
        assert uow.repos.people.person_by_key(person_key("Zed Invented-Person")) is None


def test_the_minutes_form_of_a_meeting_not_held_names_the_command_not_a_flag(
    slack: Harness,
) -> None:
    with seeded(slack.store, TEAM) as uow:
        people = uow.repos.people
        jackie = people.person_by_key(person_key("Jackie Wilson"))
        assert jackie is not None
        people.grant_role(jackie, people.get_or_create_role("CLERK", "Committee Clerk"))
    slack.reply("/meeting", "add Corporate Parenting Advisory Committee 2016-02-20 18:30")
    with slack.store.unit_of_work(TEAM) as uow:
        committee = uow.repos.meetings.committees()[0]
        meeting_id = uow.repos.meetings.meetings_of(committee.id)[-1].id
    response = slack.submit(
        "minutes",
        {"minutes": {"minutes": text_value("Report on moves.\nAction: Fiona Smith\n")}},
        metadata={"m": meeting_id},
    )
    errors = json.dumps(response.json()["errors"], ensure_ascii=False)
    assert "has not been held yet" in errors and "/meeting minutes CPAC" in errors, errors
    assert "--meeting" not in errors


def test_the_update_form_can_just_move_the_due_date(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    same = {"status": {"status": select_value("on_track")}, "note": {"note": text_value("")}}
    moved = slack.submit(
        "update_action",
        {**same, "due": {"due": date_value("2016-02-29")}},
        metadata={"a": action_id},
    )
    assert "Due date moved to 29 Feb 2016 (was 30 Nov 2015)" in json.dumps(moved.json()["view"])
    nothing = slack.submit(
        "update_action",
        {**same, "due": {"due": date_value("2016-02-29")}},
        metadata={"a": action_id},
    )
    assert "Nothing to change on 2.3" in json.dumps(nothing.json()["view"])
    assert history(slack.store, "2.3") == ("on_track", [])
    with slack.store.unit_of_work("T0CSBOT01") as uow:
        action = uow.repos.actions.by_id(action_id)
        assert action is not None and action.due_date is not None
        assert action.due_date.isoformat() == "2016-02-29"
