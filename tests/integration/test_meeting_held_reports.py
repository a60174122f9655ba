"""A meeting already held: its reports never marked in read as not received, not as late.

Before the meeting a report past its deadline is late (an alarm: chase it); once the meeting
has started it can no longer be sent in time, and "⚠ report late" computed from today's date
would alarm whoever prepares the next meeting about a report nobody can chase any more.
"""

from __future__ import annotations

import json
from datetime import date

from bot.slack.render import render as slack_render
from bot.teams.cards import card_json
from bot.teams.render import render as teams_render
from commands.meeting_store import add_agenda_item
from commands.summary import compose_summary
from storage.models import Meeting
from storage.unit_of_work import Store
from tests.factories import seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world


def _january_with_one_report_in(store: Store, january_id: int) -> None:
    """Performance's report came in; Mystery Shopping's (due 17 Dec) never did."""
    with seeded(store) as uow:
        for item in uow.repos.meetings.agenda(january_id):
            if item.title == "Performance":
                item.report_received_at = at("2015-12-16 12:00")


def test_prep_of_a_meeting_held_lists_reports_not_received_without_alarms(store: Store) -> None:
    world = build_world(store)
    _january_with_one_report_in(store, world.january_id)
    chat = make_chat(store, at("2016-01-20 09:00"))
    reply = chat.say("/meeting prep CPAC 2016-01-05")
    assert reply.splitlines()[0] == "Summary of CPAC 2016-01-05, held 15 days ago"
    assert "Agenda (3 items, 1 report in, 1 not received)" in reply
    assert (
        "2. Mystery Shopping — Dominic Porter-Moore · report due 17 Dec 2015: report not received"
    ) in reply
    assert "late" not in reply.split("Actions arising")[0]
    assert "⚠" not in reply.split("Actions arising")[0]
    # The same meeting's summary before it started still chases the late report.
    before = make_chat(store, at("2015-12-29 09:00")).say("/meeting prep CPAC 2016-01-05")
    assert before.splitlines()[0] == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    assert "Agenda (3 items, 1 report in, 1 late)" in before
    assert "report due 17 Dec 2015: ⚠ report late" in before


def test_agenda_of_a_meeting_held_says_not_received(store: Store) -> None:
    world = build_world(store)
    _january_with_one_report_in(store, world.january_id)
    held = make_chat(store, at("2016-01-06 09:00")).say("/meeting agenda CPAC 2016-01-05")
    assert "report due 17 Dec 2015: report not received" in held
    assert "✔ report in" in held and "late" not in held
    # Once the meeting has started (18:30 that day) it is held, not before.
    afternoon = make_chat(store, at("2016-01-05 17:00")).say("/meeting agenda CPAC 2016-01-05")
    assert "report due 17 Dec 2015: ⚠ report late" in afternoon
    evening = make_chat(store, at("2016-01-05 18:45")).say("/meeting prep CPAC 2016-01-05")
    assert evening.splitlines()[0] == "Summary of CPAC 2016-01-05, held today"


def test_a_long_held_agenda_shows_reports_not_received_first(store: Store) -> None:
    world = build_world(store)
    with seeded(store) as uow:
        meeting = uow.session.get(Meeting, world.january_id)
        assert meeting is not None
        for n in range(12):
            add_agenda_item(uow.repos, meeting, f"Briefing {n + 1}", "Jon Abbey", None)
        add_agenda_item(uow.repos, meeting, "Sufficiency", "Jon Abbey", date(2015, 12, 10))
    chat = make_chat(store, at("2016-01-07 09:00"))
    reply = chat.say("/meeting prep CPAC 2016-01-05")
    assert (
        "Agenda (16 items, 0 reports in, 3 not received; 10 shown in agenda order, reports "
        "not received chosen first)"
    ) in reply
    assert "16. Sufficiency — Jon Abbey · report due 10 Dec 2015: report not received" in reply


def test_slack_and_teams_show_a_held_meetings_reports_as_not_received(store: Store) -> None:
    world = build_world(store)
    now = at("2016-01-20 09:00")
    with store.unit_of_work("local", now=now) as uow:
        meeting = uow.repos.meetings.meeting_by_id(world.january_id)
        assert meeting is not None
        view = compose_summary(uow.repos, meeting, now=now, today=now.date(), tz="Europe/London")
    slack = json.dumps(slack_render(view).all_blocks(), ensure_ascii=False)
    teams = json.dumps(card_json(teams_render(view)), ensure_ascii=False)
    for text in (slack, teams):
        assert "report not received" in text and "report late" not in text
        assert "Summary of CPAC 2016-01-05, held 15 days ago" in text
    assert [a.report for a in view.agenda] == ["not_received", "not_received", "none"]


def test_report_awaited_at_a_meeting_held_says_not_received(store: Store) -> None:
    world = build_world(store)
    _january_with_one_report_in(store, world.january_id)
    reply = make_chat(store, at("2016-01-20 09:00")).say(
        "/meeting report awaited 1 CPAC 2016-01-05"
    )
    assert reply.startswith("Report for item 1 (Performance) is marked not received.")
    assert "1. Performance — Margaret Gallagher · report due 17 Dec 2015: report not received" in (
        reply
    )
