"""Commands quoted in csbot's wording (`/actions mine`) are shown in Teams in a monospace run,
not with the backticks a card would show as they are (Teams cards have no inline code)."""

from __future__ import annotations

import json

from bot.teams.cards import card_json
from bot.teams.render import RenderOptions, render
from commands.views import Notice
from tests.teams.cardcheck import assert_valid_card


def _runs(card: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type") == "TextRun":
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(card)
    return found


def test_a_quoted_command_is_a_monospace_run_without_backticks() -> None:
    notice = Notice(
        level="error", text="Ask an administrator: `link 0a1b to Cath`. Or try `whoami`."
    )
    card = card_json(render(notice, RenderOptions()))
    assert_valid_card(card)
    assert "`" not in json.dumps(card["body"])  # (the plain-text fallback keeps them)
    mono = [r["text"] for r in _runs(card) if r.get("fontType") == "Monospace"]
    assert mono == ["link 0a1b to Cath", "whoami"]


def test_a_lone_backtick_is_kept_as_written() -> None:
    card = card_json(render(Notice(text="It's 5` long"), RenderOptions()))
    assert "5` long" in json.dumps(card)
