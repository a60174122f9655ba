"""A refused `link` says what to do (ask an administrator to `link @you to …`) and is not
followed by "I don't know who you are yet: tell me with `link <your name>`", which would invite
the very link just refused."""

from __future__ import annotations

from tests.slack.conftest import Harness, blocks_text

EVE = "UEVE00001"


def test_a_refused_link_is_not_followed_by_advice_to_link(slack: Harness) -> None:
    slack.fake.add_user(EVE, "Eve Mallory")
    said = blocks_text(slack.reply("/actions", "link Sally Threlfall", user=EVE))
    assert "not Sally Threlfall" in said and "ask an administrator" in said, said
    assert "know who you are yet" not in said, said
