"""A wide KPI file's targets per year ("Target 2014/15", "2015/16 Target"): each value is
judged against the target of the year it falls in, and the current year's becomes the
indicator's standing target."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.helpers import make_chat

WIDE = (
    "Indicator,Slug,Unit,Polarity,Target 2014/15,2015/16 Target,Target (2016/17),"
    "2014/15 Outturn,Q1 2015/16,Q2 2015/16\n"
    "Re-referrals within 12 months,re-referrals,%,lower,22,20,18,23,21,19\n"
    "Care leavers in EET,eet,%,higher,,60,,55,,58\n"
)


def _targets(store: Store) -> dict[tuple[str, str], float | None]:
    """Each value's own target by indicator and period."""
    query = select(Indicator.slug, IndicatorValue.period_key, IndicatorValue.target).join(
        Indicator, Indicator.id == IndicatorValue.indicator_id
    )
    with store.session_factory() as s:
        return {(slug, key): target for slug, key, target in s.execute(query).all()}


def test_each_value_gets_its_years_target(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(WIDE, encoding="utf-8")
    report = run_import(store, "local", "kpis", path)
    said = report.summary()
    assert "Columns not imported" not in said
    assert _targets(store) == {
        ("re-referrals", "2014/15"): 22,
        ("re-referrals", "2015/16-Q1"): 20,
        ("re-referrals", "2015/16-Q2"): 20,
        ("eet", "2014/15"): None,
        ("eet", "2015/16-Q2"): 60,
    }
    chat = make_chat(store, frozen_now)
    history = chat.say("/kpi re-referrals history")
    assert "2014/15               23% target 22%" in history
    assert "Q1 2015/16            21% target 20%" in history
    # The year under way gives the standing target, not the year to come (2016/17).
    assert "Target: 20% (lower is better)" in chat.say("/kpi re-referrals")
    eet = chat.say("/kpi eet")
    assert "Latest: 58% for Q2 2015/16" in eet and "Target: 60%" in eet and "Amber" in eet
    again = run_import(store, "local", "kpis", path)
    assert not again.changed_anything and "Nothing changed" in again.summary()


def test_a_years_target_written_as_a_fraction_is_warned_about(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "Indicator,Unit,Target 2015/16,Q1 2015/16,Q2 2015/16\nPEPs,%,0.9,62,71\n",
        encoding="utf-8",
    )
    said = " ".join(run_import(store, "local", "kpis", path).summary().split())
    assert "peps (a percentage): target for 2015/16 0.9 (row 2) looks like a fraction" in said
