"""A slash command or channel message whose text holds the word "payload". Bolt reads a form
body that contains "payload" anywhere as an interaction's ``payload`` field, and with no such
field, as empty: the command was answered 404 (Slack shows the user "dispatch_failed") and
nothing was logged. csbot now reads such a body's fields itself."""

from __future__ import annotations

from tests.slack.conftest import Harness, blocks_text, history


def test_a_slash_command_with_the_word_payload_is_answered_and_logged(slack: Harness) -> None:
    payload = slack.reply("/actions", "update leeds:2.3 new payload of referrals triaged")
    assert "Logged" in blocks_text(payload), payload
    _, updates = history(slack.store, "2.3")
    assert [u.text for u in updates] == ["new payload of referrals triaged"]
