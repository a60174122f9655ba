"""An action of an imported plan with many long extra columns is still shown in Teams: the
columns' texts are cut shorter until the card fits in one message (as Slack cuts them),
rather than the whole answer being refused as too long for Teams."""

from __future__ import annotations

import json

from tests.factories import add_action, seeded
from tests.teams import activities as act
from tests.teams.cardcheck import assert_valid_card
from tests.teams.conftest import Harness

# A council's progress notes: fourteen columns of about 1,400 characters each.
NOTE = "The service’s recruitment drive – reviewed at the monthly board. " * 22
COLUMNS = {f"Evidence {i}": NOTE for i in range(1, 15)}


def test_an_action_with_many_long_extra_columns_is_shown(teams: Harness) -> None:
    with seeded(teams.store, act.TENANT) as uow:
        plan = uow.repos.plans.by_slug("leeds-improvement-plan")
        assert plan is not None
        row = {
            "ref": "9.9",
            "title": "Improve workforce stability",
            "lead": "Jackie Wilson",
            "due": "31 Mar 2016",
            "extra": COLUMNS,
        }
        add_action(uow, plan, row, position=99)

    (card,) = teams.say("actions show leeds-improvement-plan:9.9").cards
    assert_valid_card(card)
    text = json.dumps(card, ensure_ascii=False)
    assert "too long for one Teams message" not in text, text[:300]
    assert "9.9  Improve workforce stability" in text
    assert all(f"{name}: " in text for name in COLUMNS)
    assert "The service’s recruitment drive" in text and "…" in text
