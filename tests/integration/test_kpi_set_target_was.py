"""/kpi set … target: a correction says which target the figure was judged by before, the
indicator's own when its period had none ("target 92% (was 90%)"), never "was none" beside a
card that showed a target; typing the target it was already judged by changes nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import Chat, make_chat


@pytest.fixture
def chat(store: Store, frozen_now: datetime) -> Chat:
    # haringey_wide.csv: care-plans has the standing target 90 and no period targets.
    run_import(store, "local", "kpis", FIXTURES / "kpis" / "haringey_wide.csv")
    return make_chat(store, frozen_now)


def _period_target(store: Store, slug: str, key: str) -> float | None:
    with store.session_factory() as s:
        return s.scalars(
            select(IndicatorValue.target)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(Indicator.slug == slug, IndicatorValue.period_key == key)
        ).one()


def test_a_new_target_names_the_indicators_as_the_one_before(store: Store, chat: Chat) -> None:
    reply = chat.say("/kpi care-plans set 84 for Nov 2015 target 92")
    assert "target 92% (was 90%); the value stays 84%." in reply
    assert "was none" not in reply
    assert _period_target(store, "care-plans", "2015-11") == 92


def test_the_target_it_was_judged_by_changes_nothing(store: Store, chat: Chat) -> None:
    reply = chat.say("/kpi care-plans set 84 for Nov 2015 target 90")
    assert "already has 84% for Nov 2015, target 90%; nothing changed." in reply
