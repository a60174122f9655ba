"""`csbot import minutes`: an `Action:` line after a paragraph that has an inline action
closes what the inline action leaves of it, whichever comes first in the paragraph. A QA
pass found the line's action titled with the inline action's sentence and a stray " .", or
with both sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import cpac_minutes, csbot, owner_name

REPORT = (
    "A further report on placement stability would be brought to the January meeting "
    "(Action: Jane Testperson)."
)


def _minutes(*paragraphs: str) -> str:
    return "\n\n".join(
        [
            "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\nMONDAY 5 OCTOBER 2015",
            "CPAC501. PERFORMANCE",
            *paragraphs,
            "",
        ]
    )


@pytest.mark.parametrize(
    ("paragraph", "left"),
    [
        (f"Officers would update the pledge. {REPORT}", "Officers would update the pledge."),
        (
            f"{REPORT} Officers would also update the pledge.",
            "Officers would also update the pledge.",
        ),
    ],
)
def test_an_action_line_closes_what_an_inline_action_leaves(
    paragraph: str,
    left: str,
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = cpac_minutes(
        database.url, _minutes(paragraph, "Action: Sam Example"), monkeypatch, tmp_path
    )
    csbot(database.url, command, monkeypatch, tmp_path)

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (a.ref, a.title, [owner_name(o) for o in a.owners])
            for a in uow.repos.actions.in_plan(plan.id)
        ]
    assert stored == [
        (
            "CPAC501/1",
            "A further report on placement stability would be brought to the January meeting",
            ["Jane Testperson"],
        ),
        ("CPAC501/2", left, ["Sam Example"]),
    ]

    capsys.readouterr()
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 2 unchanged" in capsys.readouterr().out
