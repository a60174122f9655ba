"""A scheduled post that cannot be composed is retried later; the log, the report and the
outbox say what kind of error it was, not the data it quoted (names, update text)."""

from __future__ import annotations

import logging

import pytest

from commands.jobs import runner
from commands.jobs.notifier import NotifierRegistry, RecordingNotifier
from commands.jobs.runner import run_due
from storage.unit_of_work import Store
from tests.integration.test_jobs_outbox import SEVEN_DAY, _posts
from tests.integration.test_meeting_world import at, build_world

SECRET = "QA-Fake-Child-7"


def test_a_composing_failure_logs_no_data(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    build_world(store)

    def compose(self: object, post: object) -> object:
        raise ValueError(f"cannot place the update about {SECRET}")

    monkeypatch.setattr(runner.Composer, "compose", compose)
    with caplog.at_level(logging.INFO):
        report = run_due(
            store, NotifierRegistry({"slack": RecordingNotifier()}), now=at("2015-12-29 09:00")
        )
    assert report.retry >= 1
    assert "composing" in caplog.text and "ValueError" in caplog.text
    assert SECRET not in caplog.text
    assert [r for r in caplog.records if r.exc_info] == []
    assert SECRET not in "\n".join(report.lines)
    assert _posts(store)[SEVEN_DAY].last_error == "ValueError"
