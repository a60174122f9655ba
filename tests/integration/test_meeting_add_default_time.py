"""``/meeting add`` without a time says the meeting starts at the default time and how to
change it (as the meetings importer does); with a time, or for a meeting already there, it
says nothing of it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from commands.meeting_store import DEFAULT_START
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
SAID = (
    f"No time was given, so it starts at {DEFAULT_START:%H:%M}: to change it, "
    "`/meeting add SP 2027-02-01 <time>` (like `/meeting add SP 2027-02-01 10:00`)."
)


def test_csbot_say_tells_the_time_was_assumed(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["say", "/meeting add Scrutiny Panel 2027-02-01"]) == 0
    reply = capsys.readouterr().out
    assert reply.startswith(f"Added SP 2027-02-01 (Scrutiny Panel). {SAID}"), reply
    assert main(["say", "/meeting add SP 2027-02-01 10:00"]) == 0
    changed = capsys.readouterr().out
    assert changed.startswith("Updated SP 2027-02-01"), changed
    assert "Mon 1 Feb 2027, 10:00" in changed and "No time was given" not in changed, changed


def test_a_time_given_or_a_meeting_already_there_says_nothing_of_it(store: Store) -> None:
    chat = make_chat(store, NOW)
    timed = chat.say("/meeting add Scrutiny Panel 2027-02-01 7pm #sp")
    assert "Mon 1 Feb 2027, 19:00" in timed and "No time was given" not in timed, timed
    again = chat.say("/meeting add SP 2027-02-01")
    assert "already there (Mon 1 Feb 2027, 19:00)" in again, again
    assert "No time was given" not in again, again
