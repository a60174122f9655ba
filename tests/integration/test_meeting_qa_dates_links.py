"""QA fixes to the /meeting commands: a meeting added on a past day, cancelled or moved
when it was never held; ``publication <date>`` and words not understood after a report date;
minutes headed with another meeting's date; days that do not exist; ``at`` before a time;
``unlink``; and re-adding a meeting unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from commands.importers import ImportFailed
from commands.importers.minutes import import_minutes
from storage.models import AgendaItem, AuditEvent, Meeting, MeetingLink
from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import (
    MINUTES,
    add_kpi,
    at,
    build_world,
    import_fixture_minutes,
)

NOW = at("2015-12-01 10:00")


def _meeting_dates(store: Store) -> list[date]:
    with store.session_factory() as session:
        return sorted(m.meeting_date for m in session.scalars(select(Meeting)))


def _item(store: Store, title: str) -> AgendaItem:
    with store.session_factory() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.title == title)).one()
        session.expunge(item)
        return item


# 1. A meeting added on a day already past.


def test_adding_a_past_meeting_says_so_and_it_can_be_cancelled_or_moved(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    added = chat.say("/meeting add CPAC 2015-11-01 18:30")
    assert added.startswith("Added CPAC 2015-11-01")
    assert "Sun 1 Nov 2015 is already past, so CPAC 2015-11-01 counts as held" in added
    assert "`/meeting cancel CPAC 2015-11-01`" in added
    chat.say("/meeting item add CPAC 2015-11-01 Typo item lead Jon Abbey")
    cancelled = chat.say("/meeting cancel CPAC 2015-11-01")
    assert cancelled.startswith("✔ Cancelled CPAC 2015-11-01")
    assert "It was on a day already past (Sun 1 Nov 2015)" in cancelled
    assert "Removed its 1 agenda item: 1. Typo item." in cancelled
    assert date(2015, 11, 1) not in _meeting_dates(store)
    chat.say("/meeting add CPAC 2015-11-02 18:30")
    moved = chat.say("/meeting move CPAC 2015-11-02 to 2016-02-01")
    assert moved.startswith("Moved CPAC 2015-11-02 to Mon 1 Feb 2016 at 18:30 (CPAC 2016-02-01).")
    assert date(2016, 2, 1) in _meeting_dates(store)
    assert date(2015, 11, 2) not in _meeting_dates(store)


def test_a_past_meeting_with_minutes_is_still_refused(store: Store) -> None:
    build_world(store)
    import_fixture_minutes(store, NOW)
    reply = make_chat(store, NOW).say("/meeting cancel CPAC 2015-10-05")
    assert "has minutes" in reply and "Nothing was changed" in reply


# 2. publication <date>, and words after the report date.


def test_item_add_reads_a_publication_date_and_refuses_other_words(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(
        "/meeting item add CPAC 2016-01-05 Fostering lead Jon Abbey report due 17/12/2015 "
        "publication 23/12/2015"
    )
    assert reply.startswith("Added item 4 of CPAC 2016-01-05.")
    item = _item(store, "Fostering")
    assert (item.report_due, item.publication_date) == (date(2015, 12, 17), date(2015, 12, 23))
    moved = chat.say("/meeting item add CPAC 2016-01-05 Fostering publication 24/12/2015")
    assert "Publication date moved from 23 Dec 2015 to 24 Dec 2015" in moved
    assert _item(store, "Fostering").publication_date == date(2015, 12, 24)
    extra = chat.say("/meeting item add CPAC 2016-01-05 Performance report due 16/12/2015 please")
    assert "I didn't understand “please” after the report due date “16/12/2015”" in extra
    assert _item(store, "Performance").report_due == date(2015, 12, 17)
    late = chat.say("/meeting item add CPAC 2016-01-05 Performance publication 6/1/2016")
    assert "is after the meeting CPAC 2016-01-05" in late
    # A title that starts with "Publication" stays a title.
    titled = chat.say("/meeting item add CPAC 2016-01-05 Publication scheme lead Jon Abbey")
    assert titled.startswith("Added item 5 of CPAC 2016-01-05.")


# 3. Minutes headed with another meeting's date.


def test_minutes_headed_with_another_date_are_refused_for_a_dated_meeting(store: Store) -> None:
    build_world(store)
    with (
        store.unit_of_work("local", actor="test", now=NOW) as uow,
        pytest.raises(ImportFailed) as exc,
    ):
        import_minutes(uow, MINUTES, meeting="CPAC 2016-01-05", today=date(2016, 2, 1))
    assert str(exc.value) == (
        "The minutes are headed 5 October 2015, but the meeting named is CPAC 2016-01-05 "
        '(5 January 2016): if they are its minutes, name that meeting: --meeting "CPAC '
        '2015-10-05".'
    )


# 4. Days that do not exist.


def test_impossible_days_say_what_is_wrong(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    added = chat.say("/meeting add CPAC 31/09/2016 18:30")
    assert added.startswith("✖ “31/09/2016” is not a day: September has 30 days.")
    leap = chat.say("/meeting add CPAC 2017-02-29 18:30")
    assert leap.startswith("✖ “2017-02-29” is not a day: February 2017 has 28 days.")
    due = chat.say("/meeting item add CPAC 2016-01-05 Performance report due 31/09/2015")
    assert "“31/09/2015” is not a day: September has 30 days" in due
    cancel = chat.say("/meeting cancel CPAC 31/09/2016")
    assert "“31/09/2016” is not a day: September has 30 days" in cancel
    move = chat.say("/meeting move CPAC 2016-01-05 to 30/02/2016")
    assert "“30/02/2016” is not a day: February 2016 has 29 days" in move
    assert "/meeting move CPAC" in move
    assert len(_meeting_dates(store)) == 3


# 5. Wording.


def test_at_before_a_time_and_each_command_its_own_usage(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    added = chat.say("/meeting add CPAC next tuesday at 17:30")
    assert added.startswith("Added CPAC 2015-12-08")
    move = chat.say("/meeting move CPAC 2016-01-05 to 2016-01-13 please")
    assert "I didn't understand “please”" in move
    assert "/meeting move CPAC 2027-01-20 to 2027-01-27 18:30" in move
    assert "/meeting add" not in move
    yearless = chat.say("/meeting cancel CPAC 12/01")
    assert yearless == "✖ “12/01” needs a year: 12/01/2016 or 12 Jan 2016. Nothing was changed."
    report = chat.say("/meeting report in")
    assert report.startswith("✖ `report in` needs the agenda item's number:")
    assert "`/meeting report in <number> [<meeting...>]`" in report


# 6. unlink.


def test_unlink_removes_a_plan_or_indicator_linked_by_mistake(store: Store) -> None:
    world = build_world(store)
    with seeded(store) as uow:
        make_plan(uow, "Leeds Improvement Plan")
    add_kpi(store, "pep", "PEPs", [("2015-10", date(2015, 10, 31), 90.0)], target=95.0)
    chat = make_chat(store, NOW)
    chat.say("/meeting link CPAC plan leeds-improvement-plan")
    chat.say("/meeting link CPAC kpi pep")
    refused = chat.say("/meeting unlink CPAC plan leeds-improvement-plan", as_="Fiona Smith")
    assert "Only an administrator or the Committee Clerk" in refused
    plan = chat.say("/meeting unlink CPAC plan leeds-improvement-plan")
    assert plan == (
        "✔ Corporate Parenting Advisory Committee no longer follows the plan Leeds "
        "Improvement Plan."
    )
    kpi = chat.say("/meeting unlink CPAC kpi pep")
    assert kpi == "✔ Corporate Parenting Advisory Committee no longer follows the indicator pep."
    again = chat.say("/meeting unlink CPAC kpi pep")
    assert "does not follow the indicator pep" in again and "Nothing was changed" in again
    with store.session_factory() as session:
        links = session.scalars(
            select(MeetingLink).where(MeetingLink.committee_id == world.committee_id)
        ).all()
        deleted = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "meeting_link", AuditEvent.change == "delete"
            )
        ).all()
    assert links == [] and len(deleted) == 2
    assert "/meeting unlink <target...> plan <plan...>" in chat.say("/meeting help")


# 7. Re-adding a meeting unchanged.


def test_re_adding_the_same_meeting_changes_nothing_and_says_so(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    assert chat.say("/meeting add CPAC 2016-02-10 18:30").startswith("Added CPAC 2016-02-10")
    again = chat.say("/meeting add CPAC 2016-02-10 18:30")
    assert again.startswith(
        "CPAC 2016-02-10 is already there (Wed 10 Feb 2016, 18:30). Nothing was changed."
    )
    assert chat.say("/meeting add CPAC 2016-02-10 19:00").startswith("Updated CPAC 2016-02-10")


def test_minutes_that_name_a_publication_date_above_the_meetings_are_its_minutes(
    store: Store,
) -> None:
    build_world(store)
    text = (
        "MINUTES OF THE CORPORATE PARENTING ADVISORY COMMITTEE\n"
        "Agenda published 28 September 2015\n"
        "Meeting held on Monday 5 October 2015\n\n"
        "CPAC401. MINUTES\nThe committee asked for a report on moves.\nAction: Fiona Smith\n"
    )
    with store.unit_of_work("local", actor="test", now=NOW) as uow:
        report = import_minutes(uow, text, meeting="CPAC 2015-10-05", today=date(2016, 2, 1))
    assert report.created == 1


def test_item_add_publication_dates_are_read_or_refused_never_dropped(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    label = "CPAC 2016-01-05"
    bad = chat.say(f"/meeting item add {label} ThingG lead Fiona Smith publication banana")
    assert bad.startswith("✖ I couldn't read “banana” as a date (publication)"), bad
    impossible = chat.say(
        f"/meeting item add {label} ThingI lead Fiona Smith publication 30/02/2016"
    )
    assert "February 2016 has 29 days" in impossible, impossible
    early = chat.say(f"/meeting item add {label} ThingJ publication 31/12/2015 lead Fiona Smith")
    assert early.startswith("✖ `publication <date>` goes last"), early
    with store.session_factory() as session:
        titles = set(session.scalars(select(AgendaItem.title)))
    assert not {"ThingG", "ThingI", "ThingJ", "ThingJ publication 31/12/2015"} & titles


def test_a_report_deadline_moved_past_the_publication_date_is_refused(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    label = "CPAC 2016-01-05"
    added = chat.say(
        f"/meeting item add {label} Budget lead Fiona Smith report due 18/12/2015 "
        "publication 24/12/2015"
    )
    assert "Added item" in added, added
    moved = chat.say(f"/meeting item add {label} Budget report due 28/12/2015")
    assert "is before the report deadline 28 Dec 2015" in moved, moved
    assert _item(store, "Budget").report_due == date(2015, 12, 18)
