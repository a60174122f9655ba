"""Retries back off (5, 10, 20, 40 minutes... up to 2 hours) and go on while the post is
still worth sending; a post whose target cannot be reached yet (the app is not installed
there) waits without using up attempts until it can be sent or it expires."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from commands.jobs.config import JobConfig
from commands.jobs.notifier import NotifierRegistry, Target
from commands.jobs.runner import run_due
from commands.views import View
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import CHANNEL, at, build_world

SEVEN_DAY = "summary:2:2016-01-05:7d"


class NotInstalled(LookupError):
    """What a notifier raises when it has no conversation with the target yet."""


@dataclass
class ChannelDown:
    """Fails every post to a channel with ``error`` while ``down``; direct messages go."""

    error: Exception = field(default_factory=lambda: RuntimeError("service unavailable"))
    down: bool = True
    sent: list[Target] = field(default_factory=list)

    def send(self, target: Target, view: View) -> None:
        """Record the post, or raise for a channel while the channel is down."""
        if self.down and target.channel_id:
            raise self.error
        self.sent.append(target)


def _summary(store: Store) -> ScheduledPost:
    with store.session_factory() as session:
        post = session.scalars(select(ScheduledPost).where(ScheduledPost.key == SEVEN_DAY)).one()
        session.expunge(post)
        return post


def _run(store: Store, slack: ChannelDown, now: datetime, config: JobConfig | None = None):  # type: ignore[no-untyped-def]
    return run_due(store, NotifierRegistry({"slack": slack}), now=now, config=config or JobConfig())


def test_a_failing_summary_backs_off_and_is_not_given_up_while_it_is_valid(store: Store) -> None:
    build_world(store)
    slack = ChannelDown()
    now = at("2015-12-29 09:00")
    waits = []
    for _ in range(7):
        report = _run(store, slack, now)
        assert report.retry == 1 and report.failed == 0, report.summary()
        post = _summary(store)
        assert post.state == "pending"
        waits.append((post.next_attempt_at - now) / timedelta(minutes=1))
        assert _run(store, slack, post.next_attempt_at - timedelta(minutes=1)).retry == 0
        now = post.next_attempt_at
    assert waits == [5, 10, 20, 40, 80, 120, 120]
    assert _summary(store).attempts == 7
    slack.down = False  # the outage is over: the summary still goes out, once
    report = _run(store, slack, now)
    assert report.sent == 1, report.summary()
    assert [t.channel_id for t in slack.sent if t.channel_id] == [CHANNEL]
    assert (_summary(store).state, _summary(store).attempts) == ("sent", 8)


def test_it_is_given_up_when_the_next_try_would_come_after_it_expires(store: Store) -> None:
    build_world(store)
    slack = ChannelDown()
    _run(store, slack, at("2015-12-29 09:00"))  # attempt 1
    # The 7-day summary is valid until the 1-day one is due, Monday 4 January 09:00.
    assert _run(store, slack, at("2016-01-04 08:00")).retry == 1  # 2: again at 08:10
    assert _run(store, slack, at("2016-01-04 08:10")).retry == 1  # 3: again at 08:30
    last = _run(store, slack, at("2016-01-04 08:30"))  # 4: 09:10 would be too late
    assert (last.retry, last.failed) == (0, 1), last.summary()
    assert (
        f"failed {SEVEN_DAY}: RuntimeError: service unavailable (gave up after 4 attempts)"
        in last.lines
    )
    assert (_summary(store).state, _summary(store).attempts) == ("failed", 4)


def test_a_post_that_cannot_reach_its_target_yet_waits_without_using_attempts(
    store: Store,
) -> None:
    build_world(store)
    slack = ChannelDown(error=NotInstalled("install the app in the team first (will retry)"))
    now = at("2015-12-29 09:00")
    for minute in range(0, 60, 5):  # far more tries than any attempt limit
        report = _run(store, slack, now + timedelta(minutes=minute), JobConfig(max_attempts=2))
        assert report.failed == 0, report.summary()
    post = _summary(store)
    assert (post.state, post.attempts) == ("pending", 0)
    assert "install the app" in post.last_error
    assert any(line.startswith(f"waiting {SEVEN_DAY}: NotInstalled:") for line in report.lines)
    slack.down = False  # the app was installed
    assert _run(store, slack, now + timedelta(minutes=60)).sent == 1
    assert (_summary(store).state, _summary(store).attempts) == ("sent", 1)


def test_a_post_that_never_becomes_reachable_expires_saying_why(store: Store) -> None:
    build_world(store)
    slack = ChannelDown(error=NotInstalled("install the app in the team first"))
    _run(store, slack, at("2015-12-29 09:00"))
    report = _run(store, slack, at("2016-01-04 09:00"))  # the 7-day summary's moment passed
    post = _summary(store)
    assert post.state == "skipped"
    assert post.last_error == (
        "expired before it could be sent; last failure: NotInstalled: install the app in the "
        "team first"
    )
    assert f"skipped {SEVEN_DAY}: {post.last_error}" in report.lines


def test_a_key_error_is_a_bug_not_a_wait(store: Store) -> None:
    build_world(store)
    slack = ChannelDown(error=KeyError("heading"))
    report = _run(store, slack, at("2015-12-29 09:00"))
    assert f"failed {SEVEN_DAY}: KeyError: 'heading' (will retry)" in report.lines
    assert _summary(store).attempts == 1
