"""`csbot import minutes` with numbered headings that have a word in lower case and no blank
line under them ("2. Performance report", "CPAC344. Fostering service update and
sufficiency"): each is a heading, as "2. Performance Report" is, so the text under it is the
action's and the heading is not (a QA pass found "Performance report The Committee asked …"
as an action's title). A numbered sentence wrapped onto the next line is still prose."""

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
        "1. Apologies",
        "Apologies were received from Cllr Hare.",
        "",
        "2. Performance report",
        "The Committee asked for a breakdown of placement moves by age.",
        "Action: Jane Testperson",
        "",
        "3. Fostering service update and sufficiency",
        "• The Committee asked for the sufficiency strategy to come in January.",
        "Action: Sam Example",
        "",
        "4. Members thanked the Virtual School Head and the LAC",
        "Nurse for the report on health assessments.",
        "Action: Sam Example",
        "",
        "CPAC344. Care leavers offer",
        "The Committee asked for the local offer before it is published.",
        "Action: Jane Testperson",
        "",
    ]
)


def test_a_heading_with_a_word_in_lower_case_is_not_in_the_actions_title(
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
            "The Committee asked for a breakdown of placement moves by age.",
        ),
        (
            "M20151005/2",
            "The Committee asked for the sufficiency strategy to come in January.",
            "• The Committee asked for the sufficiency strategy to come in January.",
        ),
        (
            # A numbered sentence whose line break falls before a capital stays whole.
            "M20151005/3",
            "Members thanked the Virtual School Head and the LAC Nurse for the report on "
            "health assessments.",
            "4. Members thanked the Virtual School Head and the LAC Nurse for the report on "
            "health assessments.",
        ),
        (
            "CPAC344/1",
            "The Committee asked for the local offer before it is published.",
            "The Committee asked for the local offer before it is published.",
        ),
    ]
