"""`/actions show` in Slack gives every history entry whole: entries go into sections of at
most ten and never more than a section's 3,000 characters. Before, ten entries shared one
section, which Slack's limit cut: long updates lost the entries after them, cut mid-sentence."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers import make_chat
from tests.slack.conftest import CHANNEL, Harness
from tests.slack.fake_slack import TEAM

NOW = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)


def _section_texts(payload: dict) -> list[str]:  # type: ignore[type-arg]
    return [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section" and "text" in b]


def test_long_updates_are_each_shown_whole(slack: Harness) -> None:
    chat = make_chat(slack.store, NOW, TEAM)
    notes = [
        f"NOTE-{n:02d} " + ("supervision audit findings " * 52)[:1380] + "END" for n in range(3)
    ]
    notes += [f"SHORT-{n:02d} " + "caseload review " * 11 + "END" for n in range(9)]
    for note in notes:
        reply = chat.say(f"/actions update leeds-improvement-plan:2.3 {note}", as_="Jackie Wilson")
        assert "Logged" in reply, reply
    payload = slack.reply("/actions", "show 2.3", channel=CHANNEL)
    texts = _section_texts(payload)
    assert all(len(t) <= 3000 for t in texts)
    shown = "\n".join(texts)
    assert "History (12)" in str(payload["blocks"])
    # Every entry the first page holds is whole; the rest are on the next pages.
    whole = [n for n in notes if n in shown]
    cut = [n for n in notes if n.split()[0] in shown and n not in shown]
    assert cut == [], cut
    assert len(whole) >= 4, len(whole)
    assert "…" not in shown
