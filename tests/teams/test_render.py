"""Every reply the bot can send is an Adaptive Card 1.5 that Teams accepts, of any size."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest

from bot.teams.cards import MAX_CARD_BYTES, card_bytes, card_json
from bot.teams.render import RenderOptions, render
from bot.teams.render_home import render_home
from commands.views import Notice, Reply, View
from tests.teams.cardcheck import assert_valid_card, card_problems
from tests.teams.samples import SAMPLES, home, oversized


def reply_kinds() -> dict[str, type[View]]:
    """Every member of the Reply union, by its ``kind``."""
    union = typing.get_args(Reply)[0]
    return {m.model_fields["kind"].default: m for m in typing.get_args(union)}


def test_every_reply_kind_has_a_sample() -> None:
    missing = sorted(set(reply_kinds()) - set(SAMPLES))
    assert not missing, f"add a Teams sample (and renderer) for: {missing}"


@pytest.mark.parametrize("kind", sorted(reply_kinds()))
def test_every_reply_kind_renders_a_valid_card(kind: str) -> None:
    view = SAMPLES[kind]
    assert isinstance(view, reply_kinds()[kind])
    card = card_json(render(view, RenderOptions(command="/actions mine")))
    assert_valid_card(card)
    assert card["version"] == "1.5" and card["fallbackText"]


@pytest.mark.parametrize("kind", sorted(oversized()))
def test_oversized_views_still_fit_one_message(kind: str) -> None:
    card = render(oversized()[kind], RenderOptions(command="/actions plan leeds"))
    assert card_bytes(card) <= MAX_CARD_BYTES
    assert_valid_card(card_json(card))


def test_a_kind_without_renderer_is_an_error() -> None:
    class Stranger(View):
        kind: str = "stranger"

    with pytest.raises(TypeError, match="no Teams renderer for Stranger"):
        render(Stranger())


def test_home_card() -> None:
    card = card_json(render_home(home(30), RenderOptions()))
    assert_valid_card(card)
    text = json.dumps(card)
    assert "Hello, Jackie Wilson" in text and "Your outstanding actions (34, 2 overdue)" in text
    assert '"data": {"page": 2}, "verb": "home"' in text  # Next page of my actions


def test_banner_goes_on_top() -> None:
    banner = Notice(level="success", text="Logged on 2.3 (Leeds Improvement Plan).")
    card = card_json(render(SAMPLES["action_list"], RenderOptions(banner=banner)))
    first = card["body"][0]["inlines"][0]
    assert first["text"] == banner.text and first["color"] == "Good"


def test_suggestions_that_are_commands_become_buttons() -> None:
    card = card_json(render(SAMPLES["notice"]))
    buttons = [
        a for block in card["body"] if block["type"] == "ActionSet" for a in block["actions"]
    ]
    assert [b["data"]["cmd"] for b in buttons] == ["/actions mine"]
    assert "/actions show <ref> [plan <plan...>]" in json.dumps(card)  # shown, not a button


def test_outstanding_actions_get_done_and_update_but_finished_ones_do_not() -> None:
    view = SAMPLES["action_list"]
    finished = view.model_copy(
        update={"items": [view.items[0].model_copy(update={"status": "achieved"})]}  # type: ignore[attr-defined]
    )
    assert '"verb": "done"' in json.dumps(card_json(render(view)))
    assert '"verb": "done"' not in json.dumps(card_json(render(finished)))


def test_proactive_cards_can_drop_buttons() -> None:
    card: dict[str, Any] = card_json(render(SAMPLES["reminder"], RenderOptions(interactive=False)))
    assert "Action.Execute" not in json.dumps(card) and "Action.ShowCard" not in json.dumps(card)


def test_the_schema_check_itself_catches_a_bad_card() -> None:
    bad = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextRun", "text": "x"}]}
    assert card_problems(bad)
    assert card_problems({**card_json(render(SAMPLES["help"])), "version": "1.6"})
