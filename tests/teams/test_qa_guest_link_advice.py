"""A guest from another organisation (Teams tells neither their full name nor their e-mail)
can never pass ``link <your name>``'s check, so csbot asks them to have an administrator link
their account, naming the command, instead of advising ``link <your name>``. A member Teams
names is still told to type ``link <your name>``."""

from __future__ import annotations

import pytest

from tests.teams import activities as act
from tests.teams.conftest import Harness

GUEST = act.User("29:guest", "aad-0100-guest", "Robin (Partner Trust)", user_role="guest")
ADMIN_LINK = "link aad-0100-guest to <your name>"


@pytest.mark.parametrize("command", ["home", "whoami", "actions mine"])
def test_a_guest_is_told_to_ask_an_administrator(teams: Harness, command: str) -> None:
    text = teams.say(command, user=GUEST).text
    assert ADMIN_LINK in text
    assert "Tell me with" not in text and "Tell me who you are with" not in text


def test_the_advice_given_is_what_link_itself_says(teams: Harness) -> None:
    refusal = teams.say("link Fiona Smith", user=GUEST).text
    assert "link aad-0100-guest to Fiona Smith" in refusal


def test_a_member_is_still_told_to_link_themselves(teams: Harness) -> None:
    assert "link <your name>" in teams.say("whoami", user=act.NEWBIE).text
    assert "link <your name>" in teams.say("actions mine", user=act.NEWBIE).text
    assert "link aad-0003-pat" not in teams.say("home", user=act.NEWBIE).text
