"""`/meeting add` of a meeting on a day already past (added to import its minutes) said
"Summaries go to #cpac 7 and 1 days before." although a meeting held gets no summaries; it
now says nothing of summaries for it, and still says where they go for a meeting to come."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli


def test_a_past_meeting_is_promised_no_summaries(database: Database, tmp_path: Path) -> None:
    # The CLI's clock is the real one: a meeting half a year on is to come (and within the two
    # years ahead a meeting may be dated).
    ahead = (date.today() + timedelta(days=180)).isoformat()
    to_come = run_cli(database.url, tmp_path, "say", f"/meeting add Test Panel {ahead} 18:00 #tp")
    assert to_come.returncode == 0, to_come.stdout
    assert "Summaries go to #tp 7 and 1 days before." in to_come.stdout, to_come.stdout
    held = run_cli(database.url, tmp_path, "say", "/meeting add Test Panel 2026-01-05 18:00")
    assert held.returncode == 0, held.stdout
    assert "counts as held" in held.stdout, held.stdout
    assert "Summaries go to" not in held.stdout, held.stdout
    assert "No channel yet" not in held.stdout, held.stdout
