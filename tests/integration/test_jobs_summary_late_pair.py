"""A summary that would go out so late that the next one is nearly due is skipped (with its
reason in the outbox), so a committee does not get two near-identical summaries an hour apart.

CPAC meets on Tue 5 Jan 2016: its 7-day summary is due Tue 29 Dec 2015 09:00, its 1-day one
Mon 4 Jan 2016 09:00 (see test_meeting_world)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from commands.meeting_store import get_or_create_meeting, starts_at
from storage.models import Committee, ScheduledPost
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import seeded
from tests.integration.test_meeting_world import CHANNEL, TZ, at, build_world

SEVEN_DAY = "summary:2:2016-01-05:7d"
ONE_DAY = "summary:2:2016-01-05:1d"
WHY = (
    "too late: the 1-day summary of CPAC 2016-01-05 is due Mon 4 Jan 2016, 09:00, "
    "so only that one goes out"
)


def _posts(store: Store) -> dict[str, tuple[str, str]]:
    """Summary posts in the outbox: key -> (state, last error)."""
    with store.session_factory() as session:
        rows = session.scalars(select(ScheduledPost).where(ScheduledPost.kind == "summary"))
        return {p.key: (p.state, p.last_error) for p in rows}


def _summaries_sent(notifier: RecordingNotifier) -> list[str]:
    return [getattr(view, "heading", "") for view in notifier.to(channel_id=CHANNEL)]


def test_run_due_an_hour_apart_posts_one_summary(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_world(store)  # no run since the channel was set: the 7-day summary was never sent
    monkeypatch.setenv("DATABASE_URL", database.url)
    out = tmp_path / "posts.jsonl"
    run = ["jobs", "run-due", "--to-file", str(out), "--now"]
    assert main([*run, "2016-01-04T08:30"]) == 0
    first = capsys.readouterr().out
    assert f"skipped {SEVEN_DAY}: {WHY}" in first, first
    assert "skipped 1" in first
    assert main([*run, "2016-01-04T09:30"]) == 0
    assert f"wrote {ONE_DAY} to {out}" in capsys.readouterr().out
    posts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    headings = [p["view"]["heading"] for p in posts if p["target"]["channel_id"] == CHANNEL]
    assert headings == ["Pre-meeting summary: CPAC 2016-01-05 (tomorrow)"]
    assert _posts(store) == {SEVEN_DAY: ("skipped", WHY), ONE_DAY: ("sent", "")}


def test_one_planned_at_the_weekend_is_skipped_before_the_next_is_due(store: Store) -> None:
    build_world(store)
    slack = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": slack})
    saturday = run_due(store, notifiers, now=at("2016-01-02 12:00"))  # planned, not sent
    assert (saturday.planned, saturday.sent) == (1, 0), saturday.summary()
    monday = run_due(store, notifiers, now=at("2016-01-04 08:00"))
    assert f"skipped {SEVEN_DAY}: {WHY}" in monday.lines, monday.summary()
    assert _summaries_sent(slack) == []
    run_due(store, notifiers, now=at("2016-01-04 09:00"))
    assert _summaries_sent(slack) == ["Pre-meeting summary: CPAC 2016-01-05 (tomorrow)"]
    again = run_due(store, notifiers, now=at("2016-01-04 09:05"))
    assert again.skipped == 0, again.summary()  # counted once, in the run that skipped it


def test_a_summary_on_time_or_a_few_minutes_late_still_goes(store: Store) -> None:
    world = build_world(store)
    slack = RecordingNotifier()
    notifiers = NotifierRegistry({"slack": slack})
    run_due(store, notifiers, now=at("2015-12-29 09:05"))
    assert _summaries_sent(slack) == ["Pre-meeting summary: CPAC 2016-01-05 (in 7 days)"]
    # Summaries two days and one day before a Thursday meeting: a day apart, so a run a few
    # minutes late for the first must not skip it.
    with seeded(store) as uow:
        committee = uow.session.get(Committee, world.committee_id)
        assert committee is not None
        committee.summary_days_before = ["2", "1"]
        on = date(2016, 1, 14)
        get_or_create_meeting(uow.repos, committee, on, starts_at(on, None, TZ))
    run_due(store, notifiers, now=at("2016-01-12 09:10"))
    run_due(store, notifiers, now=at("2016-01-13 09:10"))
    assert _summaries_sent(slack)[1:] == [
        "Pre-meeting summary: CPAC 2016-01-14 (in 2 days)",
        "Pre-meeting summary: CPAC 2016-01-14 (tomorrow)",
    ]
