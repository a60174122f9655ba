"""`/actions search` with about a thousand words (a short word pasted over and over) failed
on SQLite with "The database … failed: Expression tree is too large". A word typed again is
now searched for once, and more than 50 different words are refused, saying why, before the
database is asked."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale
1.1,Recruit foster carers,Tia Testfield,31/03/2030
1.2,Review the placement panel,Tia Testfield,31/03/2030
"""


def test_many_words_are_answered_not_failed(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    done = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Fp"
    )
    assert done.returncode == 0, done.stderr
    search = "/actions search " + "a " * 1300 + "foster"  # 2,622 characters
    repeated = run_cli(database.url, tmp_path, "say", search)
    assert repeated.returncode == 0, repeated.stderr
    assert repeated.stdout.startswith("Actions matching “a foster” (1 item)"), repeated.stdout
    assert "1.1  Recruit foster carers" in repeated.stdout
    words = " ".join(f"w{i}" for i in range(700))  # 3,289 characters
    many = run_cli(database.url, tmp_path, "say", f"/actions search {words}")
    assert many.returncode == 0, many.stderr
    assert "That is 700 words to search for" in many.stdout, many.stdout
    assert "at most 50" in many.stdout
