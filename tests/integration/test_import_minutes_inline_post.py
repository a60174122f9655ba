"""`csbot import minutes` finds an inline action whose owner carries their post in brackets
("(Action: Jane Testperson (VSH))"): the person owns it, a deadline after the post dates it,
and the minute's text, its bracketed asides and the lines after the marker, is kept whole.
Before, such a marker made no action at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import csbot, owner_name

PLACEMENTS = (
    "The Committee NOTED the figures (as set out in the report) for 2015. The Committee asked",
    "for a report on placement stability (Action: Jane Testperson (VSH)). Members thanked",
    "officers for the update (with thanks to the team).",
)
GUIDANCE = (
    "Officers to circulate the revised pathway plan guidance (Action: Sam",
    "Example (Head of Service) by March). Noted.",
)
MINUTES = "\n".join(
    [
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
        "MONDAY 5 OCTOBER 2015",
        "",
        "CPAC400. PLACEMENTS",
        "",
        *PLACEMENTS,
        "",
        "CPAC401. PATHWAY PLANS",
        "",
        *GUIDANCE,
        "",
    ]
)


def test_an_inline_owner_with_a_bracketed_post_owns_an_action(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (
                a.ref,
                a.title,
                [owner_name(o) for o in a.owners],
                a.lead_text,
                a.due_date.isoformat() if a.due_date else None,
                a.extra["Minute"],
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]
    assert stored == [
        (
            "CPAC400/1",
            "The Committee asked for a report on placement stability",
            ["Jane Testperson"],
            "Jane Testperson (VSH)",
            "2016-01-04",  # the day before the committee's next meeting
            "The Committee NOTED the figures (as set out in the report) for 2015. The Committee "
            "asked for a report on placement stability. Members thanked officers for the "
            "update (with thanks to the team).",
        ),
        (
            "CPAC401/1",
            "Officers to circulate the revised pathway plan guidance",
            ["Sam Example"],
            "Sam Example (Head of Service)",
            "2016-03-31",
            "Officers to circulate the revised pathway plan guidance. Noted.",
        ),
    ]

    capsys.readouterr()
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 2 unchanged" in capsys.readouterr().out
