"""``/meeting more <section>`` with nothing to list says what the summary's section says
("Every other item has been updated …", "No plans are linked …"), not "Nothing to show."."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from commands.demo import build_demo
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import at

FRESH = "Every other item has been updated or added in the last 30 days."


def test_csbot_say_more_stale_on_the_demo_says_what_the_summary_says(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_demo(store, "local")
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["say", "/meeting prep"]) == 0
    summary = capsys.readouterr().out
    assert f"Also no update for 30 days (0)\n  {FRESH}" in summary, summary
    assert main(["say", "/meeting more stale"]) == 0
    more = capsys.readouterr().out
    assert FRESH in more and "Nothing to show" not in more, more


def test_with_no_plans_linked_each_section_says_what_the_summary_says(store: Store) -> None:
    chat = make_chat(store, at("2027-03-01 09:00"))
    chat.say("/meeting add Scrutiny Panel 2027-04-01 10:00 #sp")
    summary = chat.say("/meeting prep SP 2027-04-01")
    for key, empty in (
        ("plans", "No plans are linked. Link one with /meeting link <meeting> plan <plan>."),
        ("stale", "No plans are linked."),
        ("arising", "This is the committee's first meeting in csbot."),
    ):
        assert empty in summary, summary
        more = chat.say(f"/meeting more {key} SP 2027-04-01")
        assert empty in more and "Nothing to show" not in more, (key, more)
