"""Teams' Update card changes only what its user changed. Its Save button carries the status and
due date its inputs showed, so a value sent back as shown keeps whatever the action holds when
the card is saved (an administrator may have changed it since the card was drawn); a changed
one replaces it, and the reply names what it replaced. A card drawn before csbot carried what
it showed is saved as before; one whose carried values are not csbot's is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.teams import activities as act
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness

CARD = "application/vnd.microsoft.card.adaptive"


def _action(store: Store, ref: str = "2.3") -> Action:
    with store.session_factory() as s:
        action = s.scalar(
            select(Action).where(Action.ref == ref, Action.plan.has(slug="leeds-improvement-plan"))
        )
        assert action is not None
        return action


def _updates(store: Store, action_id: int) -> list[Update]:
    with store.session_factory() as s:
        return list(
            s.scalars(select(Update).where(Update.action_id == action_id).order_by(Update.id))
        )


def _find(value: Any, keep: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if keep(value):
            found.append(value)
        for v in value.values():
            found += _find(v, keep)
    elif isinstance(value, list):
        for v in value:
            found += _find(v, keep)
    return found


def _update_card(teams: Harness, ref: str = "2.3") -> dict[str, Any]:
    """The card behind an action's Update button in Jackie's ``actions mine``."""
    action_id = _action(teams.store, ref).id
    listed = teams.say("actions mine").cards[0]
    [card] = [
        b["card"]
        for b in _find(listed, lambda v: v.get("type") == "Action.ShowCard")
        if _find(b["card"], lambda v: v.get("id") == f"note_{action_id}")
    ]
    return card


def _save(card: dict[str, Any], **typed: str) -> dict[str, Any]:
    """What Teams sends on "Save update": the button's data and each input's value, as the
    card set it unless ``typed`` (by kind: note, status, due) says otherwise."""
    [button] = _find(card, lambda v: v.get("type") == "Action.Execute")
    assert button["verb"] == "update"
    data = dict(button["data"])
    for field in _find(card, lambda v: str(v.get("type", "")).startswith("Input.")):
        kind = field["id"].split("_")[0]
        data[field["id"]] = typed.get(kind, field.get("value") or "")
    return data


def _banner(body: dict[str, Any]) -> str:
    """The one-line account above the redrawn list."""
    assert body["statusCode"] == 200, body
    assert body["type"] == CARD, body
    card: dict[str, Any] = body["value"]
    assert_valid_card(card)
    return "".join(run["text"] for run in card["body"][0]["inlines"])


def _admin_marks_at_risk_and_moves_to_29_jan(teams: Harness) -> None:
    """Fiona Smith, an administrator, marks Jackie's 2.3 at risk and moves it to 29 Jan 2016,
    typing commands in her own chat."""
    assert "Fiona Smith" in teams.say("link Fiona Smith", user=act.FIONA).text
    with seeded(teams.store, act.TENANT) as uow:
        fiona = uow.repos.people.person_by_key("fiona smith")
        assert fiona is not None
        fiona.is_admin = True
    said = teams.say(
        "actions update leeds-improvement-plan:2.3 panel paused #at-risk", user=act.FIONA
    )
    assert "Logged on 2.3" in said.text, said.text
    said = teams.say("actions due leeds-improvement-plan:2.3 29 Jan 2016", user=act.FIONA)
    assert "now due 29 Jan 2016" in said.text, said.text
    changed = _action(teams.store)
    assert changed.status == "at_risk" and str(changed.due_date) == "2016-01-29"


def test_the_save_button_carries_what_the_card_showed(teams: Harness) -> None:
    card = _update_card(teams, "2.3")
    assert _save(card)["shown_status"] == "on_track" and _save(card)["shown_due"] == "2015-11-30"
    undated = _save(_update_card(teams, "2.4"))  # due "TBC": no date in the picker
    assert undated["shown_status"] == "not_started" and undated["shown_due"] == ""


def test_a_note_only_save_keeps_the_administrators_status_and_due_date(teams: Harness) -> None:
    action_id = _action(teams.store).id
    card = _update_card(teams)  # drawn while 2.3 is on track, due 30 Nov 2015
    _admin_marks_at_risk_and_moves_to_29_jan(teams)
    banner = _banner(teams.press("update", _save(card, note="Caseloads reviewed")))
    after = _action(teams.store)
    assert after.status == "at_risk" and str(after.due_date) == "2016-01-29"
    assert after.due_text == "29 Jan 2016"  # the administrator's words, untouched
    assert banner == (
        "Logged on 2.3 (Leeds Improvement Plan). The status had been changed to At risk since "
        "this form opened; it was left as it is. The due date had been changed to 29 Jan 2016 "
        "since this form opened; it was left as it is."
    )
    logged = _updates(teams.store, action_id)[-1]
    assert logged.text == "Caseloads reviewed" and logged.status_after is None


def test_a_changed_status_is_applied_and_the_reply_names_what_it_replaced(
    teams: Harness,
) -> None:
    action_id = _action(teams.store).id
    card = _update_card(teams)
    _admin_marks_at_risk_and_moves_to_29_jan(teams)
    banner = _banner(teams.press("update", _save(card, note="Two leavers", status="off_track")))
    after = _action(teams.store)
    assert after.status == "off_track" and str(after.due_date) == "2016-01-29"
    assert (
        "The status had been changed to At risk since this form opened; your choice replaced it."
        in banner
    )
    assert "The due date had been changed to 29 Jan 2016" in banner
    assert "it was left as it is" in banner and "Due date moved" not in banner
    logged = _updates(teams.store, action_id)[-1]
    assert (logged.status_before, logged.status_after) == ("at_risk", "off_track")


def test_a_changed_due_date_is_applied_and_the_reply_names_the_date_it_replaced(
    teams: Harness,
) -> None:
    card = _update_card(teams)
    _admin_marks_at_risk_and_moves_to_29_jan(teams)
    banner = _banner(teams.press("update", _save(card, note="", due="2016-02-15")))
    after = _action(teams.store)
    assert after.status == "at_risk" and str(after.due_date) == "2016-02-15"
    assert banner.startswith("2.3: Due date moved to 15 Feb 2016 (was 29 Jan 2016).")
    assert "The due date had been changed to 29 Jan 2016 since this form opened; your date " in (
        banner
    )
    assert "The status had been changed to At risk since this form opened; it was left" in banner


def test_a_date_taken_out_of_the_card_clears_the_due_date(teams: Harness) -> None:
    card = _update_card(teams)
    banner = _banner(teams.press("update", _save(card, note="", due="")))
    assert banner.startswith("2.3: Due date cleared: now TBC (was 30 Nov 2015)."), banner
    after = _action(teams.store)
    assert after.due_date is None and after.due_text == "TBC"


def _left_out(data: dict[str, Any], *kinds: str) -> dict[str, Any]:
    """What a client sends that leaves out the inputs of these kinds its user did not touch."""
    return {k: v for k, v in data.items() if k.split("_")[0] not in kinds or k.startswith("shown")}


def test_a_client_leaving_out_the_untouched_date_keeps_the_due_date(teams: Harness) -> None:
    card = _update_card(teams)
    sent = _left_out(_save(card, note="Panel met"), "due")
    assert "shown_due" in sent and not [k for k in sent if k.startswith("due_")]
    banner = _banner(teams.press("update", sent))
    assert banner == "Logged on 2.3 (Leeds Improvement Plan)."
    after = _action(teams.store)
    assert str(after.due_date) == "2015-11-30" and after.due_text != "TBC"


def test_a_client_leaving_out_every_untouched_input_keeps_what_was_changed_since(
    teams: Harness,
) -> None:
    card = _update_card(teams)
    _admin_marks_at_risk_and_moves_to_29_jan(teams)
    banner = _banner(teams.press("update", _left_out(_save(card, note="x"), "due", "status")))
    assert "Due date cleared" not in banner and "it was left as it is" in banner
    after = _action(teams.store)
    assert after.status == "at_risk" and str(after.due_date) == "2016-01-29"
    assert after.due_text == "29 Jan 2016"


def test_an_unchanged_card_on_an_unchanged_action_changes_nothing_but_the_note(
    teams: Harness,
) -> None:
    card = _update_card(teams)
    banner = _banner(teams.press("update", _save(card, note="Supervision audit done")))
    assert banner == "Logged on 2.3 (Leeds Improvement Plan)."
    after = _action(teams.store)
    assert after.status == "on_track" and str(after.due_date) == "2015-11-30"


def test_a_card_from_before_the_upgrade_is_saved_as_before(teams: Harness) -> None:
    """A card drawn before the Save button carried what it showed is not refused (cards stay
    in chats for months): its inputs are taken as they come, as before, so its status and
    due date still replace the action's. Drawing the card again gives the new behaviour."""
    card = _update_card(teams)
    _admin_marks_at_risk_and_moves_to_29_jan(teams)
    old = {
        k: v for k, v in _save(card, note="Caseloads reviewed").items() if not k.startswith("shown")
    }
    banner = _banner(teams.press("update", old))
    assert banner == (
        "Logged on 2.3 (Leeds Improvement Plan). Due date moved to 30 Nov 2015 (was 29 Jan 2016)."
    )
    after = _action(teams.store)
    assert after.status == "on_track" and str(after.due_date) == "2015-11-30"


@pytest.mark.parametrize(
    "carried",
    [
        {"shown_status": "bogus", "shown_due": "2015-11-30"},
        {"shown_status": ["on_track"], "shown_due": "2015-11-30"},
        {"shown_status": "on_track", "shown_due": "30/11/2015"},
        {"shown_status": "on_track", "shown_due": "2015-02-30"},
        {"shown_status": "on_track", "shown_due": "20151130"},
        {"shown_status": "on_track", "shown_due": None},
        {"shown_status": "on_track"},
        {"shown_due": "2015-11-30"},
    ],
)
def test_what_a_card_carries_is_checked(teams: Harness, carried: dict[str, Any]) -> None:
    action = _action(teams.store)
    data = {k: v for k, v in _save(_update_card(teams)).items() if not k.startswith("shown")}
    data.update(carried, **{f"note_{action.id}": "x", f"status_{action.id}": "off_track"})
    body = teams.press("update", data)
    assert body["statusCode"] == 400, body
    assert body["type"] == "application/vnd.microsoft.error"
    assert json.dumps(body).count("shown_") == 1  # names the value it refused
    after = _action(teams.store)
    assert after.status == action.status and after.due_date == action.due_date
    assert _updates(teams.store, action.id) == []
