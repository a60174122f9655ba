"""An action with no owner (a plan imported without a lead column, or a removed person's done
action): anyone linked may still log progress on it, but only an administrator changes its
title, due date or owners; before, anyone linked could rename it or take it over. Through
the CLI, on both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = (
    "Ref,Action,Lead,Timescale\n"
    "1.1,Refresh the children's pledge,Ann Testsmith,31/03/2027\n"
    "1.2,Audit the leaving care offer,,31/03/2027\n"
)


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _setup(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    done = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Pledge plan")
    assert done.returncode == 0, done.stdout + done.stderr


def test_only_an_administrator_renames_redates_or_takes_over_an_ownerless_action(
    database: Database, tmp_path: Path
) -> None:
    _setup(database, tmp_path)
    ann = ("say", "--as", "Ann Testsmith")
    for command, what in (
        ("/actions title 1.2 Renamed by Ann", "title"),
        ("/actions due 1.2 30/06/2027", "due date"),
        ("/actions assign 1.2 me", "owners"),
    ):
        refused = _cli(database, tmp_path, *ann, command).stdout
        assert (
            f"1.2 has no owner, so only an administrator can change its {what}: ask one to "
            "give it an owner with `/actions assign 1.2 <person>`. Nothing was changed."
        ) in refused, refused
    shown = _cli(database, tmp_path, "say", "/actions show 1.2").stdout
    assert "Audit the leaving care offer" in shown and "31 Mar 2027" in shown, shown
    # Progress is still anyone's to log on it.
    logged = _cli(database, tmp_path, *ann, "/actions update 1.2 Audit started #on-track").stdout
    assert "Logged on 1.2" in logged, logged
    # The console's operator administers: it gives the action an owner and a new date.
    assigned = _cli(database, tmp_path, "say", "/actions assign 1.2 Ann Testsmith").stdout
    assert "1.2 is now owned by Ann Testsmith" in assigned, assigned
    renamed = _cli(database, tmp_path, *ann, "/actions title 1.2 Audit the care leavers offer")
    assert "is now “Audit the care leavers offer”" in renamed.stdout, renamed.stdout
