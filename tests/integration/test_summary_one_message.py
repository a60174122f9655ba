"""A pre-meeting summary is always one message, on Slack (one page: the channel it is posted
to would see only the first) and on Teams (one card, every item the core chose on it), however
long its lists and titles: its lists share one budget, decided in the core, so that every
platform shows the same items. Each list keeps its own order (overdue first) and names the
command listing all of it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.slack.pages import page_blocks, to_message
from bot.slack.render import render as slack_render
from bot.teams.cards import MAX_CARD_BYTES, card_bytes, card_json
from bot.teams.render import RenderOptions, build
from bot.teams.render import render as teams_render
from commands import summary
from commands.meeting_store import add_agenda_item
from commands.summary import (
    MAX_ACTIONS_PER_SECTION,
    MAX_KPIS,
    SUMMARY_ENTRIES,
    SUMMARY_TITLE,
    compose_summary,
    section_actions,
    share_room,
)
from commands.views import ActionSection, MeetingSummary
from storage.models import MeetingLink
from storage.unit_of_work import Store
from tests.factories import add_action, add_update, make_plan, seeded
from tests.helpers import make_chat
from tests.integration.test_meeting_world import add_kpi, at, build_world
from tests.slack.blockkit import validate_message
from tests.teams.cardcheck import assert_valid_card

SUMMARY_AT = at("2015-12-29 09:00")
PREP = "/meeting prep CPAC 2016-01-05"
LONG_AGO = datetime(2015, 6, 1, 9, 0, tzinfo=UTC)
# 600 characters, with what Slack escapes (&) and what UTF-8 takes two bytes for (é).
WORDS = "Review & refresh the placement sufficiency strategy for looked after children (café) "
# What Slack and JSON escape to several characters each.
SYMBOLS = '&<>"'


def long_title(n: int) -> str:
    """A 600-character title starting with its number (so that a clipped one still says
    which it is)."""
    return (f"{n:02d} " + WORDS * 8)[:600]


def _world(
    store: Store,
    *,
    texts: str = "long",
    counts: tuple[int, int, int] = (20, 20, 20),
    agenda: int = 10,
) -> int:
    """CPAC's January meeting: ``agenda`` items, 12 indicators followed, and a followed plan
    with actions (as many as ``counts`` says): arising from the October minutes, more overdue,
    and silent since June. ``texts``: ``long`` (titles of 600 characters, long last
    updates, three owners, indicator names of 300 characters), ``short`` (a few words each) or
    ``tiny`` (a character or two, no owner, no update: as many items as can be); ``heavy`` is
    ``long`` made of what escapes to several characters (``&<>"``)."""
    world = build_world(store)
    heavy = texts == "heavy"  # long, and made of what escapes to several characters
    long, tiny = texts == "long" or heavy, texts == "tiny"
    update = (SYMBOLS * 100 if heavy else WORDS * 12) if long else "" if tiny else "Done"
    kpi_name = WORDS * 4 if long else "K" if tiny else "Short name"
    lead = "" if tiny else "Jon Abbey/Fiona Smith/Margaret Gallagher"

    def named(n: int) -> str:
        if heavy:
            return (f"{n:02d} " + SYMBOLS * 150)[:600]
        return long_title(n) if long else f"{n}" if tiny else f"{n:02d} Short title"

    with seeded(store) as uow:
        january = uow.repos.meetings.meeting_by_id(world.january_id)
        october = uow.repos.meetings.meeting_by_id(world.october_id)
        assert january is not None and october is not None
        october.minutes_hash = "loaded"
        for n in range(4, agenda + 1):
            add_agenda_item(uow.repos, january, named(n), lead, None)
        plan = make_plan(uow, "P" if tiny else "Corporate Parenting Strategy")
        uow.session.add(
            MeetingLink(
                workspace_id=uow.workspace.id, committee_id=world.committee_id, plan_id=plan.id
            )
        )
        position = 0
        for kind, count in zip(("arising", "overdue", "silent"), counts, strict=True):
            for n in range(count):
                position += 1
                overdue = kind != "silent"
                action = add_action(
                    uow,
                    plan,
                    {
                        "ref": f"{position}.1",
                        "title": named(position),
                        "lead": lead,
                        "due": date(2015, 11, 1 + n % 28) if overdue else date(2016, 6, 30),
                        "status": "not_started" if overdue else "on_track",
                    },
                    position=position,
                )
                action.created_at = LONG_AGO
                if kind == "arising":
                    action.meeting_id = october.id
                if update:
                    add_update(uow, action, update, author="Jon Abbey", at=LONG_AGO)
    for n in range(MAX_KPIS):
        add_kpi(
            store,
            f"k{n}" if tiny else f"indicator-{n:02d}",
            kpi_name[:300],
            [("Oct 2015", date(2015, 10, 31), 50.0 + n), ("Nov 2015", date(2015, 11, 30), 55.0)],
            target=90,
            committee_id=world.committee_id,
        )
    return world.january_id


def _summary(store: Store, meeting_id: int) -> MeetingSummary:
    with store.unit_of_work("local", now=SUMMARY_AT) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        return compose_summary(
            uow.repos, meeting, now=SUMMARY_AT, today=SUMMARY_AT.date(), tz="Europe/London"
        )


def _sections(view: MeetingSummary) -> list[ActionSection]:
    return [view.arising, view.plans, view.stale]


def _assert_one_message(view: MeetingSummary) -> None:
    """One Slack page (as posted in a channel and as answered to /meeting prep) and one
    Teams card that fits, drawn at full size: every item of the view on it."""
    rendered = slack_render(view)
    blocks, _, pages = page_blocks(rendered, command=PREP, shareable=True)
    assert pages == 1
    message = to_message(view, command=PREP)
    assert "page" not in message.text
    validate_message(message.payload())
    assert len(blocks) <= 50

    options = RenderOptions(command=PREP)
    card = teams_render(view, options)
    assert card_bytes(card) <= MAX_CARD_BYTES
    assert_valid_card(card_json(card))
    # Not shrunk to fit (fewer items a list, shorter texts): what the core chose, whole.
    assert card_json(card) == card_json(build(view, options))


def test_the_worst_case_is_one_slack_page_and_one_teams_card(store: Store) -> None:
    view = _summary(store, _world(store))
    _assert_one_message(view)

    # Every list shows its first items and says how many more, with the command for them.
    assert 1 <= len(view.agenda) <= 10 and view.agenda_total == 10
    for listed in _sections(view):
        assert listed.items and listed.total == 20 and listed.more == 20 - len(listed.items)
        assert listed.more_command == f"/meeting more {listed.key} CPAC 2016-01-05"
        assert all(len(i.title) <= SUMMARY_TITLE for i in listed.items)
    assert view.kpis.items and view.kpis.total == MAX_KPIS
    assert view.kpis.more_command == "/meeting more kpis CPAC 2016-01-05"
    shown = sum(len(s.items) for s in _sections(view)) + len(view.kpis.items)
    assert shown <= SUMMARY_ENTRIES

    # The same choice on every platform: the console names the same counts and commands.
    text = make_chat(store, SUMMARY_AT).say(PREP)
    for listed in _sections(view):
        assert f"… and {listed.more} more: {listed.more_command}" in text
    assert f"… and {view.kpis.more} more: {view.kpis.more_command}" in text
    # On Slack each list's "… and N more" comes with a button running that command, the
    # indicators' too.
    blocks = to_message(view, command=PREP).blocks
    for n, block in enumerate(blocks):
        if block["type"] == "actions" and "/meeting more " in json.dumps(block):
            more = json.dumps(blocks[n - 1], ensure_ascii=False)
            assert blocks[n - 1]["type"] == "context" and "… and " in more
    mores = {
        command: more
        for command, more in [(s.more_command, s.more) for s in _sections(view)]
        + [(view.kpis.more_command, view.kpis.more)]
    }
    slack = json.dumps(blocks, ensure_ascii=False)
    for command, more in mores.items():
        assert f"… and {more} more" in slack and json.dumps(command) in slack


def test_a_long_agenda_and_long_lists_are_one_message_too(store: Store) -> None:
    # 45 agenda items: the agenda's "… and N more" too.
    view = _summary(store, _world(store, agenda=45))
    _assert_one_message(view)
    assert view.agenda_total == 45 and view.agenda_more == 45 - len(view.agenda) > 0
    assert all(s.items and s.more for s in _sections(view)) and view.kpis.more


def test_many_tiny_items_fit_slack_s_50_blocks(store: Store) -> None:
    # Tiny texts: the characters would allow 5 actions arising, 8 overdue and 12 indicators
    # (25 blocks, and 3 a list for their titles and counts), Slack's 50 blocks do not.
    view = _summary(store, _world(store, texts="tiny", counts=(5, 20, 0)))
    _assert_one_message(view)
    assert [len(view.arising.items), len(view.plans.items), len(view.kpis.items)] == [5, 8, 11]
    assert len(view.arising.items) + len(view.plans.items) + len(view.kpis.items) == SUMMARY_ENTRIES
    assert len(view.agenda) == 10 and view.stale.items == []


def test_each_list_shows_its_first_items_in_its_own_order(store: Store) -> None:
    meeting_id = _world(store)
    view = _summary(store, meeting_id)
    with store.unit_of_work("local", now=SUMMARY_AT) as uow:
        meeting = uow.repos.meetings.meeting_by_id(meeting_id)
        assert meeting is not None
        for listed in _sections(view):
            every, _ = section_actions(
                uow.repos, meeting, listed.key, now=SUMMARY_AT, today=SUMMARY_AT.date()
            )
            assert [i.id for i in listed.items] == [a.id for a in every[: len(listed.items)]]


def test_a_short_summary_is_shown_whole(store: Store) -> None:
    # Lists that fit are shown whole, as before.
    view = _summary(store, _world(store, texts="short", counts=(2, 2, 2)))
    assert [len(s.items) for s in _sections(view)] == [2, 2, 2]
    assert len(view.kpis.items) == MAX_KPIS and len(view.agenda) == 10
    assert all(s.more == 0 for s in _sections(view)) and view.kpis.more == 0
    _assert_one_message(view)


def test_every_list_shows_its_first_item_however_heavy_its_texts(store: Store) -> None:
    # Texts made of what escapes to several characters, and a 45-item agenda: the agenda
    # gives way, so that no list the committee follows reads as empty (or all clear).
    view = _summary(store, _world(store, texts="heavy", agenda=45))
    _assert_one_message(view)
    assert all(s.items and s.more == s.total - len(s.items) for s in _sections(view))
    assert view.kpis.items and len(view.agenda) >= 1
    text = make_chat(store, SUMMARY_AT).say(PREP)
    for said in (
        "Nothing overdue or at risk",
        "Every other item has been updated",
        "No indicators",
    ):
        assert said not in text


def test_a_list_with_no_room_at_all_says_how_many_and_where(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Room for less than one item a list (as only absurd texts could leave): a list shown
    # without items says how many it has and the command for them, never that it has none.
    monkeypatch.setattr(summary, "SUMMARY_ROOM", 1500)
    view = _summary(store, _world(store, texts="heavy"))
    assert [len(s.items) for s in _sections(view)] == [0, 0, 0]
    for listed in _sections(view):
        command = f"/meeting more {listed.key} CPAC 2016-01-05"
        assert listed.empty_text == f"20 items, too long to show here: {command}."
    assert "Nothing overdue or at risk" not in make_chat(store, SUMMARY_AT).say(PREP)


def test_lists_take_turns_and_a_list_stops_at_an_item_that_does_not_fit() -> None:
    # Each list gives its next item in turn; one too big ends its list (the smaller one
    # after it never jumps ahead), while the others go on.
    assert share_room([[1, 1, 1], [5, 1], [1]], room=4, entries=10) == [3, 0, 1]
    assert share_room([[2, 2], [2, 2], [2, 2]], room=6, entries=10) == [1, 1, 1]
    assert share_room([[1] * 8, [1] * 8], room=100, entries=10) == [5, 5]
    assert share_room([[1] * 8, [1] * 2], room=100, entries=10) == [8, 2]
    assert share_room([[], [1]], room=1, entries=10) == [0, 1]
    # Each list's first item is shown whatever it weighs (its room was set aside).
    assert share_room([[5, 1], [1], []], room=4, entries=10, firsts=True) == [1, 1, 0]
    assert share_room([[1, 1, 1], [1, 1]], room=3, entries=10, firsts=True) == [2, 1]
    assert MAX_ACTIONS_PER_SECTION == 8
