"""`csbot import minutes` with headings that have no blank line under them ("2. PERFORMANCE",
"Item 2 – Performance"): the text under a heading is the action's, the heading is not (a QA
pass found "PERFORMANCE • The Committee asked …" as an action's title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, csbot

MINUTES = "\n".join(
    [
        "MINUTES OF THE CORPORATE PARENTING ADVISORY COMMITTEE HELD ON MONDAY 5 OCTOBER 2015",
        "",
        "1. APOLOGIES",
        "Apologies were received from Cllr Hare.",
        "",
        "2. PERFORMANCE",
        "• The Committee asked for a breakdown of placement moves by age.",
        "Action: Jane Testperson",
        "",
        "Item 3 – Care Leavers",
        "The Committee asked for the local offer before it is published.",
        "Action: Sam Example",
        "",
    ]
)


def test_a_heading_over_its_text_is_not_in_the_actions_title(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command = cpac_minutes(database.url, MINUTES, monkeypatch, tmp_path)
    csbot(database.url, command, monkeypatch, tmp_path)

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [(a.ref, a.title, a.extra["Minute"]) for a in uow.repos.actions.in_plan(plan.id)]
    assert stored == [
        (
            "M20151005/1",
            "The Committee asked for a breakdown of placement moves by age.",
            "• The Committee asked for a breakdown of placement moves by age.",
        ),
        (
            "M20151005/2",
            "The Committee asked for the local offer before it is published.",
            "The Committee asked for the local offer before it is published.",
        ),
    ]
