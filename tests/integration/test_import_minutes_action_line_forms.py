"""`csbot import minutes` reads the ways minutes write an Action line ("Action - X", "Action
by: X", "Actions: X") as `Action:` lines, and "Action: All" as owned by the role All. A QA
pass found the first two made no action, saying nothing, and "Action: All" refused the
whole file as naming nobody."""

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
        "CPAC501. PERFORMANCE",
        "",
        "• Officers to circulate the Ofsted inspection timetable to members.",
        "Action - Jane Testperson",
        "• The Children in Care Council to be invited to present at the next meeting.",
        "Action by: Clerk",
        "• A report on health assessments to come back in January.",
        "Actions: Jane Testperson, Sam Example",
        "• Members to attend the corporate parenting training.",
        "Action: All",
        "• Action for Children will present their work on care leavers in January.",
        "",
    ]
)


def test_forms_of_the_action_line_and_action_all(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = cpac_minutes(database.url, MINUTES, monkeypatch, tmp_path)
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "4 new, 0 changed, 0 unchanged" in capsys.readouterr().out

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (a.ref, a.title, a.lead_text, [owner_name(o) for o in a.owners])
            for a in uow.repos.actions.in_plan(plan.id)
        ]
        all_role = uow.repos.people.role_by_key("ALL")
        assert all_role is not None and all_role.title == "All"
    assert stored == [
        (
            "CPAC501/1",
            "Officers to circulate the Ofsted inspection timetable to members.",
            "Jane Testperson",
            ["Jane Testperson"],
        ),
        (
            "CPAC501/2",
            "The Children in Care Council to be invited to present at the next meeting.",
            "Clerk",
            ["CLERK"],
        ),
        (
            "CPAC501/3",
            "A report on health assessments to come back in January.",
            "Jane Testperson, Sam Example",
            ["Jane Testperson", "Sam Example"],
        ),
        ("CPAC501/4", "Members to attend the corporate parenting training.", "All", ["ALL"]),
    ]

    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 4 unchanged" in capsys.readouterr().out
