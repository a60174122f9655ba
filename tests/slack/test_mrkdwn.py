"""Escaping what we send to Slack and reading what Slack sends us."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.slack.blocks import block_chars, mrkdwn_clip
from bot.slack.mrkdwn import (
    code,
    escape,
    escape_clip,
    link,
    mentioned_users,
    strip_leading_mention,
    to_plain,
    user_mention,
)


def test_escape_neutralises_slack_markup() -> None:
    assert escape("<!channel> & <@U1> <https://x|y>") == (
        "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;"
    )
    assert escape("plain text") == "plain text"


@given(st.text(alphabet=st.sampled_from("&<>;amplgt a\u00e9")))
def test_escape_leaves_no_markup_and_loses_nothing(text: str) -> None:
    out = escape(text)
    assert "<" not in out and ">" not in out
    # every & starts one of our three entities, and undoing them gives the text back
    assert re.sub(r"&(amp|lt|gt);", "", out).count("&") == 0
    assert out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_block_chars_counts_characters_of_the_json() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Café “quoted”\n&amp;"}}]
    assert block_chars(blocks) == len(json.dumps(blocks, ensure_ascii=False))
    assert block_chars(blocks) < len(json.dumps(blocks))  # characters, not \u escapes


def test_escape_clip_never_cuts_an_entity() -> None:
    clipped = escape_clip("a&b" * 10, 9)
    assert len(clipped) <= 9 and clipped.endswith("…")
    assert "&amp" not in clipped.replace("&amp;", "")
    assert mrkdwn_clip("abc &amp; def", 7) == "abc…"


def test_links_and_mentions_we_build() -> None:
    assert (
        link("https://x.slack.com/p1", "message|evil>")
        == "<https://x.slack.com/p1|message/evil&gt;>"
    )
    assert link("javascript:alert(1)", "x") == "x"
    assert user_mention("U123ABC") == "<@U123ABC>"
    assert user_mention("<!channel>") == "&lt;!channel&gt;"
    assert code("a`b<c>") == "`a'b&lt;c&gt;`"


def test_incoming_text_becomes_plain() -> None:
    text = (
        "2.3: met <@U1> &amp; <@U2|fiona> in <#C1|leeds> &lt;3 <!here> "
        "<https://d.example/a|the doc> <mailto:a@b.c|a@b.c>"
    )
    assert to_plain(text, {"U1": "Jackie Wilson"}) == (
        "2.3: met @Jackie Wilson & @fiona in #leeds <3 @here the doc (https://d.example/a) a@b.c"
    )
    assert mentioned_users(text) == ["U1", "U2"]


def test_commands_keep_user_mentions() -> None:
    assert to_plain("for <@U1|fiona> &amp; co", keep_mentions=True) == "for <@U1|fiona> & co"


def test_the_bots_mention_is_stripped_from_a_command() -> None:
    assert strip_leading_mention("<@UBOT>: kpi pep", "UBOT") == "kpi pep"
    assert strip_leading_mention("<@UBOT|csbot> actions mine", "UBOT") == "actions mine"
    assert strip_leading_mention("hello <@UBOT>", "UBOT") == "hello <@UBOT>"
