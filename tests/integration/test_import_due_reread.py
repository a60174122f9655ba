"""Re-importing a plan, or minutes, gives an action the due date its unchanged timescale names
when an earlier import could not read it, through `csbot import` (on both backends). A
timescale changed in chat, and one that names no date, are left as they are."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from commands.dates import parse_due
from storage.models import Action, AuditEvent
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, csbot

TIMESCALES = {
    "1.1": "Summer 2027",
    "1.2": "within 3 months",
    "1.3": "TBC",
    "1.4": "Summer 2027",
}
IMPORTED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
MINUTES = "\n".join(
    [
        *("MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE", "MONDAY 5 OCTOBER 2015", ""),
        *("CPAC400. PLACEMENTS", "", "Officers to report on placement stability.", ""),
        *("Action: Jane Testperson - within 3 months", ""),
        *("Officers to circulate the revised guidance.", "", "Action: Sam Example - ASAP", ""),
    ]
)


def _write_plan(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Ref", "Action", "Lead", "Timescale"])
        for ref, timescale in TIMESCALES.items():
            rows.writerow([ref, f"Action {ref}", "Fiona Smith", timescale])


def _dues(store: Store) -> dict[str, tuple[str, date | None]]:
    with store.session_factory() as session:
        return {a.ref: (a.due_text, a.due_date) for a in session.scalars(select(Action))}


def _as_an_older_import_left_them(store: Store) -> None:
    """1.1 and 1.2 without the date their timescale names (1.2 imported in January 2026);
    1.4's timescale changed in chat to one naming no date."""
    with store.session_factory() as session, session.begin():
        session.info["audit"] = False
        actions = {a.ref: a for a in session.scalars(select(Action))}
        actions["1.1"].due_date = None
        actions["1.2"].due_date = None
        actions["1.2"].created_at = IMPORTED
        actions["1.4"].due_text, actions["1.4"].due_date = "TBC", None


def test_reimport_reads_the_timescales_an_older_import_could_not(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "plan.csv"
    _write_plan(plan)
    command = ["import", "actions", str(plan), "--plan", "Leeds"]
    csbot(database.url, command, monkeypatch, tmp_path)
    read_now = _dues(store)
    assert read_now["1.1"][1] is not None and read_now["1.3"] == ("TBC", None)
    _as_an_older_import_left_them(store)
    capsys.readouterr()

    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    within = parse_due("within 3 months", IMPORTED.date())
    assert within is not None and within < date(2026, 6, 1)  # from the day it was imported
    assert _dues(store) == {
        "1.1": ("Summer 2027", read_now["1.1"][1]),
        "1.2": ("within 3 months", within),
        "1.3": ("TBC", None),
        "1.4": ("TBC", None),  # as chat left it
    }
    assert "Due dates read from timescales that an earlier import could not read, in 2 " in said
    assert "1.1 (Summer 2027: 31 Aug 2027)" in said
    with store.session_factory() as session:
        dated = [
            e.after
            for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "action"))
            if e.change == "update" and e.after and "due_date" in e.after
        ]
    assert len(dated) == 2  # each change is in the audit trail

    # Once read, a further import has nothing to put right.
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "Due dates read" not in capsys.readouterr().out


def test_reimporting_minutes_dates_an_action_an_older_import_left_undated(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = cpac_minutes(database.url, MINUTES, monkeypatch, tmp_path)
    csbot(database.url, command, monkeypatch, tmp_path)
    with store.session_factory() as session, session.begin():
        session.info["audit"] = False
        for action in session.scalars(select(Action)):
            action.due_date = None  # as an older csbot left "within 3 months", and "ASAP"
    capsys.readouterr()

    csbot(database.url, command, monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    # Read from the meeting's date, 5 October 2015, as a first import reads it.
    assert _dues(store) == {
        "CPAC400/1": ("within 3 months", date(2016, 1, 31)),
        "CPAC400/2": ("ASAP", None),
    }
    assert (
        "Due dates read from timescales that an earlier import could not read, in 1 action: "
        "CPAC400/1 (within 3 months: 31 Jan 2016)." in said
    )
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 2 unchanged" in capsys.readouterr().out
