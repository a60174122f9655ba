"""An update typed as ``2.3: …`` in a direct message, its ref in several plans (Leeds and
Haringey both have a 2.3), edited or deleted before its plan is picked, end to end (signed
events and clicks). The edit is answered as the message typed anew: a fresh pick showing the
edited text (or the update logged, when its ref now names one action), and the buttons drawn
before it are out of date: a click on one logs nothing and says so (it used to log the text
the message no longer had). After a deletion, a click logs nothing and says the message was
deleted (it used to log it)."""

from __future__ import annotations

import json
from typing import Any

from tests.slack import signing
from tests.slack.conftest import JACKIE, Harness, history
from tests.slack.fake_slack import Call
from tests.slack.test_e2e_ambiguous_update_pick import HARINGEY, LEEDS, LOG_LEEDS, _picks

DM = "D0JACKIE1"
TS = "1449050400.000900"
TYPED = "2.3: KASS team recruited #on-track"
EDITED = "2.3: KASS team recruited, 4 staff #on-track"


def _dm(text: str) -> dict[str, Any]:
    return signing.message_event(text, user=JACKIE, channel=DM, ts=TS, channel_type="im")


def _edit(text: str, old: str, *, edited: str = "1449050460.000000") -> dict[str, Any]:
    return signing.edited_event(
        text, old, user=JACKIE, channel=DM, ts=TS, channel_type="im", edited=edited
    )


def _posted(slack: Harness, event: dict[str, Any]) -> Call:
    """Deliver ``event``; the one message the bot posted in the DM for it."""
    slack.fake.clear()
    assert slack.event(event).status_code == 200
    slack.drain()
    (posted,) = slack.fake.of("chat.postMessage")
    assert posted.args["channel"] == DM
    return posted


def _click(slack: Harness, button: dict[str, Any]) -> str:
    """Click ``button`` in the DM; what the answer said."""
    slack.fake.clear()
    response = slack.click(button["action_id"], button["value"], channel=DM, ephemeral=False)
    assert response.status_code == 200
    slack.drain()
    (answer,) = slack.fake.wait_for("response_url")
    return json.dumps(answer.args, ensure_ascii=False)


def _logged(slack: Harness, plan: str, ref: str = "2.3") -> list[tuple[str, str]]:
    return [(u.text, u.state) for u in history(slack.store, ref, plan)[1]]


def test_an_edit_is_answered_with_a_fresh_pick_and_the_old_one_is_out_of_date(
    slack: Harness,
) -> None:
    old = _picks(_posted(slack, _dm(TYPED)).args)[LOG_LEEDS]
    fresh_post = _posted(slack, _edit(EDITED, TYPED))
    assert "KASS team recruited, 4 staff" in json.dumps(fresh_post.args["blocks"])
    fresh = _picks(fresh_post.args)[LOG_LEEDS]
    assert fresh["c"] == f"/actions update {LEEDS}:2.3 {EDITED.removeprefix('2.3: ')}"

    said = _click(slack, old)
    assert "edited your message after these buttons were drawn" in said, said
    assert _logged(slack, LEEDS) == [] and _logged(slack, HARINGEY) == []

    said = _click(slack, fresh)
    assert "Logged on *2.3* (Leeds Improvement Plan)" in said, said
    assert _logged(slack, LEEDS) == [("KASS team recruited, 4 staff", "live")]
    assert "edited your message" in _click(slack, old)  # still out of date, still nothing
    assert _logged(slack, HARINGEY) == []

    # The update picked keeps the message: deleting it retracts the update.
    slack.event(signing.deleted_event(EDITED, user=JACKIE, channel=DM, ts=TS, channel_type="im"))
    slack.drain()
    assert _logged(slack, LEEDS) == [("KASS team recruited, 4 staff", "retracted")]


def test_a_second_edit_makes_the_first_fresh_pick_out_of_date_too(slack: Harness) -> None:
    _posted(slack, _dm(TYPED))
    first = _picks(_posted(slack, _edit(EDITED, TYPED)).args)[LOG_LEEDS]
    again = "2.3: KASS team recruited, 5 staff"
    second = _picks(_posted(slack, _edit(again, EDITED, edited="1449050470.000000")).args)
    assert "edited your message" in _click(slack, first)
    assert "Logged on *2.3*" in _click(slack, second[LOG_LEEDS])
    assert _logged(slack, LEEDS) == [("KASS team recruited, 5 staff", "live")]


def test_an_edit_naming_an_action_in_one_plan_is_logged_and_the_pick_is_out_of_date(
    slack: Harness,
) -> None:
    old = _picks(_posted(slack, _dm(TYPED)).args)[LOG_LEEDS]
    logged = _posted(slack, _edit("3.1: recruited 3 social workers", TYPED))
    assert "Logged on *3.1*" in json.dumps(logged.args["blocks"], ensure_ascii=False)
    assert "edited your message" in _click(slack, old)
    assert _logged(slack, LEEDS) == []
    assert _logged(slack, LEEDS, "3.1") == [("recruited 3 social workers", "live")]


def test_a_click_after_the_message_was_deleted_logs_nothing(slack: Harness) -> None:
    button = _picks(_posted(slack, _dm(TYPED)).args)[LOG_LEEDS]
    slack.fake.clear()
    slack.event(signing.deleted_event(TYPED, user=JACKIE, channel=DM, ts=TS, channel_type="im"))
    slack.drain()
    said = _click(slack, button)
    assert "Your message with this update was deleted, so it was not logged" in said, said
    assert _logged(slack, LEEDS) == [] and _logged(slack, HARINGEY) == []
