"""An education indicator reported by academic year: imported, shown, set and re-imported as
one, September to August (on 2 Dec 2015, AY 2015/16 is under way)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.helpers import make_chat


def test_academic_years_import_and_show(store: Store, tmp_path: Path, frozen_now: datetime) -> None:
    path = tmp_path / "absence.csv"
    path.write_text(
        "Indicator,Slug,Period,Value,Target,Unit,Polarity\n"
        "Persistent absence of children in care,absence,AY 2013/14,19.5,15,%,lower\n"
        "Persistent absence of children in care,absence,Academic year 2014-15,18.2,15,%,lower\n"
        "Persistent absence of children in care,absence,AY 2015/16,16.9,15,%,lower\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path, today=date(2015, 12, 2))
    assert report.created == 3
    assert "row 4: absence AY 2015/16" in report.summary()
    chat = make_chat(store, frozen_now)
    card = chat.say("/kpi absence")
    assert "Latest: 16.9% for AY 2015/16 (provisional: the academic year is not over yet)" in card
    # A year under way is not judged against the year before (nor shown as improving).
    assert "not compared with 18.2% for AY 2014/15" in card and "improving" not in card
    reply = chat.say("/kpi absence set 16 for AY 2015/16")
    assert "Corrected absence for AY 2015/16 (Sep 2015–Aug 2016): 16% (was 16.9%)" in reply
    assert "has not started yet" in chat.say("/kpi absence set 16 for AY 2016/17")
    again = run_import(store, "local", "kpis", path, today=date(2015, 12, 2))
    # The file gives 16.9 as before the correction: the correction stands, and is named.
    assert (again.created, again.updated) == (0, 0)
    assert "absence AY 2015/16 (16%, console: console operator; the file: 16.9%)" in again.summary()
