"""`csbot import actions` reads a RAG column written with the letters councils use (G, A, R,
and B for blue: complete) as it reads Green, Amber, Red and Blue; it used to refuse the whole
file ("“G” is not a status I know"). Another single letter is still refused, naming the cell."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Target date,RAG
1.1,Monthly audits of supervision,Grace Testlind,31/03/2027,G
1.2,Dip sample of twenty files,Omar Testhad,31/03/2027,a
2.1,PLO tracker in place,Omar Testhad,31/03/2027,R
2.2,Legal gateway panel weekly,Omar Testhad,31/03/2027, B
"""


def test_rag_letters_are_statuses(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    imported = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Ofsted"
    )
    assert imported.returncode == 0, imported.stderr
    assert "4 new" in imported.stdout, imported.stdout
    listing = run_cli(database.url, tmp_path, "say", "/actions plan ofsted")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    statuses = {
        ref: lines[i + 1].split("·")[0].strip()
        for i, line in enumerate(lines)
        for ref in ("1.1", "1.2", "2.1", "2.2")
        if line.startswith(f"{ref} ")
    }
    assert statuses == {
        "1.1": "🟢 On track",
        "1.2": "🟠 At risk",
        "2.1": "🔴 Off track",
        "2.2": "✅ Achieved",
    }, listing.stdout
    again = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Ofsted"
    )
    assert again.returncode == 0 and "Nothing changed" in again.stdout, again.stdout


def test_another_letter_is_refused(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN.replace(",G\n", ",X\n"), encoding="utf-8")
    refused = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Ofsted"
    )
    assert refused.returncode == 1, refused.stdout
    assert "row 2" in refused.stderr and "“X” is not a status I know" in refused.stderr
    assert "Nothing was imported." in refused.stderr
