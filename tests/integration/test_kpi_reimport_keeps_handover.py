"""A KPI file is imported every month with the same owner cells. A hand-over made in chat
since (``/actions handover Ann Testsmith to Bob Testjones``) stands: re-importing the file,
or next month's figures with the same owner cell, does not put the old owner back. A file
whose owner cell changed since its last import still sets the owner it names."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Recruit foster carers,Bob Testjones,March 2027,On track
"""
HEAD = "indicator,slug,name,period,value,target,unit,polarity,owner\n"
SEPTEMBER = HEAD + "PEPs,pep,Up-to-date PEPs,Sep 2026,62,90,%,higher,Ann Testsmith\n"
OCTOBER = SEPTEMBER + "PEPs,pep,Up-to-date PEPs,Oct 2026,64,90,%,higher,Ann Testsmith\n"
NEW_OWNER = OCTOBER.replace("Ann Testsmith", "Cara Testlee")


def test_a_reimport_keeps_a_hand_over_made_in_chat(database: Database, tmp_path: Path) -> None:
    def csbot(*args: str) -> str:
        done = run_cli(database.url, tmp_path, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def kpis(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return csbot("import", "kpis", str(path))

    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    csbot("import", "actions", str(plan), "--plan", "Care plan")
    kpis("september.csv", SEPTEMBER)
    assert "Owner: Ann Testsmith" in csbot("say", "/kpi pep")

    handed = csbot("say", "/actions handover Ann Testsmith to Bob Testjones")
    assert "pep" in handed
    assert "Owner: Bob Testjones" in csbot("say", "/kpi pep")

    again = kpis("september.csv", SEPTEMBER)
    assert "owner" not in again.lower()
    october = kpis("october.csv", OCTOBER)
    assert "Ann Testsmith" not in october
    card = csbot("say", "/kpi pep")
    assert "Owner: Bob Testjones" in card and "64%" in card

    changed = kpis("new-owner.csv", NEW_OWNER)
    assert "owner Bob Testjones → Cara Testlee" in changed
    assert "Owner: Cara Testlee" in csbot("say", "/kpi pep")
