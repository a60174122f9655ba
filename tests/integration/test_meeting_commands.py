"""/meeting commands through the core: calendar, agenda, links, settings and clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.unit_of_work import Store
from tests.factories import make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import add_kpi, at, build_world

NOW = datetime(2015, 12, 2, 10, 0, tzinfo=UTC)


def test_add_meeting_creates_committee_with_initials_and_channel(store: Store) -> None:
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting add Corporate Parenting Advisory Committee 2016-01-05 6.30pm #cpac")
    assert reply.splitlines()[0] == (
        "Added CPAC 2016-01-05 (Corporate Parenting Advisory Committee). New committee "
        "“Corporate Parenting Advisory Committee” (CPAC). Summaries go to #cpac 7 and 1 days "
        "before."
    )
    assert "Tue 5 Jan 2016, 18:30 · #cpac" in reply
    # The committee is then known by its initials, case-insensitively, and by its name.
    again = chat.say("/meeting add cpac 4 April 2016 18:30")
    assert again.startswith("Added CPAC 2016-04-04 (Corporate Parenting Advisory Committee).")
    assert "Mon 4 Apr 2016, 18:30" in again  # British Summer Time, shown as wall time
    assert chat.say(
        "/meeting add corporate parenting advisory committee 2016-04-04 19:00"
    ).startswith("Updated CPAC 2016-04-04")


def test_add_meeting_in_a_channel_uses_that_channel(store: Store) -> None:
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting add Scrutiny Panel 2016-02-01 10:00", channel="scrutiny")
    assert "Summaries go to #scrutiny" in reply
    assert "SP 2016-02-01" in reply


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/meeting add CPAC", "Tell me the committee, the date and the time"),
        ("/meeting add CPAC 2016-13-45 18:30", "not a date I can read"),
        ("/meeting next", "There are no upcoming meetings. Add one with `/meeting add"),
        ("/meeting agenda Cabinet 2016-01-05", "There are no committees yet"),
    ],
)
def test_bad_meeting_commands_get_clear_messages(store: Store, text: str, message: str) -> None:
    reply = make_chat(store, NOW).say(text)
    assert reply.startswith("✖") and message in reply


def test_agenda_items_with_leads_and_report_deadlines(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(
        "/meeting item add CPAC 2016-01-05 Disabled LAC – Transportation issues "
        "lead new Vicki Monk-Meyer report due 17 Dec 2015"
    )
    assert reply.startswith("Added item 4 of CPAC 2016-01-05.")
    assert (
        "4. Disabled LAC – Transportation issues — Vicki Monk-Meyer · report due 17 Dec 2015: "
        "report awaited" in reply
    )
    # The same title again updates the item instead of adding another.
    updated = chat.say(
        "/meeting item add CPAC 2016-01-05 Disabled LAC – transportation issues lead AD"
    )
    assert updated.startswith("Updated item 4 of CPAC 2016-01-05.")
    assert "4. Disabled LAC – Transportation issues — AD" in updated
    assert "report in" in chat.say("/meeting report in 4 CPAC 2016-01-05")
    assert "✔ report in" in chat.say("/meeting agenda CPAC 2016-01-05")
    assert "report awaited" in chat.say("/meeting report awaited 4 CPAC 2016-01-05")
    missing = chat.say("/meeting report in 9 CPAC 2016-01-05")
    assert missing == (
        "✖ CPAC 2016-01-05 has no agenda item 9. Items: 1, 2, 3, 4. Nothing was changed."
    )
    no_meeting = chat.say("/meeting item add Performance lead Jon Abbey")
    assert "Name the meeting before the title" in no_meeting
    bad_due = chat.say(
        "/meeting item add CPAC 2016-01-05 Finance lead Jon Abbey report due soonish"
    )
    assert "couldn't read “soonish” as a date" in bad_due


def test_next_meeting_lists_the_ones_after_it(store: Store) -> None:
    build_world(store)
    reply = make_chat(store, NOW).say("/meeting next CPAC")
    lines = reply.splitlines()
    assert lines[0] == "CPAC 2016-01-05 — Corporate Parenting Advisory Committee"
    assert "  1. Performance — Margaret Gallagher · report due 17 Dec 2015: report awaited" in lines
    assert lines[-1] == "Later: CPAC 2016-04-04 (Mon 4 Apr 2016, 18:30)"
    # After the January meeting, the next one is April's.
    assert (
        make_chat(store, at("2016-01-06 10:00")).say("/meeting next").startswith("CPAC 2016-04-04")
    )


def test_meeting_by_id_and_unknown_dates(store: Store) -> None:
    world = build_world(store)
    chat = make_chat(store, NOW)
    assert chat.say(f"/meeting agenda {world.april_id}").startswith("CPAC 2016-04-04")
    assert chat.say(f"/meeting agenda #{world.january_id}").startswith("CPAC 2016-01-05")
    assert chat.say("/meeting agenda 99999") == "✖ There is no meeting with id 99999."
    reply = chat.say("/meeting agenda CPAC 2016-01-06")
    assert reply == (
        "✖ Corporate Parenting Advisory Committee has no meeting on 6 Jan 2016. "
        "Meetings: 2015-10-05, 2016-01-05, 2016-04-04."
    )


def test_link_plans_and_kpis_to_a_committee(store: Store) -> None:
    world = build_world(store)
    with seeded(store) as uow:
        make_plan(uow, "Corporate Parenting Strategy", rows=[])
    add_kpi(store, "pep", "Up to date PEPs", [], target=80)
    chat = make_chat(store, NOW)
    assert chat.say("/meeting link CPAC plan corporate parenting") == (
        "✔ Corporate Parenting Advisory Committee now follows the plan "
        "Corporate Parenting Strategy."
    )
    assert "already follows" in chat.say("/meeting link CPAC 2016-01-05 plan corporate parenting")
    assert chat.say("/meeting link CPAC kpi PEP") == (
        "✔ Corporate Parenting Advisory Committee now follows the indicator pep."
    )
    agenda = chat.say("/meeting agenda")
    assert (
        "Follows: plan Corporate Parenting Strategy (corporate-parenting-strategy), kpi pep"
        in agenda
    )
    assert "I don't know an indicator called “nope”. Nearest: pep" in chat.say(
        "/meeting link CPAC kpi nope"
    )
    assert world.committee_id


def test_summary_days_and_channel_settings(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    assert chat.say("/meeting summaries CPAC days 10, 3 and 1") == (
        "✔ Corporate Parenting Advisory Committee's summaries go out 10, 3 and 1 days before."
    )
    assert "from 0 to 60" in chat.say("/meeting summaries CPAC days 99")
    assert "No more scheduled summaries" in chat.say("/meeting summaries CPAC off")
    assert chat.say("/meeting channel CPAC #corporate-parenting") == (
        "✔ Corporate Parenting Advisory Committee's summaries now go to #corporate-parenting."
    )
    assert "is not a channel" in chat.say("/meeting channel CPAC corporate")


def test_more_names_the_sections_it_knows(store: Store) -> None:
    build_world(store)
    reply = make_chat(store, NOW).say("/meeting more everything CPAC 2016-01-05")
    assert (
        reply
        == "✖ There is no summary section “everything”. Sections: arising, plans, stale, kpis."
    )


def test_meeting_help_lists_every_command(store: Store) -> None:
    reply = make_chat(store, NOW).say("/meeting help")
    for usage in (
        "/meeting next",
        "/meeting prep",
        "/meeting item add",
        "/meeting link",
        "/meeting actions",
    ):
        assert usage in reply


def test_add_without_a_channel_names_the_command_to_type(store: Store) -> None:
    """It said `/meeting channel <committee> #channel`, leaving the clerk to work out what
    the committee is called in commands; it names it as the import's report does."""
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting add Adoption Panel Board 2016-02-01 10:00")
    assert "No channel yet: add one with /meeting channel APB #channel." in reply
    short = chat.say("/meeting add Scrutiny 2016-02-01 10:00")
    assert "No channel yet: add one with /meeting channel Scrutiny #channel." in short
    assert chat.say("/meeting channel APB #adoption").startswith("✔")


def test_report_in_or_awaited_twice_says_nothing_changed(store: Store) -> None:
    """A second `report in` said "is in." as if it had just been marked, and `report awaited`
    of a report never marked in said "is awaited."; both now say nothing changed."""
    build_world(store)
    chat = make_chat(store, at("2015-12-15 10:00"))
    assert chat.say("/meeting report in 1 CPAC 2016-01-05").startswith(
        "Report for item 1 (Performance) is in."
    )
    later = make_chat(store, at("2015-12-16 10:00"))
    assert later.say("/meeting report in 1 CPAC 2016-01-05").startswith(
        "Report for item 1 (Performance) was already in (since 15 Dec 2015). Nothing was changed."
    )
    assert later.say("/meeting report awaited 2 CPAC 2016-01-05").startswith(
        "Report for item 2 (Mystery Shopping) was not marked in. Nothing was changed."
    )
    assert later.say("/meeting report awaited 1 CPAC 2016-01-05").startswith(
        "Report for item 1 (Performance) is awaited."
    )
