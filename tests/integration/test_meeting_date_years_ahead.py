"""A meeting date more than two years ahead is a year typed wrongly (2062 for 2026): it is
refused wherever a meeting is dated (``/meeting add``, ``/meeting move``, the meetings import,
from chat or the command line), naming the date as written and saying to check the year, as
its summaries would never come. Dates up to two years ahead, and past ones, are accepted."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from commands.meeting_store import (
    MAX_YEARS_AHEAD,
    get_or_create_meeting,
    latest_meeting_day,
    starts_at,
    too_far_ahead_words,
)
from storage.models import AgendaItem, AuditEvent, Committee, Meeting, Person
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat, run_cli
from tests.integration.test_meeting_world import build_world

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
AHEAD_23_MONTHS = date(2028, 11, 7)  # a Tuesday
CPAC = "Corporate Parenting Advisory Committee"


def _counts(store: Store) -> dict[str, int]:
    with store.session_factory() as session:
        return {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Committee, Meeting, AgendaItem, Person, AuditEvent)
        }


def _meeting_dates(store: Store) -> list[date]:
    with store.session_factory() as session:
        return sorted(session.scalars(select(Meeting.meeting_date)))


def test_the_rule() -> None:
    assert MAX_YEARS_AHEAD == 2
    assert latest_meeting_day(date(2026, 12, 7)) == date(2028, 12, 7)
    assert latest_meeting_day(date(2028, 2, 29)) == date(2030, 2, 28)
    assert too_far_ahead_words(date(2028, 12, 7), "7/12/2028", TODAY) is None
    assert too_far_ahead_words(date(1990, 1, 1), "1990-01-01", TODAY) is None  # past: kept
    words = too_far_ahead_words(date(2028, 12, 8), "8/12/2028", TODAY)
    assert words == (
        "the meeting date “8/12/2028” (8 December 2028) is more than 2 years ahead: check the "
        "year (a meeting can be dated up to 7 December 2028)."
    )


@pytest.mark.parametrize("typed", ["30/03/2062", "2062-03-30", "30 Mar 2062", "2206-03-30"])
def test_meeting_add_refuses_a_date_decades_ahead(store: Store, typed: str) -> None:
    build_world(store)
    before = _counts(store)
    reply = make_chat(store, NOW).say(f"/meeting add CPAC {typed} 18:30")
    assert reply.startswith("✖"), reply
    assert f"“{typed}”" in reply and "check the year" in reply, reply
    assert "Nothing was changed." in reply
    assert _counts(store) == before


def test_meeting_add_accepts_a_date_23_months_ahead_and_past_ones(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(f"/meeting add CPAC {AHEAD_23_MONTHS:%d/%m/%Y} 18:30")
    assert reply.startswith("Added CPAC 2028-11-07"), reply
    past = chat.say("/meeting add CPAC 2014-07-07 18:30")
    assert "Added CPAC 2014-07-07" in past, past
    assert {AHEAD_23_MONTHS, date(2014, 7, 7)} <= set(_meeting_dates(store))


def test_meeting_move_refuses_a_date_decades_ahead(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    assert chat.say("/meeting add CPAC 2027-01-12 18:30").startswith("Added")
    before = _counts(store)
    reply = chat.say("/meeting move CPAC 2027-01-12 to 12/01/2062")
    assert reply.startswith("✖"), reply
    assert "“12/01/2062”" in reply and "check the year" in reply, reply
    assert _counts(store) == before
    assert date(2027, 1, 12) in _meeting_dates(store)
    moved = chat.say(f"/meeting move CPAC 2027-01-12 to {AHEAD_23_MONTHS.isoformat()}")
    assert "Moved CPAC 2027-01-12" in moved and "✖" not in moved, moved
    assert AHEAD_23_MONTHS in _meeting_dates(store)


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text("committee,date,time,item,lead\n" + "".join(f"{r}\n" for r in rows))
    return path


def test_an_import_with_a_date_decades_ahead_is_refused_whole(store: Store, tmp_path: Path) -> None:
    first = _file(tmp_path, f"{CPAC},2026-10-05,18:30,Performance,Jon Abbey")
    run_import(store, "local", "meetings", first, today=TODAY)
    before = _counts(store)
    bad = _file(
        tmp_path,
        f"{CPAC},2026-10-05,18:30,Performance,Jon Abbey",
        f"{CPAC},2027-01-05,18:30,Sufficiency,Fiona Smith",
        "Youth Board,2062-01-05,18:30,Annual report,Cath Hogan",
    )
    with pytest.raises(ImportFailed) as refused:
        run_import(store, "local", "meetings", bad, today=TODAY)
    message = str(refused.value)
    assert message.startswith("meetings.csv: row 4, column “date”: "), message
    assert "“2062-01-05”" in message and "check the year" in message, message
    assert refused.value.row == 4
    assert _counts(store) == before  # nothing of the file: not the good rows, not the committee
    assert _meeting_dates(store) == [date(2026, 10, 5)]


def test_an_import_accepts_dates_23_months_ahead_and_past_ones(
    store: Store, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        f"{CPAC},{AHEAD_23_MONTHS:%d/%m/%Y},18:30,Sufficiency,Fiona Smith",
        f"{CPAC},5 Oct 2015,18:30,Performance,Jon Abbey",
    )
    report = run_import(store, "local", "meetings", path, today=TODAY)
    assert report.created == 2
    assert _meeting_dates(store) == [date(2015, 10, 5), AHEAD_23_MONTHS]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_command_line_refuses_it_too(database: Database, tmp_path: Path) -> None:
    """``csbot say`` and ``csbot import meetings`` (on the real clock)."""
    far = date.today().replace(year=date.today().year + 36, day=1)
    near = date.today() + timedelta(days=700)  # 23 months

    def csbot(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(database.url, tmp_path, *args)

    said = csbot("say", f"/meeting add Youth Board {far.isoformat()} 18:30")
    assert said.returncode == 0
    assert f"“{far.isoformat()}”" in said.stdout and "check the year" in said.stdout, said.stdout
    added = csbot("say", f"/meeting add Youth Board {near.isoformat()} 18:30")
    assert added.returncode == 0
    assert "Added YB " in added.stdout
    path = _file(tmp_path, f"Youth Board,{far:%d/%m/%Y},18:30,Annual report,Cath Hogan")
    err = csbot("import", "meetings", str(path))
    assert err.returncode != 0
    shown = err.stdout + err.stderr
    assert "row 2" in shown and f"“{far:%d/%m/%Y}”" in shown and "check the year" in shown, shown
    ok = _file(tmp_path, f"Youth Board,{near:%d/%m/%Y},19:00,Annual report,Cath Hogan")
    assert csbot("import", "meetings", str(ok)).returncode == 0


def test_a_meeting_stored_decades_ahead_before_can_be_moved_back(store: Store) -> None:
    """One typed wrongly before the rule (stored in 2062) is named and moved as it is."""
    world = build_world(store)
    with store.unit_of_work("local", actor="test", now=NOW) as uow:
        committee = uow.session.get(Committee, world.committee_id)
        assert committee is not None
        on = date(2062, 3, 30)
        get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, "Europe/London"))
        uow.commit()
    moved = make_chat(store, NOW).say("/meeting move CPAC 2062-03-30 to 2027-03-30")
    assert "Moved CPAC 2062-03-30" in moved and "✖" not in moved, moved
    assert date(2027, 3, 30) in _meeting_dates(store)
    assert date(2062, 3, 30) not in _meeting_dates(store)
