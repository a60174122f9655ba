"""Chat answers a QA pass found wrong, through the console's core (both backends): a `done`
whose note gives another status, a due date of a finished action, a meeting moved to before
its papers' publication, indicators linked by the names `/kpi` finds, the actions arising of
a meeting still to come, and the year a bare quarter needs."""

from __future__ import annotations

from datetime import date

from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import add_monthly_indicator, make_person, make_plan, seeded
from tests.helpers import Chat, make_chat


def _world(store: Store) -> Chat:
    with seeded(store) as uow:
        make_person(uow, "Fiona Smith")
        make_plan(uow, "Care Plan", [{"ref": "4.3", "title": "Audit", "lead": "Fiona Smith"}])
        add_monthly_indicator(
            uow,
            "lac-rate",
            "Looked after children rate per 10,000",
            [("Oct 2015", date(2015, 10, 31), 61.0)],
            target=60.0,
            polarity="lower",
            unit="rate per 10,000",
        )
    return make_chat(store, FROZEN_NOW)


def _status(chat: Chat) -> str:
    shown = chat.say("/actions show 4.3")
    return next(line for line in shown.splitlines() if "Status" in line)


def test_done_with_a_note_giving_another_status_is_refused(store: Store) -> None:
    chat = _world(store)
    said = chat.say("/actions done 4.3 but slipping #off-track", as_="Fiona Smith")
    assert "`done` marks 4.3 Achieved, but the note gives #off-track" in said
    assert "Nothing was changed" in said and "Not started" in _status(chat)
    done = chat.say("/actions done 4.3 signed off #done", as_="Fiona Smith")
    assert "Achieved" in done and "#done" not in done


def test_a_finished_actions_past_due_date_is_not_called_overdue(store: Store) -> None:
    chat = _world(store)
    chat.say("/actions done 4.3", as_="Fiona Smith")
    said = chat.say("/actions due 4.3 1/11/2015", as_="Fiona Smith")
    assert "4.3 is now due" in said and "overdue" not in said
    chat.say("/actions update 4.3 reopened #on-track", as_="Fiona Smith")
    again = chat.say("/actions due 4.3 2/11/2015", as_="Fiona Smith")
    assert "already past, so the action is overdue" in again


def test_a_meeting_is_not_moved_to_before_its_papers_are_published(store: Store) -> None:
    chat = _world(store)
    chat.say("/meeting add CPAC 2016-04-20 18:30")
    item = "/meeting item add CPAC 2016-04-20 Finance lead Fiona Smith report due 1/4/2016"
    chat.say(f"{item} publication 10/4/2016")
    said = chat.say("/meeting move CPAC 2016-04-20 to 2016-04-08")
    assert "would be published after the meeting on Fri 8 Apr 2016" in said
    assert "item 1 (Finance), published 10 Apr 2016" in said and "Nothing was changed" in said
    assert "CPAC 2016-04-20" in chat.say("/meeting list CPAC")


def test_meeting_links_find_indicators_as_kpi_does(store: Store) -> None:
    chat = _world(store)
    chat.say("/meeting add CPAC 2016-04-20 18:30")
    assert "lac-rate" in chat.say("/kpi LAC")  # its initials, as /kpi reads them
    assert "now follows the indicator lac-rate" in chat.say("/meeting link CPAC kpi LAC")
    unlinked = chat.say("/meeting unlink CPAC kpi looked after children rate")
    assert "✖" not in unlinked and "lac-rate" in unlinked


def test_a_meeting_still_to_come_has_no_minutes_to_import_yet(store: Store) -> None:
    chat = _world(store)
    chat.say("/meeting add CPAC 2016-04-20 18:30")
    said = chat.say("/meeting actions CPAC 2016-04-20")
    assert "has not been held yet" in said and "/meeting minutes" not in said


def test_a_bare_quarter_is_asked_for_with_the_financial_years_form(store: Store) -> None:
    chat = _world(store)
    said = chat.say("/kpi lac-rate set 58 for Q2")
    assert "needs a year" in said and "/" in said.split("needs a year", 1)[1].split("”")[0]
    assert "calendar year" in said


def test_a_ref_in_several_plans_is_offered_back_as_the_command_typed(store: Store) -> None:
    chat = _world(store)
    with seeded(store) as uow:
        make_plan(uow, "Leeds Plan", [{"ref": "4.3", "title": "Recruit", "lead": "Fiona Smith"}])
    said = chat.say("/actions update 4.3 audit started", as_="Fiona Smith")
    assert "4.3 is in several plans" in said and "plan <name>" not in said
    assert "/actions update care-plan:4.3 audit started" in said
    assert "/actions update leeds-plan:4.3 audit started" in said
    shown = chat.say("/actions show 4.3")
    assert "/actions show care-plan:4.3" in shown and "/actions show leeds-plan:4.3" in shown


def test_new_without_a_name_asks_for_the_name(store: Store) -> None:
    chat = _world(store)
    said = chat.say("/actions assign 4.3 new", as_="Fiona Smith")
    assert "Write the new person's name after `new`" in said and "New New" not in said


def test_the_same_timescale_in_another_case_is_no_change(store: Store) -> None:
    chat = _world(store)
    chat.say("/actions due 4.3 TBC", as_="Fiona Smith")
    said = chat.say("/actions due 4.3 tbc", as_="Fiona Smith")
    assert "Nothing changed" in said


def test_an_early_meeting_is_told_it_gets_no_same_day_summary(store: Store) -> None:
    chat = _world(store)
    chat.say("/meeting add CPAC 2016-04-20 18:30 #cpac")
    chat.say("/meeting summaries CPAC days 7 1 0")
    early = chat.say("/meeting add CPAC 2016-05-19 07:30 #cpac-early")
    assert "starts at 07:30, before csbot posts anything that day (08:00)" in early
    late = chat.say("/meeting add CPAC 2016-06-19 10:00")
    assert "before csbot posts anything" not in late


def test_a_due_date_typed_before_the_ref_is_put_in_order(store: Store) -> None:
    chat = _world(store)
    said = chat.say("/actions due end of March 4.3", as_="Fiona Smith")
    # Not "(like `/actions due 4.3 end of March`)" again after the same command.
    assert "The ref goes first: `/actions due 4.3 end of March`. Nothing was changed." in said
    said = chat.say("/actions due next Friday 4.3", as_="Fiona Smith")
    assert "`/actions due 4.3 next Friday` (like `/actions due 4.3 end of March`)" in said
    # A date shaped like a ref ("31/3", as "CPAC343/1" is) was "There is no action 31/3".
    said = chat.say("/actions due 31/3 4.3", as_="Fiona Smith")
    assert "The ref goes first: `/actions due 4.3 31/3`" in said
    assert "There is no action 9.9" in chat.say("/actions due 9.9 next Friday", as_="Fiona Smith")


def test_a_due_date_ending_in_a_year_or_a_plan_ref_is_no_wrong_order(store: Store) -> None:
    chat = _world(store)
    said = chat.say("/actions due care-plan:4.3 1 Jan 2016", as_="Fiona Smith")
    assert "is now due" in said
    assert "ref goes first" not in chat.say("/actions due March 2016", as_="Fiona Smith")
