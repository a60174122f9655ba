"""Slack's answers that no retry can change (a deactivated user, an archived channel) mark the
post failed at once, through the real Slack notifier and the fake Slack Web API."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.slack.notifier import SlackNotifier
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import run_due
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import CHANNEL, at, build_world
from tests.slack.fake_slack import FakeSlack

NOW = at("2015-12-29 09:00")  # the 7-day summary and Dominic's and Margaret's digests


def _registry(fake: FakeSlack) -> NotifierRegistry:
    return NotifierRegistry({"slack": SlackNotifier(api_url=fake.api_url, bot_token="xoxb-p")})


def _posts(store: Store) -> dict[str, ScheduledPost]:
    with store.session_factory() as session:
        return {p.key: p for p in session.scalars(select(ScheduledPost))}


def test_a_deactivated_user_and_an_archived_channel_are_not_retried(
    store: Store, fake: FakeSlack
) -> None:
    build_world(store)
    fake.fail("conversations.open", status=200, body={"ok": False, "error": "user_disabled"})
    fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "is_archived"})
    report = run_due(store, _registry(fake), now=NOW)
    posts = _posts(store)
    summary = posts["summary:2:2016-01-05:7d"]
    assert (summary.state, summary.attempts) == ("failed", 1)
    assert "is_archived" in summary.last_error
    failed = sorted(line for line in report.lines if line.startswith("failed "))
    assert len(failed) == 2 and report.failed == 2 and report.retry == 0
    assert any(line.endswith("(not retried: Slack said is_archived)") for line in failed)
    assert any(line.endswith("(not retried: Slack said user_disabled)") for line in failed)
    # A later run does not try them again.
    calls = len(fake.calls)
    later = run_due(store, _registry(fake), now=NOW + timedelta(minutes=10))
    assert (later.failed, later.retry) == (0, 0)
    assert [c for c in fake.calls[calls:] if c.args.get("channel") == CHANNEL] == []


def test_a_rate_limit_or_server_error_is_still_retried(store: Store, fake: FakeSlack) -> None:
    build_world(store)
    fake.fail("chat.postMessage", status=200, body={"ok": False, "error": "internal_error"})
    report = run_due(store, _registry(fake), now=NOW)
    assert report.retry == 1 and report.failed == 0
    assert any(line.endswith("(will retry)") for line in report.lines)
