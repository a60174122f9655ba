"""Action.Execute buttons: Done, Update, paging and commands, answered with a new card."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness
from tests.teams.world import add_cpac, add_many_actions


def _action(store: Store, ref: str) -> Action:
    with store.session_factory() as s:
        action = s.scalar(
            select(Action).where(Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan"))
        )
        assert action is not None
        return action


def _card(body: dict[str, Any]) -> dict[str, Any]:
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = body["value"]
    assert_valid_card(card)
    return card


def _buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "Action.Execute":
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(card)
    return found


def test_done_button_marks_achieved_and_redraws_the_list(teams: Harness) -> None:
    listed = teams.say("actions mine")
    done = next(
        b
        for b in _buttons(listed.cards[0])
        if b["verb"] == "done" and b["data"]["action_id"] == _action(teams.store, "2.3").id
    )
    card = _card(teams.press("done", done["data"]))
    text = json.dumps(card)
    assert "Logged on 2.3" in text  # the banner
    assert "Outstanding actions for Jackie Wilson" in text
    assert '"text": "2.3"' not in text  # no longer outstanding
    assert _action(teams.store, "2.3").status == "achieved"


def test_update_form_logs_note_status_and_due_date(teams: Harness) -> None:
    action = _action(teams.store, "2.4")
    data = {
        "action_id": action.id,
        "back": "/actions mine",
        "page": 1,
        f"note_{action.id}": "Workshop held; job descriptions rewritten",
        f"status_{action.id}": "on_track",
        f"due_{action.id}": "2016-02-29",
    }
    text = json.dumps(_card(teams.press("update", data)))
    assert "Logged on 2.4" in text and "Due date moved to 29 Feb 2016" in text
    changed = _action(teams.store, "2.4")
    assert changed.status == "on_track" and changed.due_date is not None
    assert changed.due_date.isoformat() == "2016-02-29"
    with teams.store.session_factory() as s:
        update = s.scalar(select(Update).where(Update.action_id == action.id))
    assert update is not None and update.text == "Workshop held; job descriptions rewritten"
    assert update.source == "form"


def test_someone_else_cannot_press_done_on_my_action(teams: Harness) -> None:
    action = _action(teams.store, "2.3")
    card = _card(teams.press("done", {"action_id": action.id}, user=act.FIONA))
    assert "Only the owners of 2.3" in json.dumps(card)
    assert _action(teams.store, "2.3").status == "on_track"


def test_pages_of_a_long_list(teams: Harness) -> None:
    add_many_actions(teams.store, 20)
    first = teams.say("actions mine").cards[0]
    assert "Page 1 of 3 (23 in all)" in json.dumps(first)
    nxt = next(b for b in _buttons(first) if b["verb"] == "page")
    assert nxt["title"] == "Next ▶" and nxt["data"] == {"cmd": "/actions mine", "page": 2}
    second = _card(teams.press("page", nxt["data"]))
    text = json.dumps(second)
    assert "Page 2 of 3" in text and "Extra action number" in text
    titles = [b["title"] for b in _buttons(second) if b["verb"] == "page"]
    assert titles == ["◀ Previous", "Next ▶"]


def test_question_choices_run_commands(teams: Harness) -> None:
    # Not Sally's exact name (no automatic link), but her surname (so `link` may link her).
    sal = act.User("29:sal", "aad-0004-sal", "Sal Threlfall")
    post = teams.say("home", user=sal)
    assert "Which of these is you?" in post.text
    link = next(
        b for b in _buttons(post.cards[0]) if b["data"].get("cmd") == "link Sally Threlfall"
    )
    _card(teams.press("run", link["data"], user=sal))
    assert "Sally Threlfall" in teams.say("whoami", user=sal).text


def test_reply_mode_posts_in_the_conversation(teams: Harness) -> None:
    body = teams.press("run", {"cmd": "/actions show 2.3 plan leeds", "mode": "reply"})
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Posted in the conversation.",
    }
    [post] = teams.fake.wait_for(1)
    assert "Ensure social care staff have manageable workloads" in post.text


def test_minutes_form(teams: Harness) -> None:
    add_cpac(teams.store, on=date(2015, 11, 30))  # held: minutes of a later meeting are refused
    # Importing minutes is the committee clerk's (or an administrator's) job.
    refused = teams.say("meeting minutes CPAC 2015-11-30").cards[0]
    assert not [b for b in _buttons(refused) if b["verb"] == "minutes"]
    assert "Only an administrator or the Committee Clerk" in json.dumps(refused)
    with seeded(teams.store, act.TENANT) as uow:
        people = uow.repos.people
        jackie = people.person_by_key("jackie wilson")
        assert jackie is not None
        people.grant_role(jackie, people.get_or_create_role("CLERK", "Committee Clerk"))
    form = teams.say("meeting minutes CPAC 2015-11-30").cards[0]
    [submit] = [b for b in _buttons(form) if b["verb"] == "minutes"]
    empty = _card(teams.press("minutes", submit["data"]))
    assert "Paste the minutes first." in json.dumps(empty)
    minutes = (
        "CPAC350. PERFORMANCE\n\nA dashboard of PEP figures is to be built.\n\n"
        "Action: Jackie Wilson\n"
    )
    data = {**submit["data"], "minutes": minutes}
    text = json.dumps(_card(teams.press("minutes", data)))
    assert "Actions arising from CPAC 2015-11-30" in text
    assert "dashboard" in text


def test_home_refresh_and_done_from_home(teams: Harness) -> None:
    home = teams.say("home").cards[0]
    done = next(b for b in _buttons(home) if b["verb"] == "done")
    assert done["data"]["back"] == "home"
    text = json.dumps(_card(teams.press("done", done["data"])))
    assert "Hello, Jackie Wilson" in text and "Logged on" in text
    assert "Hello, Jackie Wilson" in json.dumps(_card(teams.press("home", {})))


def test_malformed_presses_are_refused(teams: Harness) -> None:
    for verb, data in (
        ("explode", {}),
        ("done", {}),
        ("done", {"action_id": "seven"}),
        ("page", {"cmd": "actions mine", "page": 0}),
        ("run", {"cmd": ["actions", "mine"]}),
    ):
        body = teams.press(verb, data)
        assert body["statusCode"] == 400, (verb, data)
        assert body["type"] == "application/vnd.microsoft.error"
    assert teams.fake.posted == []


def test_a_page_button_never_runs_a_command_that_writes(teams: Harness) -> None:
    before = _action(teams.store, "2.3")
    body = teams.press("page", {"cmd": "/actions update 2.3 sneaked in #done", "page": 1})
    assert "cannot run it" in json.dumps(_card(body))
    after = _action(teams.store, "2.3")
    assert (after.status, after.last_update_at) == (before.status, before.last_update_at)
