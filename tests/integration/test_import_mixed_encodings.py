"""A CSV file put together from two sources, Windows-1252 (Excel's "CSV") and UTF-8 rows
pasted in, keeps each line's own letters: before, the whole file was read as Windows-1252 and
the UTF-8 lines' accents and quotes became "Ã©" and "â€™". Through the CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli


def test_each_line_of_a_mixed_file_keeps_its_own_letters(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(
        b"Ref,Action,Lead,Timescale\n"
        + "1.1,Review of café provision,Ann Testsmith,March 2027\n".encode("cp1252")
        + "1.2,Children’s panel résumé,Zoë Testwoman,March 2027\n".encode()
    )
    done = run_cli(database.url, tmp_path, "import", "actions", str(path), "--plan", "Test plan")
    assert done.returncode == 0, done.stderr
    shown = run_cli(database.url, tmp_path, "say", "/actions plan test plan").stdout
    assert "Review of café provision" in shown, shown
    assert "Children’s panel résumé" in shown, shown
    assert "Ã" not in shown and "â€" not in shown, shown
    people = run_cli(database.url, tmp_path, "say", "people").stdout
    assert "Zoë Testwoman" in people, people
