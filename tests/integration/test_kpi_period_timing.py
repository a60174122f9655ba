"""KPI values and time: a period not started yet is refused (chat) or not imported (import),
one not over yet is a provisional figure, and a value is compared only with values of the
same kind of period (a quarter of a monthly indicator is never its "latest" or its trend).

The tests run at FROZEN_NOW, 2 Dec 2015: Dec 2015 and Q3 2015/16 (Oct-Dec) are not over yet,
Jan 2016 and Mar 2016 have not started. pep has values for May, Jul, Sep and Nov 2015.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from commands.importers import run_import
from commands.kpi_logic import series_family
from commands.summary import kpi_change
from commands.views import KpiCard, KpiHistory, Notice
from storage.models import AuditEvent, Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.factories import period_value
from tests.helpers import Chat, make_chat

TODAY = date(2015, 12, 2)


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    run_import(store, "local", "kpis", FIXTURES / "kpis" / "haringey_long.csv", today=TODAY)
    return make_chat(store, frozen_now)


def _counts(store: Store) -> tuple[int, int]:
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def _keys(store: Store) -> set[str]:
    with store.session_factory() as s:
        return set(s.scalars(select(IndicatorValue.period_key)))


@pytest.mark.parametrize(
    ("period", "named", "meant"),
    [
        ("Mar 2016", "Mar 2016", "Did you mean Mar 2015?"),
        ("Jan 2016", "Jan 2016", "Did you mean Jan 2015?"),
        ("Q4 2015/16", "Q4 2015/16 (Jan–Mar 2016)", "Did you mean Q4 2014/15 (Jan–Mar 2015)?"),
        ("2016", "2016", "Did you mean 2015?"),
    ],
)
def test_a_period_not_started_is_refused(
    store: Store, chat: Chat, period: str, named: str, meant: str
) -> None:
    before = _counts(store)
    outcome = chat.outcome(f"/kpi pep set 40% for {period}")
    assert outcome is not None and isinstance(outcome.reply, Notice)
    assert outcome.reply.level == "error"
    text = outcome.reply.text
    assert f"{named} has not started yet (today is 2 Dec 2015)" in text
    assert "Nothing was changed" in text
    if named != "2016":  # 2015 is not over on 2 Dec 2015: no suggestion then
        assert meant in text
    else:
        assert "Did you mean" not in text
    assert _counts(store) == before


def test_a_period_not_over_is_a_provisional_figure(store: Store, chat: Chat) -> None:
    reply = chat.say("/kpi pep set 66% for Dec 2015")
    assert "✔ Recorded 66% for pep, Dec 2015." in reply
    assert "Dec 2015 is not over yet (it ends 31 Dec 2015): this is a provisional figure." in reply
    assert "Latest: 66% for Dec 2015" in reply
    # A month not over is not judged against the full month before it.
    assert "Trend: · not judged yet: Dec 2015 is not over, so its 66% is not compared " in reply
    assert "with 62% for Nov 2015" in reply and "improving" not in reply
    # The same figure again changes nothing, and its message says nothing about it being
    # provisional (the card's latest line still marks the Dec 2015 figure as such).
    again = chat.say("/kpi pep set 66% for Dec 2015")
    assert "nothing changed" in again and "this is a provisional figure" not in again
    assert "Latest: 66% for Dec 2015 (provisional: the month is not over yet)" in again
    # A period that is over says nothing either.
    assert "this is a provisional figure" not in chat.say("/kpi pep set 63% for Oct 2015")


def test_a_quarter_of_a_monthly_indicator_is_not_its_latest_nor_its_trend(
    store: Store, chat: Chat
) -> None:
    outcome = chat.outcome("/kpi pep set 70% for Q3 2015/16")
    assert outcome is not None and isinstance(outcome.reply, KpiCard)
    card = outcome.reply
    assert "Recorded 70% for pep, Q3 2015/16 (Oct–Dec 2015)" in card.message
    assert "provisional" in card.message
    assert "pep is reported monthly: Q3 2015/16 (70%, quarterly) is kept" in card.message
    assert card.latest is not None and card.latest.period_label == "Nov 2015"
    assert card.previous is not None and card.previous.period_label == "Sep 2015"
    assert card.recent == [37, 71, 49, 62]
    assert card.trend == "improving"  # 62 against 49, not 70 against 62

    shown = chat.say("/kpi pep")
    assert "Latest: 62% for Nov 2015" in shown and "from 49% in Sep 2015" in shown
    assert "is reported monthly" in shown

    history = chat.outcome("/kpi pep history")
    assert history is not None and isinstance(history.reply, KpiHistory)
    labels = [p.period_label for p in history.reply.points]
    assert labels == ["May 2015", "Jul 2015", "Sep 2015", "Nov 2015", "Q3 2015/16"]
    quarter = history.reply.points[-1]
    assert quarter.note == "quarterly figure, not in the monthly trend"
    assert all("not in the" not in p.note for p in history.reply.points[:-1])
    # The history's sparkline draws the monthly series only.
    assert history.reply.series_values() == [37, 71, 49, 62]
    assert not quarter.in_series

    # Once a month newer than the quarter comes in, it is the latest, set beside Nov (not
    # judged against it while December is not over).
    reply = chat.say("/kpi pep set 64% for Dec 2015")
    assert "Latest: 64% for Dec 2015" in reply and "not compared with 62% for Nov 2015" in reply


def test_the_series_kind_is_the_commonest_then_the_frequency_then_the_newest() -> None:
    def v(kind: str) -> IndicatorValue:
        return IndicatorValue(period_kind=kind)

    assert series_family([v("quarter"), v("month"), v("month")]) == "monthly"
    assert series_family([v("quarter"), v("month")], "monthly") == "monthly"
    assert series_family([v("quarter"), v("month")], "Quarterly") == "quarterly"
    assert series_family([v("quarter"), v("financial_year")], "monthly") == "quarterly"
    assert series_family([v("financial_year"), v("year"), v("quarter")]) == "annual"
    assert series_family([]) is None


def test_the_summary_change_compares_only_the_same_kind() -> None:
    ind = Indicator(slug="pep", name="PEPs", unit="%", polarity="higher", target=90.0)
    ind.frequency = "monthly"
    newest_first = [
        period_value(
            "2015/16-Q3", "Q3 2015/16", "quarter", date(2015, 10, 1), date(2015, 12, 31), 40
        ),
        period_value("2015-11", "Nov 2015", "month", date(2015, 11, 1), date(2015, 11, 30), 62),
        period_value("2015-09", "Sep 2015", "month", date(2015, 9, 1), date(2015, 9, 30), 49),
        period_value("2015-07", "Jul 2015", "month", date(2015, 7, 1), date(2015, 7, 31), 71),
    ]
    change = kpi_change(ind, newest_first, date(2015, 10, 5), "CPAC 2015-10-05")
    assert (change.value, change.period_label) == (62, "Nov 2015")
    assert (change.previous_value, change.previous_period_label) == (49, "Sep 2015")
    assert change.change == 13 and change.direction == "improving"


def test_an_import_leaves_out_periods_not_started(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "indicator,period,value,unit,polarity\n"
        "pep,Nov 2015,62,%,higher\n"
        "pep,Mar 2016,40,%,higher\n"
        "qa-future,2016/17,5,count,higher\n"
        "pep,Dec 2015,64,%,higher\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path, today=TODAY)
    text = report.summary()
    assert report.created == 2
    assert "Not imported: 2 values for a period that has not started yet (today is 2 Dec 2015)" in (
        text
    )
    assert "row 3: pep Mar 2016" in text and "row 4: qa-future 2016/17" in text
    assert "Provisional: 1 value for a period that is not over yet" in text
    assert "row 5: pep Dec 2015" in text
    assert _keys(store) == {"2015-11", "2015-12"}
    with store.session_factory() as s:
        assert s.scalar(select(Indicator).where(Indicator.slug == "qa-future")) is None


def test_a_wide_import_leaves_out_columns_not_started(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "Indicator,Unit,Oct 2015,Nov 2015,Dec 2015,Jan 2016,Feb 2016\n"
        "care-plans,%,80,81,82,,\n"
        "pathway-plans,%,70,71,,75,\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path, today=TODAY)
    text = report.summary()
    assert report.created == 5
    assert "Not imported: 1 value" in text and "column “Jan 2016”: pathway-plans (row 3)" in text
    assert "Feb 2016" not in text  # blank cells under a future month are not mentioned
    assert "column “Dec 2015”: care-plans (row 2)" in text
    assert "2016-01" not in _keys(store)


def test_kpi_card_queries_are_unchanged_by_a_stray_quarter(
    store: Store, chat: Chat, frozen_now: datetime
) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def queries() -> int:
        statements.clear()
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            assert "Latest: 62% for Nov 2015" in chat.say("/kpi pep")
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        return len(statements)

    queries()  # warm caches
    plain = queries()
    chat.say("/kpi pep set 70% for Q3 2015/16")
    assert queries() == plain
