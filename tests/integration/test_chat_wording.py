"""Wording: no "Due: due", no "(HOS) (and HOS)", help examples without 2015/2016 dates."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.unit_of_work import Store
from tests.factories import leeds_world, make_person, seeded
from tests.helpers import make_chat

LATER = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def test_action_detail_says_due_once(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    shown = make_chat(store, frozen_now).say("/actions show 2.3", channel="leeds")
    assert "Due: 30 Nov 2015 — overdue 2 days\n" in shown and "Due: due" not in shown


def test_acting_as_a_role_does_not_repeat_it(store: Store, frozen_now: datetime) -> None:
    leeds_world(store)
    with seeded(store) as uow:
        make_person(uow, "Ian Reed", roles=["IRO"])
        make_person(uow, "Ivy Ross", roles=["IRO"])
    mine = make_chat(store, frozen_now).say("/actions mine", as_="IRO")
    assert mine.startswith("Outstanding actions for Independent Reviewing Officer (IRO)"), mine
    assert "(and IRO)" not in mine
    jackie = make_chat(store, frozen_now).say("/actions mine", as_="Jackie Wilson")
    assert jackie.startswith("Outstanding actions for Jackie Wilson (and HOS)")


def test_examples_do_not_use_old_dates(store: Store) -> None:
    leeds_world(store)
    chat = make_chat(store, LATER)
    for text in ("/actions help", "/kpi help", "/actions due 2.3 wibble", "/kpi pep set 70"):
        reply = chat.say(text, channel="leeds")
        assert "2015" not in reply and "2016" not in reply, (text, reply)
    assert "for Nov 2026" in chat.say("/kpi pep set 70")
