"""A list's "last update" line of an action whose newest update is a status change alone
(`/actions update 1.2 #off-track`, `/actions done 1.3`) said nothing after its colon
("last update 6 Dec 2026: "), in the console and in Slack; it now names the change
("status At risk → Off track"), as Teams did with "(status change)"."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = """Ref,Action,Lead,Timescale,RAG,Progress to date
1.1,Recruit ten new foster carers,Tam Testwood,31/03/2030,Amber,Campaign launched
1.2,Set up the Children in Care Council,Tam Testwood,31/03/2030,,
"""


def _last_update_lines(listing: str) -> list[str]:
    return [line.strip() for line in listing.splitlines() if "last update" in line]


def test_a_status_change_alone_is_named_in_lists(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    imported = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", "Fp"
    )
    assert imported.returncode == 0, imported.stderr
    for command in ("/actions update 1.1 #off-track", "/actions done 1.2"):
        said = run_cli(database.url, tmp_path, "say", command)
        assert said.returncode == 0 and "✔" in said.stdout, said.stdout
    listing = run_cli(database.url, tmp_path, "say", "/actions plan fp")
    assert listing.returncode == 0, listing.stderr
    lines = _last_update_lines(listing.stdout)
    assert len(lines) == 2, listing.stdout
    assert lines[0].endswith(": status At risk → Off track"), listing.stdout
    assert lines[1].endswith(": status Not started → Achieved"), listing.stdout
    # Words logged later are shown as before.
    said = run_cli(database.url, tmp_path, "say", "/actions update 1.1 Two carers approved")
    assert said.returncode == 0, said.stdout
    listing = run_cli(database.url, tmp_path, "say", "/actions for Tam Testwood")
    assert _last_update_lines(listing.stdout)[0].endswith(": Two carers approved"), listing.stdout
