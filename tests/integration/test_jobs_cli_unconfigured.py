"""``csbot jobs run-due`` says why posts wait when their platform is not configured, and
warns that a --now in the past still uses today's data."""

from __future__ import annotations

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.integration.test_meeting_world import build_world


def test_posts_for_an_unconfigured_platform_say_why_they_wait(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["jobs", "run-due", "--now", "2015-12-29T09:00"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(
        "Planned 3 new posts; sent 0, skipped 0, to retry 0. 3 posts wait: Slack is not "
        "configured (SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET); "
        "--to-file FILE would write them to FILE instead of sending them (they would then be "
        "done, and never sent to chat)."
    ), captured.out
    assert "Warning: --now 2015-12-29T09:00 is in the past" in captured.err
    assert "today's data" in captured.err


def test_a_current_now_gives_no_warning(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", "2999-01-01T09:00", "--send-early"]) == 0
    captured = capsys.readouterr()
    assert "Warning" not in captured.err
    assert "wait: Slack" not in captured.out
