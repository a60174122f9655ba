"""A plan's RAG cell rating an action between two colours with a slash ("Amber/Green",
"Red / Amber", as five-point RAG scales write it) refused the whole file, while "Amber - Green"
was read as its first colour; a slash now reads the same as the dash."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,RAG
1.1,Audit supervision,Tia Testfield,31/03/2030,Amber/Green
1.2,Review the panel,Tia Testfield,31/03/2030,Red / Amber
1.3,Train the managers,Tia Testfield,31/03/2030,Amber - Green
1.4,Publish the offer,Tia Testfield,31/03/2030,Green/Blue
"""


def test_a_rating_between_two_colours_is_the_first(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    done = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Rag"
    )
    assert done.returncode == 0, done.stderr
    listing = run_cli(database.url, tmp_path, "say", "/actions plan rag")
    lines = listing.stdout.splitlines()
    statuses = [lines[i + 1].split("·")[0].strip() for i, x in enumerate(lines) if x[:2] == "1."]
    assert statuses == ["🟠 At risk", "🔴 Off track", "🟠 At risk", "🟢 On track"], listing.stdout
