"""The scheduler inside ``csbot serve`` logs which actions nobody can be reminded about by
their refs alone: the reasons name people, and a log must not (the run-due report, asked for
by an administrator, still gives them)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from commands.demo import build_demo
from commands.jobs.notifier import NotifierRegistry
from commands.jobs.runner import run_due
from commands.jobs.scheduler import tick
from storage.unit_of_work import Store
from tests.factories import link_chat_user, seeded

MONDAY_MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def test_the_scheduler_log_names_refs_not_people(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    build_demo(store, "local", today=date(2026, 12, 7))
    with seeded(store) as uow:  # someone to remind, so that the run plans posts
        for user, name in (("UANN", "annie walker"), ("UDPM", "dominic porter-moore")):
            link_chat_user(uow, "slack", user, uow.repos.people.person_by_key(name))
    with caplog.at_level(logging.INFO, logger="commands.jobs.scheduler"):
        tick(store, NotifierRegistry(), clock=lambda: MONDAY_MORNING, worker="t")
    logged = caplog.text
    assert "nobody to remind" in logged
    for name in ("Fiona Smith", "Jon Abbey", "Neelam Bhardwaja", "no chat account"):
        assert name not in logged, logged


def test_the_run_report_still_says_why(store: Store) -> None:
    build_demo(store, "local", today=date(2026, 12, 7))
    with seeded(store) as uow:  # accounts linked: the others' lack of one is named
        link_chat_user(uow, "slack", "UANN", uow.repos.people.person_by_key("annie walker"))
    report = run_due(store, NotifierRegistry(), now=MONDAY_MORNING, worker="t")
    assert any("no chat account" in line for line in report.unreachable), report.unreachable
    assert report.unreachable_refs and not any(
        "no chat account" in line for line in report.unreachable_refs
    )
