"""An update typed as ``2.3: …`` in a personal chat, its ref in several plans (Leeds and
Haringey both have a 2.3), edited or deleted before its plan is picked, end to end (Teams
activities). The edit is answered as the message typed anew: a fresh card with the edited
text (or the update logged, when its ref now names one action), and the card drawn before it
is out of date: a click on it logs nothing and says so (it used to log the old text). After
a deletion, a click logs nothing and says the message was deleted (it used to log it)."""

from __future__ import annotations

from tests.teams import activities as act
from tests.teams.conftest import Harness
from tests.teams.test_qa_ambiguous_update_pick import (
    HARINGEY,
    LEEDS,
    _message,
    _picks,
    _state,
    _updates,
)

TYPED = "2.3: KASS team recruited #on-track"
EDITED = "2.3: KASS team recruited, 4 staff #on-track"
PLAN = "Leeds Improvement Plan"


def _logged(teams: Harness, plan: str) -> list[tuple[str, str]]:
    return [(u.text, _state(u)) for u in sorted(_updates(teams.store, plan), key=lambda u: u.id)]


def test_an_edit_is_answered_with_a_fresh_card_and_the_old_one_is_out_of_date(
    teams: Harness,
) -> None:
    typed = act.message(teams.fake.url, TYPED)
    old = _picks(teams.deliver(typed).cards[0])[PLAN]
    fresh = _picks(teams.deliver(act.edited(teams.fake.url, typed, EDITED)).cards[0])[PLAN]
    assert fresh["pick_note"] == "KASS team recruited, 4 staff #on-track"

    refused = _message(teams.press("pick", old))
    assert "edited your message after these buttons were drawn" in refused, refused
    assert _logged(teams, LEEDS) == [] and _logged(teams, HARINGEY) == []

    body = teams.press("pick", fresh)
    assert "Logged on 2.3 (Leeds Improvement Plan)" in str(body["value"]), body
    assert _logged(teams, LEEDS) == [("KASS team recruited, 4 staff", "live")]
    assert "edited your message" in _message(teams.press("pick", old))
    assert _logged(teams, HARINGEY) == []

    # The update picked keeps the message: deleting it retracts the update.
    teams.deliver(act.deleted(teams.fake.url, typed))
    assert _logged(teams, LEEDS) == [("KASS team recruited, 4 staff", "retracted")]


def test_an_edit_naming_an_action_in_one_plan_is_logged_and_the_card_is_out_of_date(
    teams: Harness,
) -> None:
    typed = act.message(teams.fake.url, TYPED)
    old = _picks(teams.deliver(typed).cards[0])[PLAN]
    logged = teams.deliver(act.edited(teams.fake.url, typed, "3.1: recruited 3 social workers"))
    assert "Logged on 3.1" in logged.text, logged.text
    assert "edited your message" in _message(teams.press("pick", old))
    assert _logged(teams, LEEDS) == []


def test_a_click_after_the_message_was_deleted_logs_nothing(teams: Harness) -> None:
    typed = act.message(teams.fake.url, TYPED)
    old = _picks(teams.deliver(typed).cards[0])[PLAN]
    assert teams.post(act.deleted(teams.fake.url, typed)).status_code == 200
    refused = _message(teams.press("pick", old))
    assert "Your message with this update was deleted, so it was not logged" in refused, refused
    assert _logged(teams, LEEDS) == [] and _logged(teams, HARINGEY) == []
