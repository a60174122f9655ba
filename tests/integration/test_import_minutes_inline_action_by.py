"""`csbot import minutes` reads an inline "(Action by: Jane Testperson)" and "(Action by Sam
Example)" as "(Action: HOS)" is read: an action of that owner closing its sentence (before,
they made no action). A bracket that only starts like one ("(action by the end of March)") is
an aside, not an owner."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, csbot, owner_name

MINUTES = "\n".join(
    [
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
        "MONDAY 5 OCTOBER 2015",
        "",
        "CPAC400. PLACEMENTS",
        "",
        "The Committee asked for a report on placement stability (Action by: Jane Testperson).",
        "Members asked for the sufficiency strategy (Action by Sam Example - by March 2016).",
        "Officers expected a decision (action by the end of March) on the new contract.",
        "",
    ]
)


def test_an_inline_action_by_names_its_owner(
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
        stored = [
            (
                a.ref,
                a.title,
                [owner_name(o) for o in a.owners],
                a.due_date.isoformat() if a.due_date else None,
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]
    assert stored == [
        (
            "CPAC400/1",
            "The Committee asked for a report on placement stability",
            ["Jane Testperson"],
            "2016-01-04",  # the day before the committee's next meeting
        ),
        (
            "CPAC400/2",
            "Members asked for the sufficiency strategy",
            ["Sam Example"],
            "2016-03-31",
        ),
    ]
