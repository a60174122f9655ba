"""Through Slack: somebody demoted from Slack admin stops being a csbot administrator within a
minute, though other profiles are kept for ten; an administrator links a colleague's account
by mention (which the slash command keeps)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from bot.slack import people
from tests.slack.conftest import FIONA, Harness, blocks_text, chat_user_person

ADMIN = "UADMIN001"


def later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Move the user directory's clock ``seconds`` on (only its own: asyncio keeps time)."""
    clock = time.monotonic
    monkeypatch.setattr(people, "time", SimpleNamespace(monotonic=lambda: clock() + seconds))


def looked_up(slack: Harness, user: str) -> int:
    return sum(1 for c in slack.fake.of("users.info") if c.args.get("user") == user)


def test_a_demoted_slack_admin_loses_csbot_rights_within_a_minute(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack.fake.add_user(ADMIN, "Ann Admin", display="ann")
    slack.fake.users[ADMIN].update(is_admin=True)
    granted = blocks_text(slack.reply("/actions", "grant VSH to Fiona Smith", user=ADMIN))
    assert "Fiona Smith now holds VSH" in granted, granted
    slack.reply("/actions", "whoami", user=FIONA)  # an ordinary profile, read once

    slack.fake.users[ADMIN].update(is_admin=False)  # demoted in Slack
    later(monkeypatch, 61)
    refused = blocks_text(slack.reply("/actions", "grant IRO to Fiona Smith", user=ADMIN))
    assert "Only an administrator can give people roles" in refused, refused
    assert looked_up(slack, ADMIN) == 2

    # Other profiles are still kept for ten minutes: Fiona's is not asked for again.
    slack.reply("/actions", "whoami", user=FIONA)
    assert looked_up(slack, FIONA) == 1
    later(monkeypatch, 601)
    slack.reply("/actions", "whoami", user=FIONA)
    assert looked_up(slack, FIONA) == 2


def test_a_slack_admin_stays_one_while_slack_says_so(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack.fake.add_user(ADMIN, "Ann Admin", display="ann")
    slack.fake.users[ADMIN].update(is_owner=True)
    slack.reply("/actions", "whoami", user=ADMIN)
    later(monkeypatch, 61)
    who = blocks_text(slack.reply("/actions", "whoami", user=ADMIN))
    assert "You are an administrator" in who, who
    assert looked_up(slack, ADMIN) == 2


def test_a_slack_admin_links_a_colleague_by_mention(slack: Harness) -> None:
    slack.fake.add_user(ADMIN, "Ann Admin", display="ann")
    slack.fake.users[ADMIN].update(is_admin=True)
    said = blocks_text(
        slack.reply("/actions", "link <@UNEWBIE01|pat> to Sally Threlfall", user=ADMIN)
    )
    assert "Slack account UNEWBIE01 is now linked to Sally Threlfall" in said, said
    assert chat_user_person(slack.store, "UNEWBIE01") == "Sally Threlfall"
    # The same command from someone who is no administrator changes nothing.
    said = blocks_text(slack.reply("/actions", f"link <@{FIONA}|fiona> to Sally Threlfall"))
    assert "Only an administrator" in said, said
    assert chat_user_person(slack.store, FIONA) is None
