"""After `/actions assign`, an action's lead text names a role as people write it (`HoS Leaving
Care`), not by its key in capitals (`HOS LEAVING CARE`), and an export of the plan imported
into another database finds the same owners. Through the CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

PLAN = (
    "Ref,Action,Lead,Timescale\n"
    "1.1,Staying close offer,HoS Leaving Care,31/03/2027\n"
    "1.2,Review placement sufficiency,AD,31/03/2027\n"
)


def test_an_assigned_role_is_written_as_people_write_it(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    assert run_cli(database.url, tmp_path, "import", "actions", str(path)).returncode == 0
    assigned = run_cli(
        database.url, tmp_path, "say", "/actions assign 1.2 new Bob Examplewood / HoS Leaving Care"
    ).stdout
    assert "1.2 is now owned by Bob Examplewood, HoS Leaving Care" in assigned, assigned
    out = tmp_path / "export.csv"
    assert run_cli(database.url, tmp_path, "export", "actions", str(out)).returncode == 0
    exported = out.read_text(encoding="utf-8")
    assert '"Bob Examplewood, HoS Leaving Care"' in exported, exported
    assert "HOS LEAVING CARE" not in exported, exported
    # Imported elsewhere, the export gives 1.2 the same two owners.
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert run_cli(elsewhere, tmp_path, "import", "actions", str(out)).returncode == 0
    shown = run_cli(elsewhere, tmp_path, "say", "/actions show 1.2").stdout
    assert "Owners: Bob Examplewood, HoS Leaving Care" in shown, shown
