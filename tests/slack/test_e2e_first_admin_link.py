"""The first administrator, made one on the server's console (``csbot say "admin add Jon
Abbey"``, as ``admins`` advises), links their own Slack account: a name alone never links an
administrator, so the refusal gives the commands that do (another administrator's ``link @you
to …``, and the console's for the first one, whom nobody else can link), and is not followed
by a "tell me with `link <your name>`" prompt repeating the command just refused."""

from __future__ import annotations

from datetime import datetime

from tests.factories import make_person, seeded
from tests.helpers import make_chat
from tests.slack.conftest import Harness, blocks_text, chat_user_person
from tests.slack.fake_slack import TEAM

JON = "UJONABBEY"


def test_the_first_administrator_is_told_how_to_link_their_account(
    slack: Harness, frozen_now: datetime
) -> None:
    with seeded(slack.store, TEAM) as uow:
        make_person(uow, "Jon Abbey").is_admin = True
    slack.fake.add_user(JON, "Jon Abbey", display="jon")
    text = blocks_text(slack.reply("/actions", "link Jon Abbey", user=JON))
    assert "Jon Abbey is an administrator" in text
    assert "link @you to Jon Abbey`" in text
    assert f'`csbot say --workspace {TEAM} \\"link {JON} to Jon Abbey\\"`' in text
    assert "Nothing was changed." in text
    assert "I don't know who you are yet" not in text
    assert chat_user_person(slack.store, JON) is None
    # The console's command, as given, links him (the local operator may change anything).
    console = make_chat(slack.store, frozen_now, TEAM)
    assert "is now linked to Jon Abbey" in console.say(f"link {JON} to Jon Abbey")
    assert chat_user_person(slack.store, JON) == "Jon Abbey"
