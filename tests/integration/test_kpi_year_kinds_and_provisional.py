"""An indicator's trend compares only figures of one kind of year, and a provisional latest
figure (its period not over yet) is not judged against a full period's.

Calendar years (2014), financial years (2014/15) and academic years (AY 2014/15) are all
annual, but a financial year's figure compared with an academic year's says nothing: an
annual series keeps to its usual kind of year (the commonest among its newest values; a tie
goes to a kind of year its frequency names, then to the newest), and a figure of another kind
is kept and shown in the history, noted as not compared, as a quarter among months is. A figure
for a period not over yet (2015/16 to date, on 2 Dec 2015) gets no improving or worsening:
the card and the pre-meeting summary say it is not compared until its period is over.

The tests run at FROZEN_NOW, 2 Dec 2015.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from commands.formatting import kpi_change_words
from commands.importers import run_import
from commands.kpi_logic import series_family, series_kind, series_year_kind, split_series
from commands.kpi_views import card
from commands.summary import kpi_change
from commands.views import KpiCard, KpiHistory, KpiList
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.factories import period_value
from tests.helpers import Chat, make_chat

TODAY = date(2015, 12, 2)


def _import(store: Store, tmp_path: Path, text: str) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    run_import(store, "local", "kpis", path, today=TODAY)


@pytest.fixture
def chat(store: Store, frozen_now: datetime, tmp_path: Path) -> Chat:
    _import(
        store,
        tmp_path,
        "indicator,period,value,unit,polarity,target\n"
        # Reported by financial year, with one academic year's figure (newer: it ends in
        # August 2015, the financial year 2014/15 in March).
        "attendance,2012/13,80,%,higher,\n"
        "attendance,2013/14,82,%,higher,\n"
        "attendance,2014/15,90,%,higher,\n"
        "attendance,AY 2014/15,70,%,higher,\n"
        # 2015/16 is not over on 2 Dec 2015: a year-to-date figure.
        "ytd,2013/14,80,%,higher,90\n"
        "ytd,2014/15,85,%,higher,90\n"
        "ytd,2015/16,40,%,higher,90\n",
    )
    return make_chat(store, frozen_now)


def test_a_financial_year_series_does_not_compare_an_academic_years_figure(chat: Chat) -> None:
    outcome = chat.outcome("/kpi attendance")
    assert outcome is not None and isinstance(outcome.reply, KpiCard)
    shown = outcome.reply
    assert shown.latest is not None and shown.latest.period_label == "2014/15"
    assert shown.previous is not None and shown.previous.period_label == "2013/14"
    assert shown.recent == [80, 82, 90]
    assert shown.trend == "improving"  # 90 against 82, not 70 (AY 2014/15) against 90
    assert (
        "attendance is reported by financial year: AY 2014/15 (70%, academic year) is kept "
        "but not compared with its financial-year figures" in shown.message
    )
    text = chat.say("/kpi attendance")
    assert "Latest: 90% for 2014/15" in text and "↗ improving (from 82% in 2013/14)" in text

    history = chat.outcome("/kpi attendance history")
    assert history is not None and isinstance(history.reply, KpiHistory)
    academic = next(p for p in history.reply.points if p.period_label == "AY 2014/15")
    assert academic.note == "academic-year figure, not in the financial-year trend"
    assert not academic.in_series
    assert history.reply.series_values() == [80, 82, 90]


def _fy(year: int, value: float) -> IndicatorValue:
    label = f"{year}/{(year + 1) % 100:02d}"
    return period_value(
        label, label, "financial_year", date(year, 4, 1), date(year + 1, 3, 31), value
    )


def _ay(year: int, value: float) -> IndicatorValue:
    label = f"{year}/{(year + 1) % 100:02d}"
    return period_value(
        f"AY{label}", f"AY {label}", "academic_year", date(year, 9, 1), date(year + 1, 8, 31), value
    )


def _cy(year: int, value: float) -> IndicatorValue:
    return period_value(str(year), str(year), "year", date(year, 1, 1), date(year, 12, 31), value)


def _indicator(frequency: str = "") -> Indicator:
    ind = Indicator(slug="attendance", name="School attendance", unit="%", polarity="higher")
    ind.frequency = frequency
    ind.target = 95.0
    return ind


def test_the_summary_compares_only_the_series_kind_of_year() -> None:
    newest_first = [_ay(2014, 70), _fy(2014, 90), _fy(2013, 82), _fy(2012, 80)]
    change = kpi_change(_indicator("annual"), newest_first, date(2015, 1, 1), "CPAC 2015-01-01")
    assert (change.value, change.period_label) == (90, "2014/15")
    assert (change.previous_value, change.previous_period_label) == (82, "2013/14")
    assert change.change == 8 and change.direction == "improving"


def test_a_calendar_year_among_financial_years_is_not_compared() -> None:
    newest_first = [_cy(2015, 50), _fy(2014, 90), _fy(2013, 82)]
    shown = card(_indicator(), newest_first)
    assert shown.latest is not None and shown.latest.period_label == "2014/15"
    assert shown.trend == "improving" and shown.recent == [82, 90]
    assert "2015 (50%, calendar year) is kept" in shown.message


def test_the_kind_of_year_is_the_commonest_then_the_frequency_then_the_newest() -> None:
    # The commonest kind of year among the newest values.
    assert series_year_kind([_fy(2014, 1), _ay(2014, 1), _ay(2013, 1)]) == "academic_year"
    # A tie goes to the kind of year the frequency names, else to the newest value's.
    tie = [_ay(2014, 1), _fy(2014, 1)]
    assert series_year_kind(tie) == "academic_year"
    assert series_year_kind(tie, "Annual (financial year)") == "financial_year"
    assert series_year_kind(tie, "annual") == "academic_year"
    assert series_year_kind([_cy(2015, 1), _fy(2014, 1)], "Calendar year") == "year"
    assert series_year_kind([]) is None
    # A frequency naming a kind of year is annual when families tie too.
    quarter = period_value(
        "2015/16-Q2", "Q2 2015/16", "quarter", date(2015, 7, 1), date(2015, 9, 30), 1
    )
    assert series_family([quarter, _fy(2014, 1)], "Financial year") == "annual"
    assert series_family([quarter, _fy(2014, 1)]) == "quarterly"
    # Months and quarters are as before: their family, whatever years are among them.
    month = period_value("2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30), 1)
    assert series_kind([month, _fy(2014, 1), month]) == "monthly"
    same, others = split_series([month, _fy(2014, 1), _ay(2014, 1), month])
    assert same == [month, month] and len(others) == 2


def test_a_monthly_series_names_a_years_figure_as_before() -> None:
    months = [
        period_value("2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30), 62),
        period_value("2015-10", "Oct 2015", "month", date(2015, 10, 1), date(2015, 10, 31), 60),
    ]
    shown = card(_indicator("monthly"), months, recorded="AY2014/15", today=TODAY)
    with_year = card(_indicator("monthly"), [_ay(2014, 70), *months], recorded="AY2014/15")
    assert shown.trend == with_year.trend == "improving"
    assert (
        "attendance is reported monthly: AY 2014/15 (70%, annual) is kept but not compared "
        "with its monthly figures" in with_year.message
    )


def test_a_provisional_latest_figure_is_not_judged_on_its_card(chat: Chat) -> None:
    outcome = chat.outcome("/kpi ytd")
    assert outcome is not None and isinstance(outcome.reply, KpiCard)
    shown = outcome.reply
    assert shown.latest is not None and shown.latest.provisional
    assert shown.previous is not None and shown.previous.period_label == "2014/15"
    assert shown.trend == "provisional"  # not "worsening": 2015/16 is only eight months in
    assert shown.rag == "red"  # judged against its target as ever
    text = chat.say("/kpi ytd")
    assert "Latest: 40% for 2015/16 (provisional: the financial year is not over yet)" in text
    assert (
        "Trend: · not judged yet: 2015/16 is not over, so its 40% is not compared with 85% "
        "for 2014/15" in text
    )
    assert "worsening" not in text and "↘" not in text

    listed = chat.outcome("/kpi list")
    assert listed is not None and isinstance(listed.reply, KpiList)
    assert {c.slug: c.trend for c in listed.reply.items}["ytd"] == "provisional"
    line = next(line for line in chat.say("/kpi list").splitlines() if " ytd " in line)
    assert "(2015/16, provisional)" in line and "· not judged yet" in line


def test_a_provisional_latest_figure_is_not_judged_in_the_summary() -> None:
    ind = _indicator("annual")
    newest_first = [_fy(2015, 40), _fy(2014, 85), _fy(2013, 80)]
    change = kpi_change(ind, newest_first, date(2015, 6, 1), "CPAC 2015-06-01", TODAY)
    assert change.provisional and change.value == 40
    assert (change.previous_value, change.previous_period_label) == (85, "2014/15")
    assert change.direction == "none" and change.change is None
    assert change.rag == "red"
    words = kpi_change_words(change)
    assert words.period == " (2015/16, provisional)"
    assert words.change == " — was 85% (2014/15); not compared until 2015/16 is over"
    # Once the year is over, the same figures are compared.
    over = kpi_change(ind, newest_first, date(2015, 6, 1), "CPAC 2015-06-01", date(2016, 4, 2))
    assert not over.provisional and over.direction == "worsening" and over.change == -45
