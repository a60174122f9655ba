"""/kpi commands and the KPI importer, on both backends."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import AuditEvent, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import make_chat

KPIS = FIXTURES / "kpis"


def values(store: Store) -> tuple[int, int]:
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


@pytest.fixture
def loaded(store: Store) -> Store:
    run_import(store, "local", "kpis", KPIS / "haringey_long.csv")
    run_import(store, "local", "kpis", KPIS / "haringey_wide.csv")
    return store


def test_card_shows_value_period_target_rag_trend_comparators(
    loaded: Store, frozen_now: datetime
) -> None:
    chat = make_chat(loaded, frozen_now)
    reply = chat.say("/kpi lac-rate")
    assert "Latest: 74 per 10,000 for Nov 2015" in reply
    assert "Target: 70 per 10,000 (lower is better)" in reply
    assert "Amber" in reply
    assert "improving (from 76 per 10,000 in Oct 2015)" in reply
    assert "England 60" in reply and "Region 52" in reply and "Statistical neighbours 69" in reply
    assert "Owner: Jon Abbey" in reply
    pep = chat.say("/kpi pep")
    assert "62% for Nov 2015" in pep and "Red" in pep and "improving" in pep


@pytest.mark.parametrize(
    "typed", ["pep", "PEP", "peps", "personal education plans", "personal education plan"]
)
def test_fuzzy_lookup_finds_pep(loaded: Store, frozen_now: datetime, typed: str) -> None:
    assert "(pep)" in make_chat(loaded, frozen_now).say(f"/kpi {typed}")


def test_unknown_kpi_suggests_nearest(loaded: Store, frozen_now: datetime) -> None:
    reply = make_chat(loaded, frozen_now).say("/kpi pathway plan thing xyz")
    assert "don't know an indicator" in reply and "/kpi" in reply


def test_history_red_and_list(loaded: Store, frozen_now: datetime) -> None:
    chat = make_chat(loaded, frozen_now)
    history = chat.say("/kpi pep history")
    assert history.index("May 2015") < history.index("Nov 2015")
    red = chat.say("/kpi red")
    assert red.index("pathway-plans") < red.index("care-plans")  # red before amber
    assert "lac-rate" in chat.say("/kpi list")


def test_set_value_and_validation(loaded: Store, frozen_now: datetime) -> None:
    chat = make_chat(loaded, frozen_now)
    before = values(loaded)
    for bad, expected in (
        ("/kpi pep set 140% for Dec 2015", "between 0 and 100"),
        ("/kpi pep set lots for Dec 2015", "not a number"),
        ("/kpi pep set 70 for the other day", "period"),
        ("/kpi lac-rate set 70% for Dec 2015", "is a percentage"),
        ("/kpi lac-rate set -4 for Dec 2015", "negative"),
        ("/kpi pep set 70 for Q5 2015", "couldn't read “Q5 2015” as a period"),
        ("/kpi pep set 70 for 2014/16", "must follow each other"),
        ("/kpi pep set 70 for Dec 2015 target 120%", "between 0 and 100"),
    ):
        assert expected in chat.say(bad)
    assert values(loaded) == before
    assert "Recorded 66% for pep, Dec 2015" in chat.say("/kpi pep set 66% for Dec 2015 target 90")
    assert "66% for Dec 2015" in chat.say("/kpi pep")
    assert "Corrected pep for Dec 2015: 67% (was 66%)" in chat.say(
        "/kpi pep set 67 for December 2015"
    )
    unchanged = values(loaded)
    assert "nothing changed" in chat.say("/kpi pep set 67% for 2015-12")
    assert values(loaded) == unchanged
    # Only owners or administrators may record values.
    assert "Only the owners" in chat.say("/kpi pep set 70 for Oct 2015", as_="Jon Abbey")
    assert "Recorded" in chat.say("/kpi pep set 70 for Oct 2015", as_="Fiona Smith")


def test_import_is_idempotent(loaded: Store) -> None:
    before = values(loaded)
    report = run_import(loaded, "local", "kpis", KPIS / "haringey_long.csv")
    assert not report.changed_anything and values(loaded) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("indicator,period,value\npep,Nov 2015,sixty\n", "row 2, column “value”"),
        ("indicator,period,value\npep,someday,60\n", "row 2, column “period”"),
        ("indicator,period,value,unit\npep,Nov 2015,160,%\n", "between 0 and 100"),
        ("indicator,period,value,unit\npep,Nov 2015,60,furlongs\n", "not a unit"),
        ("words,only\nno,kpis\n", "no header row"),
    ],
)
def test_bad_kpi_files(store: Store, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "k.csv"
    path.write_text(content)
    before = values(store)
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    assert expected in str(err.value)
    assert values(store) == before


def test_workspaces_are_isolated(loaded: Store, frozen_now: datetime) -> None:
    loaded.ensure_workspace("other")
    other = make_chat(loaded, frozen_now, workspace="other")
    assert "no indicators yet" in other.say("/kpi pep").lower()
    assert "No indicators yet" in other.say("/kpi list")
    run_import(loaded, "other", "kpis", KPIS / "haringey_wide.csv")
    assert "pep" not in other.say("/kpi list")
    assert "pep" in make_chat(loaded, frozen_now).say("/kpi list")
