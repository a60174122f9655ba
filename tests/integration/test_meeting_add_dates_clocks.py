"""/meeting add reads dates as the meetings importer does (30/03/2027), refuses a time the
clocks skip, names which of two times it took, and says when the day is not a working day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from commands.importers import run_import
from storage.models import Meeting
from storage.unit_of_work import Store
from tests.helpers import make_chat

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def _starts(store: Store) -> dict[date, datetime]:
    with store.session_factory() as s:
        return {m.meeting_date: m.starts_at for m in s.scalars(select(Meeting))}


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("30/03/2027", date(2027, 3, 30)),
        ("30/03/27", date(2027, 3, 30)),
        ("March 30, 2027", date(2027, 3, 30)),
        ("30-Mar-27", date(2027, 3, 30)),
    ],
)
def test_meeting_add_reads_day_first_dates(store: Store, typed: str, day: date) -> None:
    chat = make_chat(store, NOW)
    reply = chat.say(f"/meeting add CPAC {typed} 10:00 #cpac")
    assert reply.startswith("Added CPAC 2027-03-30 (CPAC)."), reply
    assert "Tue 30 Mar 2027, 10:00" in reply
    assert _starts(store) == {day: datetime(2027, 3, 30, 9, 0, tzinfo=UTC)}


def test_no_date_lists_the_forms_it_reads(store: Store) -> None:
    reply = make_chat(store, NOW).say("/meeting add CPAC 32/03/2027 10:00")
    assert reply.startswith("✖ “32/03/2027” is not a day: March has 31 days.")
    assert "/meeting add CPAC next Tuesday 18:30" in reply
    assert _starts(store) == {}


def test_a_time_the_clocks_skip_is_refused(store: Store) -> None:
    reply = make_chat(store, NOW).say("/meeting add CPAC 2027-03-28 01:30 #cpac")
    assert "01:30 does not exist on Sun 28 Mar 2027 in Europe/London" in reply
    assert _starts(store) == {}


def test_a_time_the_clocks_pass_twice_is_the_first_and_shown_as_stored(store: Store) -> None:
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting add CPAC 2027-10-31 01:30 #cpac")
    assert "01:30 happens twice on Sun 31 Oct 2027 (the clocks go back): it is the first" in reply
    assert "01:30 BST" in reply and "Sun 31 Oct 2027, 01:30 · #cpac" in reply
    assert "Note: Sun 31 Oct 2027 is a Sunday." in reply
    assert _starts(store) == {date(2027, 10, 31): datetime(2027, 10, 31, 0, 30, tzinfo=UTC)}
    assert "Sun 31 Oct 2027, 01:30" in chat.say("/meeting next CPAC 2027-10-31")


def test_a_meeting_on_a_bank_holiday_is_added_with_a_note(store: Store) -> None:
    reply = make_chat(store, NOW).say("/meeting add CPAC 25/12/2026 10:00 #cpac")
    assert reply.startswith("Added CPAC 2026-12-25")
    assert "Note: Fri 25 Dec 2026 is a bank holiday." in reply
    assert "Fri 25 Dec 2026, 10:00" in reply


def test_a_working_day_meeting_has_no_note(store: Store) -> None:
    reply = make_chat(store, NOW).say("/meeting add CPAC 2027-01-05 10:00 #cpac")
    assert "Note:" not in reply


def test_meetings_import_reads_month_first_and_excel_dates(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    path.write_text(
        "committee,date,time,item\n"
        'Fostering Panel,"January 19, 2027",18:30,Item D\n'
        "Fostering Panel,12-Jan-27,18:30,Item C\n",
        encoding="utf-8",
    )
    run_import(store, "local", "meetings", path)
    assert set(_starts(store)) == {date(2027, 1, 19), date(2027, 1, 12)}


def test_actions_import_reads_month_first_long_dates(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        'Ref,Action,Lead,Timescale,Status\n1.1,Recruit IROs,Fiona Smith,"January 15, 2027",Red\n',
        encoding="utf-8",
    )
    run_import(store, "local", "actions", path, today=date(2026, 12, 5))
    with store.unit_of_work("local") as uow:
        assert uow.repos.actions.by_ref("1.1")[0].due_date == date(2027, 1, 15)
