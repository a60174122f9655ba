"""/kpi set typed wrong: impossible days are refused, a malformed set or history is "not
understood" with the usage (not an unknown indicator), and ``62.5 %`` is read as 62.5%."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from commands.importers import run_import
from commands.views import Notice
from storage.models import AuditEvent, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    run_import(store, "local", "kpis", FIXTURES / "kpis" / "haringey_long.csv")
    return make_chat(store, frozen_now)


def _counts(store: Store) -> tuple[int, int]:
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


@pytest.mark.parametrize("day", ["30/02/2015", "2015-02-31", "31/02/2015"])
def test_an_impossible_day_is_refused(store: Store, chat: Chat, day: str) -> None:
    before = _counts(store)
    outcome = chat.outcome(f"/kpi pep set 70 for {day}")
    assert outcome is not None and outcome.understood
    assert isinstance(outcome.reply, Notice) and outcome.reply.level == "error"
    assert f"“{day}” is not a date" in outcome.reply.text
    assert "Nothing was changed" in outcome.reply.text
    assert _counts(store) == before


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/kpi pep set 70", "/kpi <kpi> set <value> for <period>"),
        ("/kpi pep set for Dec 2015", "/kpi <kpi> set <value> for <period>"),
        ("/kpi pep set seventy percent for Oct 2015", "/kpi <kpi> set <value> for <period>"),
        ("/kpi pep history extra", "/kpi <kpi> history"),
    ],
)
def test_a_malformed_subcommand_is_not_understood(
    store: Store, chat: Chat, text: str, usage: str
) -> None:
    before = _counts(store)
    outcome = chat.outcome(text)
    assert outcome is not None and not outcome.understood
    assert isinstance(outcome.reply, Notice)
    assert "didn't understand" in outcome.reply.text and usage in outcome.reply.text
    assert "don't know an indicator" not in outcome.reply.text
    assert _counts(store) == before


def test_a_percent_sign_apart_from_the_value_is_accepted(chat: Chat) -> None:
    reply = chat.say("/kpi pep set 62.5 % for Oct 2015")
    assert "62.5%" in reply and "Oct 2015" in reply and "✔" in reply
    reply = chat.say("/kpi pep set 63 % for Oct 2015 target 90")
    assert "Corrected pep for Oct 2015: 63%" in reply


def test_an_indicator_name_is_still_shown(chat: Chat) -> None:
    assert "pep" in chat.say("/kpi pep")
    assert "don't know an indicator" in chat.say("/kpi frobnicate")


def test_a_fraction_for_a_percentage_is_recorded_with_a_question(chat: Chat) -> None:
    reply = chat.say("/kpi pep set 0.62 for Oct 2015")
    assert "0.62%" in reply
    assert "if you meant 62%, type `/kpi pep set 62 for Oct 2015`" in reply
    assert "if you meant" not in chat.say("/kpi pep set 0.5% for Nov 2015")
    assert "if you meant" not in chat.say("/kpi pep set 62 for Oct 2015")


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("/kpi pep set 70 percent for Oct 2015", "/kpi pep set 70 for Oct 2015"),
        ("/kpi pep set 70 pts for Oct 2015 target 90", "/kpi pep set 70 for Oct 2015 target 90"),
    ],
)
def test_a_value_typed_with_a_unit_word_is_refused_with_the_command_without_it(
    store: Store, chat: Chat, text: str, fixed: str
) -> None:
    before = _counts(store)
    outcome = chat.outcome(text)
    assert outcome is not None and outcome.understood
    assert isinstance(outcome.reply, Notice) and outcome.reply.level == "error"
    assert "without its unit" in outcome.reply.text and outcome.reply.suggestions == [fixed]
    assert _counts(store) == before


def test_a_correction_of_the_target_alone_says_what_changed(chat: Chat) -> None:
    reply = chat.say("/kpi pep set 62 for Nov 2015 target 95")
    assert "Corrected pep for Nov 2015: target 95% (was 90%); the value stays 62%." in reply
    assert "(was 62%)" not in reply
    reply = chat.say("/kpi pep set 63 for Nov 2015 target 96")
    assert "Corrected pep for Nov 2015: 63% (was 62%), target 96% (was 95%)." in reply
    assert "Recorded 40% for pep, Oct 2015, target 90%." in chat.say(
        "/kpi pep set 40 for Oct 2015 target 90"
    )


def test_a_fraction_for_a_target_is_recorded_with_a_question(chat: Chat) -> None:
    reply = chat.say("/kpi pep set 62 for Nov 2015 target 0.9")
    assert "target 0.9% (was 90%)" in reply
    assert "if you meant a target of 90%, type `/kpi pep set 62 for Nov 2015 target 90`" in reply
    reply = chat.say("/kpi pep set 0.62 for Nov 2015 target 0.9")
    assert "if you meant 62%, type `/kpi pep set 62 for Nov 2015 target 90`" not in reply
    assert (
        "The value and the target are under 1%: if you meant 62% and a target of 90%, type "
        "`/kpi pep set 62 for Nov 2015 target 90`" in reply
    )
    assert "if you meant" not in chat.say("/kpi pep set 62 for Nov 2015 target 0.9%")


def test_the_command_a_fraction_question_offers_reads_back(chat: Chat) -> None:
    # A quarter is described with its months, "Q2 2015/16 (Jul–Sep 2015)", which is not a
    # period to type: the command offered names it as typed.
    reply = chat.say("/kpi pep set 0.6 for Q2 2015/16")
    offered = reply.split("type `", 1)[1].split("`", 1)[0]
    assert offered == "/kpi pep set 60 for Q2 2015/16"
    assert "Corrected pep for Q2 2015/16" in chat.say(offered)


@pytest.mark.parametrize("period", ["Brumaire", "Dec", "30/02/2015"])
def test_the_period_hint_names_the_words_chat_accepts(
    store: Store, chat: Chat, period: str
) -> None:
    # The hint listed months, quarters and years only, though `last month` is accepted.
    before = _counts(store)
    reply = chat.say(f"/kpi pep set 70 for {period}")
    assert reply.startswith("✖ "), reply
    assert "or words like `last month`, `this quarter`, `last financial year`." in reply, reply
    assert reply.endswith("Nothing was changed."), reply
    assert _counts(store) == before
    assert "✖" not in chat.say("/kpi pep set 70 for last month")


def test_a_missing_period_names_the_words_chat_accepts(store: Store, chat: Chat) -> None:
    reply = chat.say("/kpi pep set 70")
    assert "or a period in words like `last month`, `this quarter`" in reply, reply


@pytest.mark.parametrize(("typed", "shown"), [(".5", "0.5%"), ("5.", "5%"), ("61.%", "61%")])
def test_a_number_without_digits_on_one_side_of_its_point_is_read(
    store: Store, chat: Chat, typed: str, shown: str
) -> None:
    # ".5" and "5." were refused as not numbers.
    reply = chat.say(f"/kpi pep set {typed} for last month")
    assert reply.startswith(f"✔ Corrected pep for Nov 2015: {shown} (was 62%)"), reply


def test_a_target_without_digits_after_its_point_is_read(chat: Chat) -> None:
    reply = chat.say("/kpi pep set 70 for last month target 91.")
    assert reply.startswith("✔ Corrected pep for Nov 2015: 70% (was 62%), target 91%"), reply


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "/kpi pep set 1e3 for last month",
            "“1e3” is a figure in exponent form, which csbot does not read: write the value "
            "out in full, like 1,000. Nothing was changed.",
        ),
        (
            "/kpi pep set 70 for last month target 9.E1",
            "“9.E1” is a figure in exponent form, which csbot does not read: write the target "
            "out in full, like 90. Nothing was changed.",
        ),
    ],
)
def test_exponent_form_is_refused_saying_why(
    store: Store, chat: Chat, text: str, said: str
) -> None:
    before = _counts(store)
    reply = chat.say(text)
    assert reply == f"✖ {said}", reply
    assert _counts(store) == before
