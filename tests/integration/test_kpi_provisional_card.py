"""A figure for a period not over yet reads as provisional wherever it is shown (card, list
and history, on the console, Slack and Teams), and a latest value without comparators still
shows the newest comparators, naming their period.

The clock is frozen on 2 Dec 2015: Dec 2015 is not over; pep has May-Nov 2015 values.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from bot.slack.pages import to_message
from bot.teams.cards import card_json
from bot.teams.render import render as teams_render
from commands.importers import run_import
from commands.views import KpiCard, KpiHistory, KpiList, View
from storage.models import IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import Chat, make_chat
from tests.slack.blockkit import validate_message
from tests.teams.cardcheck import assert_valid_card

MARK = "provisional: the month is not over yet"
NOV_COMPARATORS = "England 66%, Region 68%, Statistical neighbours 63%"


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    run_import(
        store, "local", "kpis", FIXTURES / "kpis" / "haringey_long.csv", today=date(2015, 12, 2)
    )
    with store.session_factory() as s, s.begin():
        nov = s.scalar(select(IndicatorValue).where(IndicatorValue.period_key == "2015-11"))
        assert nov is not None
        nov.england, nov.region, nov.statistical_neighbours = 66, 68, 63
    return make_chat(store, frozen_now)


def _view(chat: Chat, text: str) -> View:
    outcome = chat.outcome(text)
    assert outcome is not None
    return outcome.reply


def _everywhere(view: View) -> list[str]:
    """The view as console text, Slack message and Teams card (both checked valid)."""
    from bot.console.render import render as console_render

    slack = to_message(view).payload()
    validate_message(slack)
    teams = card_json(teams_render(view))
    assert_valid_card(teams)
    return [console_render(view), json.dumps(slack, ensure_ascii=False), json.dumps(teams)]


def test_the_card_marks_a_provisional_latest_value(chat: Chat) -> None:
    chat.say("/kpi pep set 70% for Dec 2015", as_="Fiona Smith")
    view = _view(chat, "/kpi pep")
    assert isinstance(view, KpiCard) and view.latest is not None and view.latest.provisional
    for text in _everywhere(view):
        assert f"70% for Dec 2015 ({MARK})" in text


def test_a_finished_month_is_not_provisional(chat: Chat) -> None:
    view = _view(chat, "/kpi pep")
    assert isinstance(view, KpiCard) and view.latest is not None
    assert not view.latest.provisional
    for text in _everywhere(view):
        assert "provisional" not in text.lower()


def test_history_and_list_mark_the_provisional_value(chat: Chat) -> None:
    chat.say("/kpi pep set 70% for Dec 2015", as_="Fiona Smith")
    history = _view(chat, "/kpi pep history")
    assert isinstance(history, KpiHistory)
    assert [p.period_key for p in history.points if p.provisional] == ["2015-12"]
    for text in _everywhere(history):
        assert text.count("Provisional: the month is not over yet.") == 1
    listed = _view(chat, "/kpi list")
    assert isinstance(listed, KpiList)
    for text in _everywhere(listed):
        assert "(Dec 2015, provisional)" in text


def test_comparators_of_an_earlier_value_are_kept_and_dated(chat: Chat) -> None:
    before = _view(chat, "/kpi pep")
    for text in _everywhere(before):
        assert NOV_COMPARATORS in text and "none given" not in text
    chat.say("/kpi pep set 70% for Dec 2015", as_="Fiona Smith")
    after = _view(chat, "/kpi pep")
    for text in _everywhere(after):
        assert f"{NOV_COMPARATORS} (for Nov 2015; none given for Dec 2015)" in text
