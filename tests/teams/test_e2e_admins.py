"""A Teams workspace gets administrators in chat: Teams has no admin flag csbot can read, so
before nobody there could run what only administrators may (link a colleague, give roles,
merge people). The server's operator makes one (`csbot say --workspace <tenant> "admin add
Jackie Wilson"`), who can then act as one in Teams, and make others."""

from __future__ import annotations

from commands.core import Core
from tests.helpers import Chat
from tests.teams import activities as act
from tests.teams.conftest import Harness


def test_an_administrator_made_from_the_console_administers_in_teams(
    teams: Harness, core: Core
) -> None:
    assert "Only an administrator" in teams.say("grant HOS to Fiona Smith").text
    listed = teams.say("admins").text
    assert "Nobody has been made a csbot administrator here yet" in listed
    assert "Slack" not in listed
    console = Chat(core, act.TENANT)
    made = console.say("admin add Jackie Wilson")
    assert "Jackie Wilson is now a csbot administrator" in made
    # The account that will act as one is named, to be checked (one linked by name before
    # the person was made an administrator may not be theirs).
    assert "the chat account linked to them that acts as one: Teams" in made
    assert act.JACKIE.aad in made
    assert "Fiona Smith now holds HOS" in teams.say("grant HOS to Fiona Smith").text
    assert "Fiona Smith is now a csbot administrator" in teams.say("admin add Fiona Smith").text
    assert "csbot administrators: Fiona Smith, Jackie Wilson." in teams.say("admins").text
