"""``/actions admins`` in Slack names the people made administrators and says that the Slack
workspace's admins and owners are administrators too; ``admin add`` is refused to others."""

from __future__ import annotations

from tests.slack.conftest import Harness, blocks_text


def test_admins_names_the_slack_admins_too(slack: Harness) -> None:
    text = blocks_text(slack.reply("/actions", "admins"))
    assert "The admins and owners of this Slack workspace are administrators too." in text


def test_a_member_cannot_make_administrators(slack: Harness) -> None:
    text = blocks_text(slack.reply("/actions", "admin add Fiona Smith"))
    assert "Only an administrator can make people administrators" in text
