"""A meeting's date is a word of its own: a date run on into a longer number (a slip of
the keyboard, ``99999-01-01`` or ``115 Jan 2027``) is no date, so ``/meeting add`` refuses
it, naming the dates it reads, rather than splitting a digit off into the committee's name
and adding a committee "CPAC 9" that meets in the year 9999."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.models import Committee, Meeting
from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-01 10:00")


def _meeting_dates(store: Store) -> list[date]:
    with store.session_factory() as session:
        return sorted(m.meeting_date for m in session.scalars(select(Meeting)))


def _committees(store: Store) -> list[str]:
    with store.session_factory() as session:
        return sorted(session.scalars(select(Committee.name)))


def test_a_date_run_on_into_a_longer_number_is_no_date(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    committees, meetings = _committees(store), _meeting_dates(store)
    for typed in ("CPAC 99999-01-01", "CPAC 12016-02-01 18:30", "CPAC 115 Feb 2016"):
        refused = chat.say(f"/meeting add {typed}")
        assert refused.startswith(f"✖ There is no date in “{typed}”."), refused
        assert refused.endswith("Nothing was changed."), refused
    assert (_committees(store), _meeting_dates(store)) == (committees, meetings)
    # Commands that name a meeting read it the same way.
    found = chat.say("/meeting agenda CPAC 12016-01-05")
    assert "There is no committee called “CPAC 12016-01-05”" in found, found
    # Dates written as words of their own still are (a day with one digit too).
    assert chat.say("/meeting add CPAC 2016-2-1 18:30").startswith("Added CPAC 2016-02-01")
    assert chat.say("/meeting add CPAC 15 Feb 2016 18:30").startswith("Added CPAC 2016-02-15")
