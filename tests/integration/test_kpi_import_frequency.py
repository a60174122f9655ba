"""A new indicator a KPI file gives no frequency takes the one of most of its values' periods
(a yearly-only indicator is annual, not monthly); a frequency the file gives is kept; an
existing indicator's frequency changes only when the file gives one. Exports, cards and the
Teams card read it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bot.teams.cards import card_json
from bot.teams.render import RenderOptions, render
from commands.exporters.kpis import HEADERS, export_kpis
from commands.importers import run_import
from storage.unit_of_work import Store
from tests.teams.samples import kpi

TODAY = date(2015, 12, 2)


def _import(store: Store, tmp_path: Path, text: str, name: str = "kpis.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run_import(store, "local", "kpis", path, today=TODAY).summary()


def _frequencies(store: Store) -> dict[str, str]:
    with store.unit_of_work("local") as uow:
        return {i.slug: i.frequency for i in uow.repos.indicators.all()}


def test_a_new_indicator_takes_the_frequency_of_its_values(store: Store, tmp_path: Path) -> None:
    report = _import(
        store,
        tmp_path,
        "indicator,period,value,unit\n"
        "care-leavers,2012/13,80,%\n"
        "care-leavers,2013/14,82,%\n"
        "care-leavers,2014/15,85,%\n"
        "attainment,AY 2013/14,40,%\n"
        "attainment,AY 2014/15,45,%\n"
        "visits,Q1 2015/16,70,%\n"
        "visits,Q2 2015/16,75,%\n"
        "visits,Sep 2015,74,%\n"
        "pep,Oct 2015,60,%\n"
        "pep,Nov 2015,62,%\n"
        "pep,2014/15,58,%\n",
    )
    assert _frequencies(store) == {
        "care-leavers": "annual",
        "attainment": "annual",
        "visits": "quarterly",
        "pep": "monthly",
    }
    assert (
        "Frequency taken from the periods of the values, as the file gives none: "
        "attainment (annual), care-leavers (annual), visits (quarterly)." in report
    )

    with store.unit_of_work("local") as uow:
        table = export_kpis(uow.repos)
    column = HEADERS.index("Frequency")
    exported = {row[1]: row[column] for row in table.rows}
    assert exported["care-leavers"] == "annual" and exported["visits"] == "quarterly"


def test_a_wide_files_yearly_columns_make_an_annual_indicator(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, "Indicator,Unit,2012/13,2013/14,2014/15\ncare-leavers,%,80,82,85\n")
    assert _frequencies(store) == {"care-leavers": "annual"}


def test_a_frequency_the_file_gives_is_kept(store: Store, tmp_path: Path) -> None:
    report = _import(
        store,
        tmp_path,
        "indicator,period,value,unit,frequency\n"
        "care-leavers,2013/14,82,%,Monthly\n"
        "care-leavers,2014/15,85,%,Monthly\n",
    )
    assert _frequencies(store) == {"care-leavers": "Monthly"}
    assert "Frequency taken" not in report


def test_an_existing_indicators_frequency_changes_only_when_the_file_gives_one(
    store: Store, tmp_path: Path
) -> None:
    _import(store, tmp_path, "indicator,period,value,unit\ncare-leavers,Nov 2015,80,%\n")
    assert _frequencies(store) == {"care-leavers": "monthly"}
    # Yearly figures for the same indicator later: its stored frequency stays.
    report = _import(
        store,
        tmp_path,
        "indicator,period,value,unit\ncare-leavers,2013/14,82,%\ncare-leavers,2014/15,85,%\n",
        "again.csv",
    )
    assert _frequencies(store) == {"care-leavers": "monthly"}
    assert "Frequency taken" not in report
    # A file that gives one changes it (and says so).
    report = _import(
        store,
        tmp_path,
        "indicator,period,value,unit,frequency\ncare-leavers,2014/15,85,%,annual\n",
        "declared.csv",
    )
    assert _frequencies(store) == {"care-leavers": "annual"}
    assert "frequency monthly → annual" in report


def test_an_annual_indicators_teams_card_says_it_is_reported_annually() -> None:
    text = json.dumps(card_json(render(kpi(frequency="annual"), RenderOptions())))
    assert "Reported annually." in text and "Reported annual." not in text
    assert "Reported monthly." in json.dumps(card_json(render(kpi(), RenderOptions())))
