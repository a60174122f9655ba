"""A summary that shows part of a long agenda says so on its Teams card: the counts over the
whole agenda, how many more, and a "Show all" that lists the whole agenda in the thread."""

from __future__ import annotations

import json

from bot.teams.cards import card_json
from bot.teams.render import RenderOptions, render
from tests.teams.cardcheck import assert_valid_card
from tests.teams.samples import summary


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
