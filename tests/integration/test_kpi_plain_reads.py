"""`/kpi <slug>` reads the indicator and its values as plain rows (no ORM objects): the card
and the history drawn from them are exactly those drawn from the ORM objects, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from commands.kpi_views import card, history_points
from commands.owner_store import owner_rows
from storage.models import Indicator, IndicatorOwner, IndicatorValue, Person, Role
from storage.unit_of_work import Store
from tests.factories import add_monthly_indicator, make_person, seeded
from tests.helpers import make_chat

TODAY = date(2015, 12, 2)


def _world(store: Store) -> None:
    with seeded(store) as uow:
        ann = make_person(uow, "Ann Example", roles=["HOS"])
        bea = make_person(uow, "Bea Example")
        role = uow.repos.people.get_or_create_role("IRO", "Independent Reviewing Officer")
        owners: list[Person | Role] = [bea, role, ann]
        months = [
            ("Sep 2015", date(2015, 9, 30), 80.0),
            ("Oct 2015", date(2015, 10, 31), 83.5),
            ("Nov 2015", date(2015, 11, 30), 79.0),
            ("Dec 2015", date(2015, 12, 31), 81.0),  # not over on TODAY: provisional
        ]
        pep = add_monthly_indicator(uow, "pep", "PEPs", months, target=90)
        pep.owners = owner_rows(owners, IndicatorOwner)
        pep.amber_tolerance = 5
        # A quarter among months (out of the series), with the only comparators.
        _quarter(uow.session.add, pep, "2015-Q3", date(2015, 7, 1), date(2015, 9, 30))
        lone = add_monthly_indicator(uow, "lone", "Lone", months[:2], target=10, polarity="lower")
        lone.owner_text = "Service manager"
        # A quarter newer than the series' latest month: named aside on the card.
        _quarter(uow.session.add, lone, "2015-Q4", date(2015, 10, 1), date(2015, 12, 31))
        add_monthly_indicator(uow, "empty", "Empty", [], target=1)


def _quarter(
    add: Callable[[object], None], ind: Indicator, key: str, start: date, end: date
) -> None:
    add(
        IndicatorValue(
            workspace_id=ind.workspace_id,
            indicator_id=ind.id,
            period_key=key,
            period_label=key,
            period_kind="quarter",
            period_start=start,
            period_end=end,
            value=81.5,
            england=85.0,
            region=None,
            statistical_neighbours=84.0,
            note="From the annual return",
        )
    )


def test_card_and_history_from_plain_rows_equal_those_from_orm_objects(store: Store) -> None:
    _world(store)
    with store.unit_of_work("local", read_only=True) as uow:
        repo = uow.repos.indicators
        for slug in ("pep", "lone", "empty"):
            shown = repo.shown_by_slug(slug)
            ind = repo.by_slug(slug)
            assert shown is not None and ind is not None and shown.id == ind.id
            rows, objects = repo.value_rows(ind.id), list(repo.values(ind.id))
            for limit in (None, 12, 2):
                newest = rows[:limit] if limit else rows
                expected = card(ind, objects[:limit] if limit else objects, today=TODAY)
                assert card(shown, newest, today=TODAY) == expected
                assert card(ind, newest, today=TODAY) == expected
            assert history_points(shown, rows, TODAY) == history_points(ind, objects, TODAY)
        assert repo.shown_by_slug("nope") is None
        # What the comparison covered: comparators from an older value, a figure set aside.
        pep, lone = repo.shown_by_slug("pep"), repo.shown_by_slug("lone")
        assert pep is not None and lone is not None
        pep_card = card(pep, repo.value_rows(pep.id), today=TODAY)
        assert pep_card.comparators_from is not None
        assert pep_card.latest is not None and pep_card.latest.provisional
        assert "kept but not compared" in card(lone, repo.value_rows(lone.id)).message
    with store.unit_of_work("local", read_only=True) as uow:
        shown = uow.repos.indicators.shown_by_slug("pep")
        assert shown is not None and shown.owner_names == ("Bea Example", "IRO", "Ann Example")


def test_card_of_an_owned_indicator_names_its_owners_in_order(
    store: Store, frozen_now: datetime
) -> None:
    _world(store)
    chat = make_chat(store, frozen_now)
    assert "Bea Example, IRO, Ann Example" in chat.say("/kpi pep")
    assert "Service manager" in chat.say("/kpi lone")
