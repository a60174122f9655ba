"""A typed update whose ref is in several plans (``actions update 2.3 …`` outside the plan's
channel: Leeds and Haringey both have a 2.3) keeps its note: the card offers each candidate
action with the note, and one click logs it there, with the usual permission checks, once."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr
from sqlalchemy import select

from bot.config import Settings
from bot.teams.endpoint import pick_seal
from bot.teams.pick import PickSeal
from storage.models import Action, Update
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.teams import activities as act
from tests.teams import signing
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness

LEEDS = "leeds-improvement-plan"
HARINGEY = "haringey-corporate-parenting"
TYPED = "actions update 2.3 KASS team recruited #on-track"
OTHER_CHANNEL = "19:chan-random@thread.tacv2"


def _action(store: Store, plan_slug: str, ref: str = "2.3") -> Action:
    with store.session_factory() as s:
        action = s.scalar(select(Action).where(Action.ref == ref, Action.plan.has(slug=plan_slug)))
        assert action is not None
        return action


def _updates(store: Store, plan_slug: str) -> list[Update]:
    action_id = _action(store, plan_slug).id
    with store.session_factory() as s:
        return list(s.scalars(select(Update).where(Update.action_id == action_id)))


def _state(update: Update) -> str:
    if update.superseded_by_id is not None:
        return "superseded"
    return "retracted" if update.retracted_at is not None else "live"


def _walk(value: Any, kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if value.get("type") == kind:
            found.append(value)
        for v in value.values():
            found += _walk(v, kind)
    elif isinstance(value, list):
        for v in value:
            found += _walk(v, kind)
    return found


def _picks(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The pick buttons by title (the plan's name), each with the data a click sends: the
    button's data plus the note input's value, as Teams sends them."""
    assert_valid_card(card)
    [note] = [i for i in _walk(card, "Input.Text") if i["id"] == "pick_note"]
    return {
        b["title"]: {**b["data"], "pick_note": note.get("value", "")}
        for b in _walk(card, "Action.Execute")
        if b["verb"] == "pick"
    }


def _message(body: dict[str, Any]) -> str:
    """The text of an invoke answered with a message (the card is left as it was)."""
    assert body["statusCode"] == 200, body
    assert body["type"] == "application/vnd.microsoft.activity.message", body
    text: str = body["value"]
    return text


def test_the_card_offers_each_candidate_with_the_note(teams: Harness) -> None:
    post = teams.say(TYPED)
    picks = _picks(post.cards[0])
    assert set(picks) == {"Leeds Improvement Plan", "Haringey Corporate Parenting"}
    assert picks["Leeds Improvement Plan"]["cmd"] == f"/actions update {LEEDS}:2.3"
    assert picks["Haringey Corporate Parenting"]["cmd"] == f"/actions update {HARINGEY}:2.3"
    assert all(p["pick_note"] == "KASS team recruited #on-track" for p in picks.values())
    assert "Ensure social care staff have manageable workloads" in post.text  # Leeds 2.3
    assert _updates(teams.store, LEEDS) == [] and _updates(teams.store, HARINGEY) == []


def test_a_click_logs_the_note_on_the_chosen_action(teams: Harness) -> None:
    picks = _picks(teams.say(TYPED).cards[0])
    body = teams.press("pick", picks["Leeds Improvement Plan"])
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body
    assert_valid_card(body["value"])
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"])
    [update] = _updates(teams.store, LEEDS)
    assert update.text == "KASS team recruited" and update.status_after == "on_track"
    assert update.author_name == "Jackie Wilson"
    assert _updates(teams.store, HARINGEY) == []


def test_a_click_on_an_action_the_user_may_not_update_is_refused(teams: Harness) -> None:
    picks = _picks(teams.say(TYPED).cards[0])
    refused = _message(teams.press("pick", picks["Haringey Corporate Parenting"]))
    assert "Only the owners of 2.3 (Fiona Smith)" in refused
    assert _updates(teams.store, HARINGEY) == []
    assert _action(teams.store, HARINGEY).status != "on_track"
    # The card is left as it was: the right action can still be picked.
    body = teams.press("pick", picks["Leeds Improvement Plan"])
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"])
    assert len(_updates(teams.store, LEEDS)) == 1


def test_a_pick_with_the_note_emptied_asks_for_it(teams: Harness) -> None:
    # The card marks the note required, but a client may still send it empty.
    picks = _picks(teams.say(TYPED).cards[0])
    empty = {**picks["Leeds Improvement Plan"], "pick_note": "  "}
    assert _message(teams.press("pick", empty)).startswith("Write the update first")
    assert _updates(teams.store, LEEDS) == []
    # Nothing was used up: the note, written, is logged.
    body = teams.press("pick", picks["Leeds Improvement Plan"])
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"])


def test_a_pick_whose_author_was_rewritten_is_refused(teams: Harness) -> None:
    # Teams relays a card's data as the client sends it: a modified client could name itself
    # the author and log Jackie's note under its own name, then leave her "Already done".
    picks = _picks(teams.say(TYPED).cards[0])
    forged = {**picks["Leeds Improvement Plan"], "author": act.FIONA.aad}
    assert _message(teams.press("pick", forged, user=act.FIONA)).startswith(
        "This card is out of date or was not drawn by csbot"
    )
    assert _updates(teams.store, LEEDS) == []
    unsigned = {k: v for k, v in picks["Leeds Improvement Plan"].items() if k != "mac"}
    assert _message(teams.press("pick", unsigned)).startswith("This card is out of date")
    body = teams.press("pick", picks["Leeds Improvement Plan"])  # Jackie's own click still works
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"])


def test_a_repeated_click_logs_once(teams: Harness) -> None:
    picks = _picks(teams.say(TYPED).cards[0])
    teams.press("pick", picks["Leeds Improvement Plan"])
    again = _message(teams.press("pick", picks["Leeds Improvement Plan"]))
    assert again.startswith("Already done")
    assert len(_updates(teams.store, LEEDS)) == 1


def test_only_the_author_can_pick_in_a_channel(teams: Harness) -> None:
    typed = act.channel_message(teams.fake.url, TYPED, channel_id=OTHER_CHANNEL)
    picks = _picks(teams.deliver(typed).cards[0])
    where = act.channel(thread=typed["id"], channel_id=OTHER_CHANNEL)
    # Fiona owns Haringey's 2.3, but the note is Jackie's: it is not logged under Fiona's name.
    refused = _message(
        teams.press("pick", picks["Haringey Corporate Parenting"], user=act.FIONA, where=where)
    )
    assert "Only the person who typed this update" in refused
    assert _updates(teams.store, HARINGEY) == []
    body = teams.press("pick", picks["Leeds Improvement Plan"], where=where)
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"])


def test_done_with_a_note_keeps_the_note_too(teams: Harness) -> None:
    picks = _picks(teams.say("actions done 2.3 all posts filled").cards[0])
    assert picks["Leeds Improvement Plan"]["cmd"] == f"/actions done {LEEDS}:2.3"
    teams.press("pick", picks["Leeds Improvement Plan"])
    [update] = _updates(teams.store, LEEDS)
    assert update.text == "all posts filled" and update.status_after == "achieved"


def test_other_refusals_are_unchanged(teams: Harness) -> None:
    unknown = teams.say("actions update 9.9 KASS team recruited")
    assert "There is no action 9.9" in unknown.text and '"pick"' not in unknown.text
    shown = teams.say("actions show 2.3")
    assert "is in several plans" in shown.text and '"pick"' not in shown.text


def test_every_process_of_a_deployment_signs_picks_alike(database: Database) -> None:
    # Any worker process may receive the click of a card another one drew: two stores on one
    # database are two processes.
    first, second = (Store.from_url(database.url, upgrade=False) for _ in range(2))
    with_password = Settings(teams_app_id=signing.APP_ID, teams_app_password=SecretStr("pw"))
    assert pick_seal(with_password, first) == PickSeal.from_secrets("pw")
    managed = Settings(teams_app_id=signing.APP_ID)  # a managed identity: no password
    seal = pick_seal(managed, first)
    assert pick_seal(managed, second) == seal
    # Not derivable from the app id, which anybody may know (it was, and buttons were forged).
    assert seal != PickSeal.from_secrets(signing.APP_ID)
    assert seal != PickSeal.from_secrets("pw")
    for store in (first, second):
        store.engine.dispose()


def test_a_picked_personal_chat_update_follows_its_message(teams: Harness) -> None:
    # `2.3: …` typed in a personal chat, its plan picked: as one logged straight away, editing
    # the message supersedes the update, and deleting it retracts it.
    typed = act.message(teams.fake.url, "2.3: KASS team recruited #on-track")
    picks = _picks(teams.deliver(typed).cards[0])
    teams.press("pick", picks["Leeds Improvement Plan"])
    edited = teams.deliver(act.edited(teams.fake.url, typed, "2.3: KASS team recruited, 4 staff"))
    assert "Updated from your edited message: 2.3" in edited.text
    updates = sorted(_updates(teams.store, LEEDS), key=lambda u: u.id)
    assert [(u.text, _state(u)) for u in updates] == [
        ("KASS team recruited", "superseded"),
        ("KASS team recruited, 4 staff", "live"),
    ]
    teams.deliver(act.deleted(teams.fake.url, typed))
    assert sorted(_state(u) for u in _updates(teams.store, LEEDS)) == ["retracted", "superseded"]
    assert _updates(teams.store, HARINGEY) == []


def test_a_picked_personal_chat_command_is_not_tied_to_its_message(teams: Harness) -> None:
    # `actions update 2.3 …` is a command: its update is not tied to the message (as when
    # logged straight away), so deleting the message leaves it.
    typed = act.message(teams.fake.url, TYPED)
    picks = _picks(teams.deliver(typed).cards[0])
    teams.press("pick", picks["Leeds Improvement Plan"])
    teams.post(act.deleted(teams.fake.url, typed))
    assert [_state(u) for u in _updates(teams.store, LEEDS)] == ["live"]
