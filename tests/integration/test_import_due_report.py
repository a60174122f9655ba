"""An action plan import lists the timescales it could not read as dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store

PLAN = (
    "Ref,Action,Lead,Timescale,Status\n"
    "1.1,Recruit IROs,Fiona Smith,Mar-26,Green\n"
    "1.2,Audit PEPs,Jon Abbey,2026-13-01,Red\n"
    "1.3,Review plans,Jon Abbey,Ongoing,Red\n"
    "1.4,Train staff,Jon Abbey,when the new team starts,Red\n"
)


def test_unreadable_timescales_are_listed_with_their_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    report = run_import(store, "local", "actions", path, today=date(2026, 1, 15))
    summary = report.summary()
    assert "2 timescales name no date I can read" in summary
    assert "row 3 “2026-13-01”; row 5 “when the new team starts”" in summary
    assert "Ongoing" not in summary
    with store.unit_of_work("local") as uow:
        dues = {a.ref: (a.due_date, a.due_text) for a in uow.repos.actions.by_ref("1.1")}
        assert dues == {"1.1": (date(2026, 3, 31), "Mar-26")}
        assert uow.repos.actions.by_ref("1.2")[0].due_date is None
