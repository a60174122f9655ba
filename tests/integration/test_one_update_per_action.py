"""One message written as the update of several actions ("1.1, 1.2: both progressing") is
refused with what to send instead, and logs nothing; a single ref, or chat that only names
refs, is as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.progress import several_refs
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Expand family hubs,Ann Testsmith,March 2027,On track
1.2,Review the early help offer,Ann Testsmith,June 2027,At risk
"""


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("1.1, 2.3: both progressing", ["1.1", "2.3"]),
        ("Actions 1.1 and 1.2: done", ["1.1", "1.2"]),
        ("#2.3 & 2.4: panel booked", ["2.3", "2.4"]),
        ("2.3: panel booked", []),
        ("1.1, 2.3 are late", []),
        ("10:30 meeting, 11:00 panel", []),
        ("FY2015-16: budget", []),
    ],
)
def test_several_refs_before_one_colon(text: str, refs: list[str]) -> None:
    assert several_refs(text) == refs


def test_an_update_for_several_actions_is_refused_and_logs_nothing(
    database: Database, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Care plan")
    said = run_cli(
        database.url, tmp_path, "say", "--channel", "care-plan", "1.1, 1.2: both progressing"
    )
    assert said.returncode == 0, said.stderr
    assert "One update per action, please: send `1.1: …` and `1.2: …`" in said.stdout
    assert "Nothing was changed." in said.stdout
    shown = run_cli(database.url, tmp_path, "say", "/actions show 1.1")
    assert "both progressing" not in shown.stdout, shown.stdout
