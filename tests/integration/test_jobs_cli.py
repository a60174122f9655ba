"""``csbot jobs run-due`` and the scheduler thread that ``csbot serve`` starts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.cli import main
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.scheduler import start_scheduler
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat
from tests.integration.test_meeting_world import CHANNEL, at, build_world


def test_run_due_posts_once_and_reports_what_it_did(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    out = tmp_path / "posts.jsonl"
    args = ["jobs", "run-due", "--now", "2015-12-29T09:00", "--to-file", str(out)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert first.startswith(
        f"Planned 3 new posts; wrote 3 to {out} (not sent to chat), skipped 0, to retry 0."
    )
    assert f"wrote summary:2:2016-01-05:7d to {out} (for slack:#{CHANNEL})" in first
    assert "sent summary" not in first
    posts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summary = next(p for p in posts if p["target"]["channel_id"] == CHANNEL)
    assert summary["view"]["heading"] == "Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("Planned 0 new posts; wrote 0")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_run_due_refuses_a_bad_now(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", "next tuesday"]) == 1
    assert "--now 'next tuesday' is not an ISO date-time" in capsys.readouterr().err


def test_console_workspace_summaries_are_printed(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_chat(store, at("2015-12-01 10:00")).say(
        "/meeting add Corporate Parenting Advisory Committee 2016-01-05 18:30 #cpac"
    )
    monkeypatch.setenv("DATABASE_URL", database.url)
    # Naive --now is wall time in London.
    assert main(["jobs", "run-due", "--now", "2016-01-04T09:30"]) == 0
    out = capsys.readouterr().out
    assert "--- to console:#cpac ---\nPre-meeting summary: CPAC 2016-01-05 (tomorrow)" in out
    assert "sent summary:1:2016-01-05:1d to console:#cpac" in out


def test_the_scheduler_thread_runs_due_work_once(store: Store) -> None:
    build_world(store)
    recorder = RecordingNotifier()
    scheduler = start_scheduler(
        store,
        NotifierRegistry({"slack": recorder}),
        interval_seconds=0.1,
        clock=lambda: at("2015-12-29 09:00"),
    )
    try:
        deadline = time.monotonic() + 10
        while not recorder.to(channel_id=CHANNEL) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # several more ticks
    finally:
        scheduler.shutdown(wait=True)
    assert len(recorder.to(channel_id=CHANNEL)) == 1
    assert len(recorder.sent) == 3
