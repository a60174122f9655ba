"""`/actions add` in a plan whose last ref ends in a letter (`3.3a`, an action slipped in
after 3.3) takes the next number after the last numbered ref (`3.4`), in its section; before,
it fell back to `1`, which reads as a section's number. Through the CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = (
    "Ref,Action,Lead,Timescale\n"
    "3.0,CARE LEAVERS,,\n"
    "3.3,Staying close offer,Ann Testsmith,31/03/2027\n"
    "3.3a,Staying close for unaccompanied young people,Ann Testsmith,31/03/2027\n"
)


def test_add_after_a_lettered_ref_takes_the_next_number(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "actions", str(path), "--plan", "Testshire")
    assert done.returncode == 0, done.stdout + done.stderr
    added = run_cli(
        database.url,
        tmp_path,
        "say",
        "/actions add Produce a sufficiency dashboard owner Ann Testsmith due end of March 2027 "
        "plan testshire",
    ).stdout
    assert "Added 3.4 to Testshire" in added, added
    shown = run_cli(database.url, tmp_path, "say", "/actions show 3.4").stdout
    assert "Produce a sufficiency dashboard" in shown and "CARE LEAVERS" in shown.upper(), shown
