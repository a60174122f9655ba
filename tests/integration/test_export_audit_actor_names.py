"""``csbot export audit --actor`` finds one person's changes whatever name they were made
under: accents aside (``Zoe Brown`` for changes recorded as Zoë Brown's), under their name
before a rename, and those of somebody merged into them. Before, the filter matched the
recorded text by case only, so a subject-access search missed records without a word."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = (
    "Ref,Action,Lead,Timescale\n1.1,Audit the PEPs,Zoë Brown,31/05/2027\n"
    "1.2,Book the schools,Marcus Testdell,31/05/2027\n"
)


def _actors(database: Database, home: Path, actor: str) -> list[str]:
    done = run_cli(database.url, home, "export", "audit", "-", "--actor", actor)
    assert done.returncode == 0, done.stderr
    return [row["Actor"] for row in csv.DictReader(io.StringIO(done.stdout))]


def test_an_actor_is_found_by_any_name_they_changed_things_under(
    database: Database, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    assert run_cli(database.url, tmp_path, "import", "actions", str(plan)).returncode == 0

    def say(who: str, text: str) -> None:
        speaker = ["--as", who] if who else []
        done = run_cli(database.url, tmp_path, "say", *speaker, text)
        assert done.returncode == 0 and "✔" in done.stdout, done.stdout + done.stderr

    say("Zoë Brown", "/actions due 1.1 30/06/2027")
    say("Marcus Testdell", "/actions update 1.2 first schools booked")

    # Accents aside: the change recorded as Zoë's is found by the name typed plainly.
    plainly = _actors(database, tmp_path, "Zoe Brown")
    assert plainly and all("Zoë Brown" in a for a in plainly), plainly

    # Renamed, and Marcus merged into her: her former name's changes and his are hers.
    say("", "rename Zoë Brown to Zoë Brown-Okafor")
    say("", "merge Marcus Testdell into Zoë Brown-Okafor")
    found = _actors(database, tmp_path, "Brown-Okafor")
    assert any("Zoë Brown)" in a or a.endswith("(Zoë Brown)") for a in found), found
    assert any("Marcus Testdell" in a for a in found), found
    # A hyphenated name typed with a space finds the same.
    assert _actors(database, tmp_path, "Zoe Brown Okafor") == found
    # Somebody else's changes are not in it.
    assert not any("operator" in a.split("(")[0] and "Zoë" not in a for a in found), found
