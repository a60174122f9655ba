"""`/meeting item add` with `due <date>` where `report due <date>` was meant.

After the leads, the date was read as more leads (`lead Fiona Smith due 1/2/2016` was refused
as "I don't know anyone called “2”"); after a title no item has, the refusal offered a command
that made the date part of a new item's title. Both now name the words and the command meant.
"""

from __future__ import annotations

from storage.unit_of_work import Store
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at, build_world

NOW = at("2015-12-02 10:00")


def test_due_after_the_leads_is_refused_with_the_command_meant(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith due 18/12/2015")
    assert reply == (
        "✖ “due 18/12/2015” after the leads is not read as the report deadline: write "
        "`report due`, like `/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith report "
        "due 18/12/2015`. Nothing was changed."
    )
    assert "Budget" not in chat.say("/meeting agenda CPAC 2016-01-05")
    offered = "/meeting item add CPAC 2016-01-05 Budget lead Fiona Smith report due 18/12/2015"
    assert chat.say(offered).startswith("Added item 4 of CPAC 2016-01-05.")
    assert "4. Budget — Fiona Smith · report due 18 Dec 2015" in chat.say(
        "/meeting agenda CPAC 2016-01-05"
    )


def test_due_after_a_title_is_refused_naming_the_item_or_asking_for_leads(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    known = chat.say("/meeting item add CPAC 2016-01-05 Performance deadline 16/12/2015")
    assert known.startswith("✖ “deadline 16/12/2015” after the title is not read as the report")
    assert "`/meeting item add CPAC 2016-01-05 Performance report due 16/12/2015`" in known
    new = chat.say("/meeting item add CPAC 2016-01-05 Sufficiency due 16/12/2015")
    assert (
        "`/meeting item add CPAC 2016-01-05 Sufficiency lead <leads> report due 16/12/2015`"
    ) in new
    agenda = chat.say("/meeting agenda CPAC 2016-01-05")
    assert "Sufficiency" not in agenda and "report due 17 Dec 2015" in agenda


def test_a_title_holding_due_that_is_no_date_is_kept(store: Store) -> None:
    build_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say("/meeting item add CPAC 2016-01-05 Due diligence on the contract lead HOS")
    assert reply.startswith("Added item 4 of CPAC 2016-01-05.")
