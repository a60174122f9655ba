"""The notification text of a meeting's answer (the ``text`` Slack shows in notifications
and to screen readers) says what its blocks say: an agenda of one item says "1 agenda item",
and a change to a meeting (added, item added, moved) says what was done rather than only
counting the agenda."""

from __future__ import annotations

from tests.slack.conftest import Harness

ADMIN = "UADMIN001"


def _admin(slack: Harness) -> None:
    slack.fake.add_user(ADMIN, "Ada Admin", display="ada")
    slack.fake.users[ADMIN].update(is_admin=True)


def test_an_agenda_of_one_item_says_one_agenda_item(slack: Harness) -> None:
    _admin(slack)
    added = slack.reply("/meeting", "add CPAC 2016-01-05 18:30", user=ADMIN)["text"]
    assert added.startswith("Added CPAC 2016-01-05"), added
    one = slack.reply(
        "/meeting", "item add CPAC 2016-01-05 Performance lead Fiona Smith", user=ADMIN
    )["text"]
    assert one == "Added item 1 of CPAC 2016-01-05.", one
    assert slack.reply("/meeting", "agenda CPAC 2016-01-05", user=ADMIN)["text"] == (
        "CPAC 2016-01-05 — CPAC: 1 agenda item"
    )
    slack.reply(
        "/meeting", "item add CPAC 2016-01-05 Mystery shopping lead Fiona Smith", user=ADMIN
    )
    two = slack.reply("/meeting", "agenda CPAC 2016-01-05", user=ADMIN)["text"]
    assert two == "CPAC 2016-01-05 — CPAC: 2 agenda items", two


def test_a_moved_meeting_says_it_was_moved(slack: Harness) -> None:
    _admin(slack)
    slack.reply("/meeting", "add CPAC 2016-01-05 18:30", user=ADMIN)
    moved = slack.reply("/meeting", "move CPAC 2016-01-05 to 2016-01-12", user=ADMIN)["text"]
    assert moved.startswith("Moved CPAC 2016-01-05 to Tue 12 Jan 2016 at 18:30"), moved
