"""/kpi <kpi> set <value> for last month (this month, last or this quarter, last or this
year): counted from the core's clock (frozen on Wednesday 2 December 2015 here, whatever the
day the tests run), quarters financial as a bare Q3 is read, and a year only when the
indicator's own kind of year says which."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.slack.conftest import Harness, blocks_text
from tests.slack.fake_slack import TEAM

KPIS = (
    "Indicator,Slug,Period,Value,Unit,Polarity\n"
    "Children in care,cic,Oct 2015,450,count,Lower is better\n"
    "Care leavers in touch,leavers,2014/15,88,%,Higher is better\n"
)


@pytest.fixture
def kpis(world: Store, tmp_path: Path) -> Store:
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS, encoding="utf-8")
    run_import(world, TEAM, "kpis", path)
    return world


def _periods(store: Store, slug: str) -> dict[str, float]:
    with store.unit_of_work(TEAM) as uow:
        ind = next(i for i in uow.repos.indicators.all(with_owners=False) if i.slug == slug)
        return {v.period_key: v.value for v in uow.repos.indicators.value_rows(ind.id)}


@pytest.mark.parametrize(
    ("slug", "when", "key", "said"),
    [
        ("cic", "last month", "2015-11", "Recorded 12 for cic, Nov 2015."),
        ("cic", "Last Month", "2015-11", "Recorded 12 for cic, Nov 2015."),
        ("cic", "this month", "2015-12", "Dec 2015 is not over yet"),
        ("cic", "last quarter", "2015/16-Q2", "Recorded 12 for cic, Q2 2015/16 (Jul–Sep 2015)"),
        ("cic", "the previous quarter", "2015/16-Q2", "Q2 2015/16 (Jul–Sep 2015)"),
        ("cic", "this quarter", "2015/16-Q3", "Q3 2015/16 (Oct–Dec 2015) is not over yet"),
        ("cic", "last financial year", "2014/15", "Recorded 12 for cic, 2014/15"),
        ("leavers", "last year", "2014/15", "Corrected leavers for 2014/15 (Apr 2014–Mar 2015)"),
        ("leavers", "this year", "2015/16", "2015/16 (Apr 2015–Mar 2016) is not over yet"),
    ],
)
def test_a_period_relative_to_today_is_read(
    slack: Harness, kpis: Store, slug: str, when: str, key: str, said: str
) -> None:
    answer = blocks_text(slack.reply("/kpi", f"{slug} set 12 for {when}"))
    assert said in answer
    assert _periods(kpis, slug)[key] == 12


def test_last_year_of_an_indicator_with_no_yearly_figures_is_asked_about(
    slack: Harness, kpis: Store
) -> None:
    before = _periods(kpis, "cic")
    answer = blocks_text(slack.reply("/kpi", "cic set 12 for last year"))
    assert "Which year is “last year”? This indicator has no yearly figures to tell by" in answer
    assert "the financial year (2014/15), the academic year (AY 2014/15)" in answer
    assert "or the calendar year (2014)" in answer and "Nothing was changed" in answer
    assert _periods(kpis, "cic") == before
