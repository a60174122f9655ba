"""A summary that shows part of a long agenda says so on its Teams card: the counts over the
whole agenda, how many more, and a "Show all" that lists the whole agenda in the thread."""

from __future__ import annotations

import json

from bot.teams.cards import card_json
from bot.teams.render import RenderOptions, render
from commands.views import MeetingAgenda
from tests.teams.cardcheck import assert_valid_card
from tests.teams.samples import agenda, meeting, summary


def test_a_capped_agenda_names_the_rest_and_the_command_listing_it() -> None:
    view = summary(10).model_copy(
        update={
            "agenda_total": 45,
            "agenda_note": "45 items, 0 reports in, 2 late; 10 shown, late reports first",
            "agenda_more_command": "/meeting agenda CPAC 2016-01-05",
        }
    )
    card = card_json(render(view, RenderOptions(command="/meeting prep CPAC 2016-01-05")))
    assert_valid_card(card)
    text = json.dumps(card, ensure_ascii=False)
    assert "Agenda (45 items, 0 reports in, 2 late; 10 shown" in text
    assert "… and 35 more." in text
    assert "/meeting agenda CPAC 2016-01-05" in text


def test_show_all_pages_through_the_whole_agenda() -> None:
    # "Show all" runs /meeting agenda: every item must be reachable, page by page (it stopped
    # at 32 items with "… and 13 more items." and no way on).
    view = MeetingAgenda(meeting=meeting(), items=agenda(45))
    command = "/meeting agenda CPAC 2016-01-05"
    seen: list[int] = []
    for number in range(1, 20):
        card = card_json(render(view, RenderOptions(command=command, page=number)))
        assert_valid_card(card)
        text = json.dumps(card, ensure_ascii=False)
        shown = [n for n in range(1, 46) if f'"Agenda item {n}"' in text]
        seen += [s for s in shown if s not in seen]
        if "Next" not in text:
            break
    assert len(seen) == 45, seen
