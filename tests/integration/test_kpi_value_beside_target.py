"""An amber figure a hair off its target (84.96% against 85%) reads as such in the list, the
card and the history, on the console, Slack and Teams: never "85% target 85%"."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from bot.console.render import render as console_render
from bot.slack.pages import to_message
from bot.teams.cards import card_json
from bot.teams.render import render as teams_render
from commands.importers import run_import
from commands.views import View
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.slack.blockkit import validate_message
from tests.teams.cardcheck import assert_valid_card


def _everywhere(view: View) -> list[str]:
    """The view as console text, Slack message and Teams card (both checked valid)."""
    slack = to_message(view).payload()
    validate_message(slack)
    teams = card_json(teams_render(view))
    assert_valid_card(teams)
    return [console_render(view), json.dumps(slack, ensure_ascii=False), json.dumps(teams)]


def test_a_value_rounding_onto_its_target_keeps_its_decimals(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = tmp_path / "k.csv"
    path.write_text(
        "indicator,period,value,target,unit,polarity\nassessments,Oct 2015,84.96,85,%,higher\n",
        encoding="utf-8",
    )
    run_import(store, "local", "kpis", path)
    chat = make_chat(store, frozen_now)
    for command in ("/kpi red", "/kpi assessments", "/kpi assessments history"):
        outcome = chat.outcome(command)
        assert outcome is not None
        for text in _everywhere(outcome.reply):
            assert "84.96%" in text, (command, text)
            assert "85% (Oct 2015)" not in text and "85% for Oct" not in text
