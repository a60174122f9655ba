"""/kpi <kpi> set refuses a figure the indicator cannot have, naming the value and why: a
count takes whole numbers, a percentage 0-100, and nothing beyond ±1,000,000,000 (the same
rule as ``csbot import kpis``: commands.kpi_logic.value_problem)."""

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
    "Personal Education Plans,pep,Oct 2015,71,%,Higher is better\n"
)


@pytest.fixture
def kpis(world: Store, tmp_path: Path) -> Store:
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS, encoding="utf-8")
    run_import(world, TEAM, "kpis", path)
    return world


def _values(store: Store, slug: str) -> list[float]:
    with store.unit_of_work(TEAM) as uow:
        ind = next(i for i in uow.repos.indicators.all(with_owners=False) if i.slug == slug)
        return [v.value for v in uow.repos.indicators.value_rows(ind.id)]


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("cic set 962.5 for Oct 2015", "“962.5” won't do for cic: 962.5 is not a whole number"),
        (
            "cic set 1000000000000000 for Oct 2015",
            "1,000,000,000,000,000 is beyond ±1,000,000,000, the largest figure csbot keeps",
        ),
        ("cic set 1,000,000,001 for Oct 2015", "is beyond ±1,000,000,000"),
        ("pep set 100.5 for Oct 2015", "100.5 is not a percentage between 0 and 100"),
        # Written out in full, not as 1e+09 or a rounded 1.23457e+06.
        (
            "pep set 1,000,000,000 for Oct 2015",
            "1,000,000,000 is not a percentage between 0 and 100",
        ),
        ("cic set 1234567.5 for Oct 2015", "1,234,567.5 is not a whole number"),
        ("cic set -2500000 for Oct 2015", "-2,500,000 is negative, but a count cannot be"),
        ("pep set 12 for Oct 2015 target 2000000000", "The target “2000000000” won't do"),
    ],
)
def test_an_impossible_figure_is_refused_naming_it(
    slack: Harness, kpis: Store, text: str, refusal: str
) -> None:
    before = {"cic": _values(kpis, "cic"), "pep": _values(kpis, "pep")}
    answer = blocks_text(slack.reply("/kpi", text))
    assert refusal in answer and "Nothing was changed" in answer
    assert {"cic": _values(kpis, "cic"), "pep": _values(kpis, "pep")} == before


def test_a_whole_count_and_a_fractional_count_target_are_taken(slack: Harness, kpis: Store) -> None:
    answer = blocks_text(slack.reply("/kpi", "cic set 1,000,000,000 for Oct 2015 target 440.5"))
    assert "Corrected cic for Oct 2015" in answer
    assert _values(kpis, "cic") == [1_000_000_000]
    answer = blocks_text(slack.reply("/kpi", "pep set 62.5 for Oct 2015"))
    assert "62.5%" in answer and _values(kpis, "pep") == [62.5]
