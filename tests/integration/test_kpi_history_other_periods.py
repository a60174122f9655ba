"""`/kpi <kpi> history` with a quarterly and an annual figure among monthly ones: the heading's
sparkline draws the same values as the card's trend on every platform, and a provisional
figure's mark and its note read as sentences ("… not over yet. Quarterly figure, …").

The tests run at FROZEN_NOW, 2 Dec 2015: Q3 2015/16 and 2015/16 are not over yet.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from bot.slack.render import render as slack_render
from bot.teams.cards import card_json
from bot.teams.render import render as teams_render
from commands.formatting import join_sentences, kpi_point_note, sparkline
from commands.importers import run_import
from commands.views import KpiCard, KpiHistory
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import Chat, make_chat

TODAY = date(2015, 12, 2)


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    run_import(store, "local", "kpis", FIXTURES / "kpis" / "haringey_long.csv", today=TODAY)
    chat = make_chat(store, frozen_now)
    chat.say("/kpi pep set 71% for Q3 2015/16")
    chat.say("/kpi pep set 72% for 2015/16")
    return chat


def _history(chat: Chat) -> KpiHistory:
    outcome = chat.outcome("/kpi pep history")
    assert outcome is not None and isinstance(outcome.reply, KpiHistory)
    return outcome.reply


def _card(chat: Chat) -> KpiCard:
    outcome = chat.outcome("/kpi pep")
    assert outcome is not None and isinstance(outcome.reply, KpiCard)
    return outcome.reply


def test_the_console_heading_draws_the_trend_values_only(chat: Chat) -> None:
    card = _card(chat)
    assert card.recent == [37, 71, 49, 62]
    trend = sparkline(card.recent)
    heading = chat.say("/kpi pep history").splitlines()[0]
    assert heading.endswith(f"— history  {trend}"), heading
    assert sparkline([37, 71, 49, 62, 71, 72]) not in heading
    assert trend in chat.say("/kpi list")


def test_slack_and_teams_headings_draw_the_trend_values_only(chat: Chat) -> None:
    trend = sparkline(_card(chat).recent)
    history = _history(chat)
    slack_head = json.dumps(slack_render(history).head, ensure_ascii=False)
    assert trend in slack_head and sparkline([37, 71, 49, 62, 71, 72]) not in slack_head
    teams = json.dumps(card_json(teams_render(history)), ensure_ascii=False)
    assert trend in teams and sparkline([37, 71, 49, 62, 71, 72]) not in teams


def test_a_provisional_quarter_s_note_reads_as_sentences_on_every_platform(chat: Chat) -> None:
    history = _history(chat)
    quarter = next(p for p in history.points if p.period_label == "Q3 2015/16")
    year = next(p for p in history.points if p.period_label == "2015/16")
    expected = (
        "Provisional: the quarter is not over yet. Quarterly figure, not in the monthly trend"
    )
    assert kpi_point_note(quarter) == expected
    assert kpi_point_note(year) == (
        "Provisional: the financial year is not over yet. Annual figure, not in the monthly trend"
    )
    console = chat.say("/kpi pep history")
    slack = json.dumps(slack_render(history).all_blocks(), ensure_ascii=False)
    teams = json.dumps(card_json(teams_render(history)), ensure_ascii=False)
    for text in (console, slack, teams):
        assert expected in text
        assert "yet. quarterly" not in text and "yet. annual" not in text


def test_sentences_are_joined_with_stops_and_capitals() -> None:
    assert join_sentences("Provisional: the month is not over yet", "late return") == (
        "Provisional: the month is not over yet. Late return"
    )
    assert join_sentences("quarterly figure, not in the monthly trend", "") == (
        "quarterly figure, not in the monthly trend"
    )
    assert join_sentences("One.", "eTrack figure", "two") == "One. eTrack figure. Two"
    assert join_sentences("Is it?", "  ") == "Is it?"
