"""Slack surfaces, end to end: the update form's due-date range, page and share buttons that
name the meeting (and page) they show, notification text, screen-reader names of repeated
buttons, and the "Log as action update" form on a long message."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.slack.modals import INPUT_MAX, log_update_modal
from bot.slack.pages import PAGE, SHARE, PageRequest, to_message
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    starts_at,
)
from storage.models import MeetingLink
from storage.unit_of_work import Store
from tests.factories import add_monthly_indicator, add_update, make_plan, seeded
from tests.slack.blockkit import validate_message, validate_view
from tests.slack.conftest import JACKIE, TEAM, Harness, history
from tests.slack.signing import date_value, select_value, text_value

TZ = "Europe/London"
HOME = {"type": "home"}


def _action_id(store: Store, ref: str) -> int:
    with store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        return int(uow.repos.actions.by_ref(ref, plan.id)[0].id)


def _due(store: Store, ref: str) -> date | None:
    with store.unit_of_work(TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        return uow.repos.actions.by_ref(ref, plan.id)[0].due_date


def _buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") == "button":
            found.append(accessory)
        if block.get("type") == "actions":
            found += [e for e in block["elements"] if e.get("type") == "button"]
    return found


# -- 1. the update form refuses the dates /actions due refuses ---------------------------------


def _update(slack: Harness, action_id: int, **fields: Any) -> dict[str, Any]:
    values = {
        "status": {"status": select_value("on_track")},
        "due": {"due": date_value(None)},
        "note": {"note": text_value("")},
    }
    values.update(fields)
    answer: dict[str, Any] = slack.submit("update_action", values, metadata={"a": action_id}).json()
    return answer


def test_the_update_form_refuses_a_due_date_out_of_range_under_the_date(slack: Harness) -> None:
    action_id = _action_id(slack.store, "2.3")
    before = _due(slack.store, "2.3")
    for picked, said in (("1990-01-01", "1 Jan 1990"), ("2099-12-31", "31 Dec 2099")):
        answer = _update(
            slack, action_id, due={"due": date_value(picked)}, note={"note": text_value("x")}
        )
        assert answer["response_action"] == "errors", answer
        assert list(answer["errors"]) == ["due"]
        assert said in answer["errors"]["due"] and "Nothing was changed" in answer["errors"]["due"]
    assert _due(slack.store, "2.3") == before
    assert history(slack.store, "2.3") == ("on_track", [])
    # The same date typed in chat is refused with the same words.
    typed = json.dumps(
        slack.reply("/actions", "due leeds-improvement-plan:2.3 1 Jan 1990"), ensure_ascii=False
    )
    assert "10 years before today" in typed


def test_a_bad_status_is_still_blamed_before_a_bad_date(slack: Harness) -> None:
    answer = _update(
        slack,
        _action_id(slack.store, "2.3"),
        status={"status": select_value("fabulous")},
        due={"due": date_value("1990-01-01")},
    )
    assert list(answer["errors"]) == ["status"]


def test_an_old_date_left_as_it_was_is_not_refused(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        uow.repos.actions.by_ref("2.3", plan.id)[0].due_date = date(2001, 3, 31)
    answer = _update(
        slack,
        _action_id(slack.store, "2.3"),
        due={"due": date_value("2001-03-31")},
        note={"note": text_value("still waiting on the panel")},
    )
    assert answer["response_action"] == "update", answer
    assert _due(slack.store, "2.3") == date(2001, 3, 31)


# -- 2. page and share buttons re-run the meeting the answer is about ---------------------------


def _meeting(store: Store, committee: str, on: date, items: int, *, plan: bool = False) -> None:
    """A meeting with a long agenda; ``plan``: its committee follows a plan of long, overdue
    actions (a summary shows only part of an agenda: such a plan is what makes it page)."""
    with seeded(store, TEAM) as uow:
        found, _ = get_or_create_committee(uow.repos, committee)
        meeting, _ = get_or_create_meeting(uow.repos, found, on, starts_at(on, None, TZ))
        for n in range(items):
            title = f"Agenda item {n + 1} of {committee}: " + "long report wording " * 60
            add_agenda_item(uow.repos, meeting, title, "Jackie Wilson", None)
        if plan:
            rows = [
                {"ref": str(n), "title": "long action wording " * 30, "due": date(2015, 11, 1)}
                for n in range(1, 21)
            ]
            followed = make_plan(uow, f"Long Plan of {committee}", rows)
            for action in uow.repos.actions.in_plan(followed.id):
                add_update(uow, action, "long update wording " * 15)
            uow.session.add(
                MeetingLink(
                    workspace_id=uow.workspace.id, committee_id=found.id, plan_id=followed.id
                )
            )


def _page_value(payload: dict[str, Any], action: str) -> PageRequest:
    (found,) = [b for b in _buttons(payload["blocks"]) if b["action_id"].startswith(action)]
    request = PageRequest.decode(found["value"])
    assert request is not None
    return request


def test_page_and_share_buttons_of_a_summary_name_its_meeting(slack: Harness) -> None:
    _meeting(slack.store, "Corporate Parenting Advisory Committee", date(2016, 1, 5), 40, plan=True)
    # The summary is always one message; its Share button names its meeting.
    payload = slack.reply("/meeting", "prep")
    assert "(page 1 of" not in payload["text"], payload["text"]
    assert not [b for b in _buttons(payload["blocks"]) if b["action_id"].startswith(PAGE)]
    assert _page_value(payload, SHARE) == PageRequest("/meeting prep CPAC 2016-01-05", 0)
    # The 40-item agenda has pages, and its buttons name the meeting too.
    agenda = "/meeting agenda CPAC 2016-01-05"
    payload = slack.reply("/meeting", "agenda")
    assert "(page 1 of" in payload["text"], payload["text"]
    assert _page_value(payload, PAGE) == PageRequest(agenda, 1)
    assert _page_value(payload, SHARE) == PageRequest(agenda, 0)

    # Another committee now meets first: the old Next button still pages the CPAC agenda.
    _meeting(slack.store, "Fostering Panel", date(2015, 12, 10), 40)
    slack.click(PAGE, PageRequest(agenda, 1).encode())
    slack.drain()
    (second,) = slack.fake.wait_for("response_url")
    shown = json.dumps(second.args, ensure_ascii=False)
    assert "CPAC 2016-01-05" in shown and "Fostering Panel" not in shown
    assert "Page 2 of" in shown


# -- 5. a shared page says which page of which command -------------------------------------------


def test_a_shared_page_names_the_page_and_the_command(slack: Harness) -> None:
    with seeded(slack.store, TEAM) as uow:
        rows = [{"ref": str(n), "title": f"Big action {n}", "lead": "HOS"} for n in range(1, 91)]
        make_plan(uow, "Big Plan", rows)
    slack.click(SHARE, PageRequest("/actions plan big-plan", 1).encode())
    slack.drain()
    posted = next(
        c for c in slack.fake.wait_for("response_url") if c.args.get("response_type")
    ).args
    assert posted["response_type"] == "in_channel"
    validate_message(posted)
    shown = json.dumps(posted["blocks"], ensure_ascii=False)
    assert "Page 2 of" in shown and "`/actions plan big-plan`" in shown
    assert "too long to show here" not in shown
    # A snapshot for everyone: no Previous / Next in the channel.
    assert not [b for b in _buttons(posted["blocks"]) if b["action_id"].startswith(PAGE)]


# -- 3. the notification says what the blocks lead with ------------------------------------------


def test_a_logged_updates_text_leads_with_the_warning_and_the_status_change(
    slack: Harness,
) -> None:
    payload = slack.reply("/actions", "update leeds-improvement-plan:2.3 slipping #at-rsik")
    assert "not a status I know" in payload["text"], payload["text"]
    changed = slack.reply(
        "/actions", "update leeds-improvement-plan:2.4 recruited a manager #at-risk"
    )
    assert changed["text"].startswith("Logged on 2.4. Status: ")
    assert "→ At risk." in changed["text"]
    assert "recruited a manager" in changed["text"]


# -- 4. screen-reader names of repeated buttons ---------------------------------------------------


def test_repeated_buttons_have_screen_reader_names(slack: Harness) -> None:
    event = {"type": "app_home_opened", "user": JACKIE, "channel": "D0HOME", "tab": "home"}
    assert slack.event({**event, "event_ts": "1.2"}).status_code == 200
    slack.drain()
    home = slack.fake.of("views.publish")[-1].args["view"]
    home = json.loads(home) if isinstance(home, str) else home
    validate_view(home)
    labels = {b.get("accessibility_label") for b in _buttons(home["blocks"])}
    assert {"Mark 2.3 done", "Update 2.3", "Details of 2.3"} <= labels

    mine = slack.reply("/actions", "mine")
    assert "Details of 2.3" in {b.get("accessibility_label") for b in _buttons(mine["blocks"])}
    shown = slack.reply("/actions", "show leeds-improvement-plan:2.3")
    labels = {b.get("accessibility_label") for b in _buttons(shown["blocks"])}
    assert {"Update 2.3", "Mark 2.3 done"} <= labels


def test_kpi_list_details_buttons_name_their_indicator_and_the_count_is_said_once(
    slack: Harness,
) -> None:
    with seeded(slack.store, TEAM) as uow:
        for slug in ("pep", "cin"):
            add_monthly_indicator(
                uow, slug, f"Indicator {slug}", [("Oct 2015", date(2015, 10, 31), 50.0)], target=95
            )
    listed = slack.reply("/kpi", "list")
    assert listed["text"] == "Indicators (2)"
    labels = {b.get("accessibility_label") for b in _buttons(listed["blocks"])}
    assert {"Details of pep", "Details of cin"} <= labels
    red = slack.reply("/kpi", "red")
    assert red["text"] == "Off target: 2 red, 0 amber"


# -- 7. the log form says when a long message was cut --------------------------------------------


def test_the_log_form_says_when_only_the_start_of_a_message_will_be_logged() -> None:
    long = "Progress on the audit: " + "x" * 6000
    modal = log_update_modal(long, ref="2.3", status=None, channel_id="C1", message_ts="1.2")
    validate_view(modal)
    note = next(b for b in modal["blocks"] if b.get("block_id") == "note")
    assert len(note["element"]["initial_value"]) == INPUT_MAX
    assert "6,023 characters" in note["hint"]["text"]
    assert "only the first 2,999" in note["hint"]["text"]

    short = log_update_modal("2.3 done", ref="2.3", status=None, channel_id="C1", message_ts="1")
    assert "hint" not in next(b for b in short["blocks"] if b.get("block_id") == "note")


def test_a_message_of_pages_keeps_page_buttons_within_slacks_limit() -> None:
    # A command too long for a button value keeps the existing fallback caption.
    from commands.views import ActionList, ActionSummary

    items = [
        ActionSummary(
            id=n, plan_slug="p", plan_name="P", ref=f"{n}", title="t " * 400, status="on_track"
        )
        for n in range(1, 80)
    ]
    view = ActionList(title="Long", items=items, query="/actions search " + "w" * 2100)
    message = to_message(view, command="/actions search w").payload()
    validate_message(message)
    assert "too long to show here" in json.dumps(message["blocks"])


def test_an_edited_messages_text_says_it_was_updated_from_the_edit() -> None:
    from datetime import UTC, datetime

    from commands.views import ActionSummary, UpdateLogged, UpdateView

    view = UpdateLogged(
        action=ActionSummary(
            id=1, plan_slug="p", plan_name="P", ref="2.2", title="Recruit", status="at_risk"
        ),
        update=UpdateView(
            at=datetime(2015, 12, 3, tzinfo=UTC),
            author="Jackie Wilson",
            text="corrected",
            status_before="on_track",
            status_after="at_risk",
        ),
        message="Updated from your edited message: 2.2.",
    )
    text = to_message(view).text
    assert text == "Updated from your edited message: 2.2. Status: On track → At risk. “corrected”"
