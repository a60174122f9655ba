"""Claims are stamped when they are made, renewed before a send once a third of the lease old
and while the send lasts, and a post whose claim another worker took over is not sent by the
worker that lost it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

import commands.jobs.runner as runner
from commands.jobs.config import JobConfig
from commands.jobs.lease import running_clock
from commands.jobs.notifier import NotifierRegistry, Target
from commands.jobs.outbox import claim
from commands.jobs.runner import run_due
from commands.views import View
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.integration.test_meeting_world import at, build_world

START = at("2015-12-29 09:00")  # a summary and two digests are due


@dataclass
class SlowSlack:
    """Each send takes ``hold`` (Retry-After, say); ``rival`` acts inside send number
    ``rival_at`` (counting from 0)."""

    hold: timedelta
    clock: list[datetime] = field(default_factory=lambda: [START])
    rival: Callable[[], None] | None = None
    rival_at: int = 0
    sent: list[Target] = field(default_factory=list)

    def now(self) -> datetime:
        """The fake clock the run stamps claims with."""
        return self.clock[0]

    def send(self, target: Target, view: View) -> None:
        """Advance the clock by ``hold``, let the rival act if it is its turn, record."""
        self.clock[0] += self.hold
        if len(self.sent) == self.rival_at and self.rival is not None:
            self.rival()
        self.sent.append(target)


def _rival(store: Store, now: Callable[[], datetime], config: JobConfig) -> list[int]:
    """Another worker claims whatever it may at ``now()``; the ids it won."""
    with store.session_factory() as session:
        workspaces = list(set(session.scalars(select(ScheduledPost.workspace_id))))
    with store.session_factory() as session:
        return claim(
            store.engine,
            session,
            worker="rival",
            now=now(),
            workspace_ids=workspaces,
            platforms=["slack"],
            config=config,
        )


def _keep_rivals_claims(store: Store, ids: list[int]) -> None:
    """The rival is alive and keeps its claims: stamped a day ahead, they cannot go stale
    before this run ends, however slow the machine (the run would rightly take over claims
    of a rival that let them lapse)."""
    with store.session_factory() as session, session.begin():
        session.execute(
            update(ScheduledPost)
            .where(ScheduledPost.id.in_(ids))
            .values(claimed_at=START + timedelta(days=1))
        )


def _posts(store: Store) -> dict[int, ScheduledPost]:
    with store.session_factory() as session:
        return {p.id: p for p in session.scalars(select(ScheduledPost))}


def test_each_batch_is_claimed_at_the_time_it_is_claimed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_world(store)
    slack = SlowSlack(hold=timedelta(seconds=700))  # longer than the 600-second lease
    stamps: list[datetime] = []

    def recording_claim(*args: object, now: datetime, **kwargs: object) -> list[int]:
        stamps.append(now)
        return claim(*args, now=now, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "claim", recording_claim)
    report = run_due(
        store,
        NotifierRegistry({"slack": slack}),
        now=START,
        clock=slack.now,
        config=JobConfig(claim_batch=1),
    )
    assert report.sent == 3, report.summary()
    assert [(s - START) / timedelta(seconds=700) for s in stamps] == [0, 1, 2, 3]


def test_a_post_whose_claim_was_taken_over_while_it_waited_is_not_sent(store: Store) -> None:
    build_world(store)
    config = JobConfig()  # one batch holds all three posts
    # Each send takes 350 s: the third post has waited 700 s, over the lease, by the second.
    slack = SlowSlack(hold=timedelta(seconds=350), rival_at=1)
    won: list[int] = []
    slack.rival = lambda: won.extend(_rival(store, slack.now, config))
    report = run_due(
        store, NotifierRegistry({"slack": slack}), now=START, clock=slack.now, config=config
    )
    # The rival took over the post that waited too long (not the one being sent, whose claim
    # was renewed right before its send), and the worker that lost it did not send it too.
    assert len(won) == 1
    assert (report.sent, report.lost, len(slack.sent)) == (2, 1, 2), report.summary()
    taken = _posts(store)[won[0]]
    assert (taken.claimed_by, taken.state) == ("rival", "pending")


def test_a_claim_is_kept_alive_while_its_send_lasts_longer_than_the_lease(
    store: Store,
) -> None:
    build_world(store)
    config = JobConfig(lease_seconds=1)
    won: list[int] = []
    # The run's own clock (START plus the real time since), for the rival too: the batch's
    # claims are 1.6 s old when it looks, however long planning and composing took.
    clock = running_clock(START)

    @dataclass
    class HeldUp:
        sent: list[Target] = field(default_factory=list)

        def send(self, target: Target, view: View) -> None:
            if not self.sent:
                time.sleep(1.6)  # Retry-After: the send outlasts the lease
                won.extend(_rival(store, clock, config))
                _keep_rivals_claims(store, won)
            self.sent.append(target)

    slack = HeldUp()
    report = run_due(
        store, NotifierRegistry({"slack": slack}), now=START, clock=clock, config=config
    )
    # The rival took the posts still waiting in the batch, not the one being sent.
    assert len(won) == 2 and report.sent == 1 and len(slack.sent) == 1, report.summary()
    sent = [p for p in _posts(store).values() if p.state == "sent"]
    assert len(sent) == 1 and sent[0].id not in won
