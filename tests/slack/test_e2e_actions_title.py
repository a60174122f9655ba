"""`/actions title` through a signed slash command: the answer escapes the titles it quotes,
and the new title is what `/actions show` gives afterwards."""

from __future__ import annotations

from tests.slack.blockkit import validate_message
from tests.slack.conftest import CHANNEL, FIONA, Harness, blocks_text


def test_a_retitle_is_answered_with_its_titles_escaped(slack: Harness) -> None:
    # As Slack sends what was typed: "<", ">" and "&" as entities, a mention as its markup
    # (kept as the words typed, "@channel", never a mention in the answer).
    typed = "title 2.3 Keep &lt;b&gt;caseloads&lt;/b&gt; &amp; staff <!channel>"
    payload = slack.reply("/actions", typed, channel=CHANNEL)
    validate_message(payload)
    text = blocks_text(payload)
    assert (
        "2.3 is now “Keep &lt;b&gt;caseloads&lt;/b&gt; &amp; staff @channel” "
        "(before: “Ensure social care staff have manageable workloads”)." in text
    ), text
    assert "<b>" not in text and "<!channel>" not in text
    shown = blocks_text(slack.reply("/actions", "show 2.3", channel=CHANNEL))
    # A plain_text header, which Slack shows as it is (no mrkdwn to escape).
    assert '"plain_text", "text": "2.3  Keep <b>caseloads</b> & staff @channel"' in shown, shown


def test_someone_else_s_action_is_not_retitled(slack: Harness) -> None:
    payload = slack.reply("/actions", "title 2.3 Something else", user=FIONA, channel=CHANNEL)
    text = blocks_text(payload)
    assert "Only the owners of 2.3 (Jackie Wilson) or an administrator can change it." in text
    shown = blocks_text(slack.reply("/actions", "show 2.3", channel=CHANNEL))
    assert "Ensure social care staff have manageable workloads" in shown
