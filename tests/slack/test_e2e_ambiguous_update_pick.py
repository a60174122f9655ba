"""``/actions update 2.3 <note>`` typed where 2.3 is in several plans (Leeds and Haringey
both have a 2.3; #general is linked to neither) keeps its note: the answer has a button per
plan's 2.3, and one click by its author logs the note there, with the usual permission
checks, once, replacing the message."""

from __future__ import annotations

import json
from typing import Any

from tests.slack import signing
from tests.slack.blockkit import validate_message
from tests.slack.conftest import FIONA, JACKIE, Harness, blocks_text, history
from tests.slack.fake_slack import Call

LEEDS = "leeds-improvement-plan"
HARINGEY = "haringey-corporate-parenting"
NOTE = "KASS team recruited #on-track"
LOG_LEEDS = "Log on Leeds Improvement Plan"
LOG_HARINGEY = "Log on Haringey Corporate Parenting"
FORM = "application/x-www-form-urlencoded"


def _picks(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The pick buttons by their text, each with its value decoded (``value``: as sent)."""
    validate_message(payload)
    found: dict[str, dict[str, Any]] = {}
    for block in payload["blocks"]:
        button = block.get("accessory") or {}
        if str(button.get("action_id", "")).startswith("pick"):
            found[button["text"]["text"]] = {**button, **json.loads(button["value"])}
    return found


def _click(slack: Harness, button: dict[str, Any], *, user: str = JACKIE, **kw: Any) -> Call:
    """Click ``button``; the one answer sent through response_url."""
    slack.fake.clear()
    assert slack.click(button["action_id"], button["value"], user=user, **kw).status_code == 200
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    return answer


def _said(answer: Call) -> str:
    return json.dumps(answer.args["blocks"], ensure_ascii=False)


def _logged(slack: Harness, plan: str) -> list[tuple[str, str | None]]:
    """The updates of ``plan``'s 2.3: (text, status after)."""
    return [(u.text, u.status_after) for u in history(slack.store, "2.3", plan)[1]]


def test_the_answer_offers_each_plan_with_the_note(slack: Harness) -> None:
    payload = slack.reply("/actions", f"update 2.3 {NOTE}")
    text = blocks_text(payload)
    assert "2.3 is in several plans" in text and "Nothing was changed yet" in text
    assert "Ensure social care staff have manageable workloads" in text  # Leeds's 2.3
    picks = _picks(payload)
    assert set(picks) == {LOG_LEEDS, LOG_HARINGEY}
    assert picks[LOG_LEEDS]["c"] == f"/actions update {LEEDS}:2.3 {NOTE}"
    assert picks[LOG_HARINGEY]["c"] == f"/actions update {HARINGEY}:2.3 {NOTE}"
    assert {p["u"] for p in picks.values()} == {JACKIE}
    assert _logged(slack, LEEDS) == [] and _logged(slack, HARINGEY) == []


def test_a_click_logs_the_note_on_the_chosen_action_and_replaces_the_answer(
    slack: Harness,
) -> None:
    picks = _picks(slack.reply("/actions", f"update 2.3 {NOTE}"))
    answer = _click(slack, picks[LOG_LEEDS])
    assert answer.args["replace_original"] is True
    assert "Logged on *2.3* (Leeds Improvement Plan)" in _said(answer)
    assert history(slack.store, "2.3", LEEDS)[0] == "on_track"
    assert _logged(slack, LEEDS) == [("KASS team recruited", "on_track")]
    assert _logged(slack, HARINGEY) == []


def test_a_replayed_or_repeated_click_logs_once(slack: Harness) -> None:
    picks = _picks(slack.reply("/actions", f"update 2.3 {NOTE}"))
    button = picks[LOG_LEEDS]
    body = signing.block_action(
        button["action_id"],
        button["value"],
        user=JACKIE,
        response_url=slack.fake.response_url("act"),
    )
    headers = signing.signed_headers(body, content_type=FORM)
    for _ in range(2):  # the very same signed payload, twice
        assert slack.client.post("/slack/events", content=body, headers=headers).status_code == 200
    slack.drain()
    # A new click on the same message (signed anew) is not another update either.
    again = _click(slack, button)
    assert "Already done" in _said(again)
    assert again.args["replace_original"] is False
    assert _logged(slack, LEEDS) == [("KASS team recruited", "on_track")]


def test_another_users_click_is_refused(slack: Harness) -> None:
    picks = _picks(slack.reply("/actions", f"update 2.3 {NOTE}"))
    # Fiona owns Haringey's 2.3, but the note is Jackie's: it is not logged under her name.
    answer = _click(slack, picks[LOG_HARINGEY], user=FIONA)
    assert "Only the person who typed this update" in _said(answer)
    assert answer.args["replace_original"] is False
    assert _logged(slack, HARINGEY) == [] and _logged(slack, LEEDS) == []


def test_a_click_on_an_action_the_user_may_not_update_is_refused(slack: Harness) -> None:
    picks = _picks(slack.reply("/actions", f"update 2.3 {NOTE}"))
    refused = _click(slack, picks[LOG_HARINGEY])
    assert "Only the owners of 2.3 (Fiona Smith)" in _said(refused)
    assert refused.args["replace_original"] is False  # the buttons stay, to pick another
    assert _logged(slack, HARINGEY) == []
    assert history(slack.store, "2.3", HARINGEY)[0] != "on_track"
    logged = _click(slack, picks[LOG_LEEDS])
    assert "Logged on *2.3* (Leeds Improvement Plan)" in _said(logged)
    assert _logged(slack, LEEDS) == [("KASS team recruited", "on_track")]


def test_a_note_too_long_for_a_button_says_what_to_type(slack: Harness) -> None:
    note = "recruited " + "x" * 2000
    payload = slack.reply("/actions", f"update 2.3 {note}")
    assert _picks(payload) == {}
    text = blocks_text(payload)
    assert "2.3 is in several plans" in text
    assert f"Too long for a button: type `/actions update {LEEDS}:2.3 …`" in text
    assert f"`/actions update {HARINGEY}:2.3 …`" in text
    assert _logged(slack, LEEDS) == []


def test_done_with_a_note_keeps_the_note_too(slack: Harness) -> None:
    picks = _picks(slack.reply("/actions", "done 2.3 all posts filled"))
    done = picks["Mark done in Leeds Improvement Plan"]
    assert done["c"] == f"/actions done {LEEDS}:2.3 all posts filled"
    _click(slack, done)
    assert _logged(slack, LEEDS) == [("all posts filled", "achieved")]


def test_a_direct_message_is_answered_with_the_pick_too(slack: Harness) -> None:
    dm = signing.message_event(
        f"actions update 2.3 {NOTE}",
        user=JACKIE,
        channel="D0JACKIE1",
        ts="1449050400.000500",
        channel_type="im",
    )
    assert slack.event(dm).status_code == 200
    slack.drain()
    (posted,) = slack.fake.of("chat.postMessage")
    picks = _picks(posted.args)
    assert set(picks) == {LOG_LEEDS, LOG_HARINGEY}
    answer = _click(slack, picks[LOG_LEEDS], channel="D0JACKIE1", ephemeral=False)
    assert answer.args["replace_original"] is True
    assert _logged(slack, LEEDS) == [("KASS team recruited", "on_track")]


def test_other_refusals_are_unchanged(slack: Harness) -> None:
    unknown = slack.reply("/actions", "update 9.9 KASS team recruited")
    assert "There is no action 9.9" in blocks_text(unknown) and _picks(unknown) == {}
    shown = slack.reply("/actions", "show 2.3")
    assert "is in several plans" in blocks_text(shown) and _picks(shown) == {}


def test_a_direct_message_update_is_answered_with_the_pick(slack: Harness) -> None:
    # Not "I didn't understand `/actions 2.3: …`": the update it is, with a pick of plans.
    dm = signing.message_event(
        f"Action 2.3: {NOTE}",
        user=JACKIE,
        channel="D0JACKIE1",
        ts="1449050400.000600",
        channel_type="im",
    )
    assert slack.event(dm).status_code == 200
    slack.drain()
    (posted,) = slack.fake.of("chat.postMessage")
    assert "/actions 2.3" not in json.dumps(posted.args, ensure_ascii=False)
    picks = _picks(posted.args)
    assert picks[LOG_LEEDS]["c"] == f"/actions update {LEEDS}:2.3 {NOTE}"
    answer = _click(slack, picks[LOG_LEEDS], channel="D0JACKIE1", ephemeral=False)
    assert "Logged on *2.3* (Leeds Improvement Plan)" in _said(answer)
    assert _logged(slack, LEEDS) == [("KASS team recruited", "on_track")]
    assert _logged(slack, HARINGEY) == []


def _picked_by_dm(slack: Harness, text: str, ts: str) -> None:
    """``text`` typed in a direct message at ``ts``, its plan picked: Leeds."""
    dm = signing.message_event(text, user=JACKIE, channel="D0JACKIE1", ts=ts, channel_type="im")
    assert slack.event(dm).status_code == 200
    slack.drain()
    (posted,) = slack.fake.of("chat.postMessage")
    _click(slack, _picks(posted.args)[LOG_LEEDS], channel="D0JACKIE1", ephemeral=False)
    slack.fake.clear()


def test_a_picked_direct_message_update_follows_its_message(slack: Harness) -> None:
    # As an update typed in a direct message and logged straight away: editing the message
    # supersedes the update logged by the pick, and deleting it retracts it.
    ts = "1449050400.000700"
    _picked_by_dm(slack, f"2.3: {NOTE}", ts)
    edited = signing.edited_event(
        "2.3: KASS team recruited, 4 staff",
        f"2.3: {NOTE}",
        user=JACKIE,
        channel="D0JACKIE1",
        ts=ts,
        channel_type="im",
    )
    assert slack.event(edited).status_code == 200
    slack.drain()
    updates = history(slack.store, "2.3", LEEDS)[1]
    assert [(u.text, u.state) for u in updates] == [
        ("KASS team recruited", "superseded"),
        ("KASS team recruited, 4 staff", "live"),
    ]
    assert _logged(slack, HARINGEY) == []
    deleted = signing.deleted_event(
        "2.3: KASS team recruited, 4 staff",
        user=JACKIE,
        channel="D0JACKIE1",
        ts=ts,
        channel_type="im",
    )
    assert slack.event(deleted).status_code == 200
    slack.drain()
    assert [u.state for u in history(slack.store, "2.3", LEEDS)[1]] == ["superseded", "retracted"]


def test_a_picked_direct_message_command_stays_a_command(slack: Harness) -> None:
    # `actions update 2.3 …` typed as a command is not tied to its message (as when logged
    # straight away): the button carries no message, and an edit does not touch the update.
    ts = "1449050400.000800"
    dm = signing.message_event(
        f"actions update 2.3 {NOTE}", user=JACKIE, channel="D0JACKIE1", ts=ts, channel_type="im"
    )
    slack.event(dm)
    slack.drain()
    (posted,) = slack.fake.of("chat.postMessage")
    assert "m" not in _picks(posted.args)[LOG_LEEDS]
    _click(slack, _picks(posted.args)[LOG_LEEDS], channel="D0JACKIE1", ephemeral=False)
    deleted = signing.deleted_event(
        f"actions update 2.3 {NOTE}", user=JACKIE, channel="D0JACKIE1", ts=ts, channel_type="im"
    )
    slack.event(deleted)
    slack.drain()
    assert [u.state for u in history(slack.store, "2.3", LEEDS)[1]] == ["live"]
