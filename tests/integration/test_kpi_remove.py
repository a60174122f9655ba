"""/kpi <kpi> remove <period>: a figure recorded for the wrong period can be taken back (a
correction could only change it), by whoever may record the indicator's values, audited;
refused, changing nothing, when there is no such value or the period cannot be read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from commands.demo import build_demo
from storage.models import AuditEvent, Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW
from tests.factories import add_monthly_indicator, seeded
from tests.helpers import make_chat

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _periods(store: Store, slug: str) -> list[str]:
    with store.session_factory() as s:
        return list(
            s.scalars(
                select(IndicatorValue.period_key)
                .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
                .where(Indicator.slug == slug)
                .order_by(IndicatorValue.period_key)
            )
        )


def test_a_figure_recorded_for_the_wrong_period_is_removed(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    assert "2026-01" not in _periods(store, "pep")
    set_reply = chat.say("/kpi pep set 63% for Jan 2026 target 90", as_="Fiona Smith")
    assert "Recorded 63% for pep, Jan 2026" in set_reply
    before = _periods(store, "pep")
    assert "2026-01" in before

    refused = chat.say("/kpi pep remove Jan 2026", as_="Annie Walker")
    assert "Only the owners of pep or an administrator" in refused
    assert _periods(store, "pep") == before

    reply = chat.say("/kpi pep remove Jan 2026", as_="Fiona Smith")
    assert reply.startswith(
        "✔ Removed 63% for Jan 2026 from pep. To put it back: "
        "`/kpi pep set 63% for Jan 2026 target 90%`."
    )
    assert "Latest: 63%" not in reply
    assert _periods(store, "pep") == [p for p in before if p != "2026-01"]
    with store.session_factory() as s:
        (deleted,) = s.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "indicator_value", AuditEvent.change == "delete"
            )
        ).all()
    assert deleted.before is not None and deleted.before["value"] == 63
    assert "Fiona Smith" in deleted.actor

    # Putting it back as the reply says works.
    assert "Recorded 63% for pep, Jan 2026" in chat.say(
        "/kpi pep set 63% for Jan 2026 target 90%", as_="Fiona Smith"
    )
    assert _periods(store, "pep") == before


def test_nothing_is_removed_without_such_a_value_or_a_readable_period(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    before = _periods(store, "pep")
    none = chat.say("/kpi pep remove Jan 2019", as_="Fiona Smith")
    assert none == (
        "✖ pep has no value for Jan 2019: nothing to remove (`/kpi pep history` lists its "
        "values). Nothing was changed."
    )
    unreadable = chat.say("/kpi pep remove Q7", as_="Fiona Smith")
    assert "I couldn't read “Q7” as a period" in unreadable
    assert unreadable.endswith("Nothing was changed.")
    assert _periods(store, "pep") == before


def test_a_card_with_a_target_and_no_value_says_no_value_yet(store: Store) -> None:
    """Its RAG is none for want of a value, not of a target: "No value yet", never "No
    target" beside the target it shows."""
    with seeded(store) as uow:
        add_monthly_indicator(uow, "pep", "Up-to-date PEPs", [], target=90)
    card = make_chat(store, FROZEN_NOW).say("/kpi pep")
    assert "Target: 90%" in card and "RAG: ⚪ No value yet" in card, card
    assert "No target" not in card


def test_kpi_red_without_any_target_does_not_say_all_is_on_target(store: Store) -> None:
    with seeded(store) as uow:
        add_monthly_indicator(
            uow, "pep", "Up-to-date PEPs", [("Oct 2015", date(2015, 10, 31), 62)], target=None
        )
    red = make_chat(store, FROZEN_NOW).say("/kpi red")
    assert "No indicator's latest value has a target to be judged by" in red, red
    assert "🎉" not in red


def test_remove_without_a_period_asks_for_one(store: Store) -> None:
    with seeded(store) as uow:
        add_monthly_indicator(
            uow, "pep", "Up-to-date PEPs", [("Oct 2015", date(2015, 10, 31), 62)], target=90
        )
    reply = make_chat(store, FROZEN_NOW).say("/kpi pep remove")
    assert "Write `/kpi <kpi> remove <period>`, e.g. `/kpi pep remove Nov 2015`" in reply, reply
    assert "62%" in make_chat(store, FROZEN_NOW).say("/kpi pep")


def test_a_misused_subcommand_s_example_names_the_indicator_typed(store: Store) -> None:
    with seeded(store) as uow:
        add_monthly_indicator(
            uow, "care-plans", "Care plans", [("Oct 2015", date(2015, 10, 31), 80)], target=90
        )
    chat = make_chat(store, FROZEN_NOW)
    removed = chat.say("/kpi care-plans remove")
    assert "e.g. `/kpi care-plans remove Nov 2015`" in removed, removed
    assert "/kpi pep" not in removed, removed
    history = chat.say("/kpi care-plans history of last year")
    assert "e.g. `/kpi care-plans history`" in history, history


def test_remove_with_its_words_in_another_order_or_with_for(store: Store) -> None:
    with seeded(store) as uow:
        add_monthly_indicator(
            uow, "pep", "Up-to-date PEPs", [("Oct 2015", date(2015, 10, 31), 62)], target=90
        )
    chat = make_chat(store, FROZEN_NOW)
    swapped = chat.say("/kpi remove pep Oct 2015")
    assert (
        "`remove` followed by a name removes a person. To remove a value, write "
        "`/kpi pep remove Oct 2015`. Nothing was changed."
    ) in swapped, swapped
    assert "62%" in chat.say("/kpi pep")
    alone = chat.say("/kpi remove pep")
    assert "To remove a value, write `/kpi pep remove <period>`." in alone, alone
    # A person's name after /kpi remove is still a person's.
    assert "I don't know anyone called “Bob Jones”" in chat.say("/kpi remove Bob Jones")
    removed = chat.say("/kpi pep remove for Oct 2015")
    assert "✔ Removed 62% for Oct 2015 from pep." in removed, removed
