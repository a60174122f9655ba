"""``csbot jobs run-due --to-file FILE``: a FILE that cannot be written is refused before any
post is claimed, and a write that fails during the run costs no post an attempt."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from commands.jobs.notifier import (
    JsonLinesNotifier,
    LocalOutputError,
    NotifierRegistry,
    Target,
)
from commands.jobs.runner import run_due
from commands.views import View
from storage.models import ScheduledPost
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.integration.test_meeting_world import at, build_world


def _stored(store: Store) -> list[tuple[str, int, str | None]]:
    with store.session_factory() as session:
        return [
            (p.state, p.attempts, p.claimed_by)
            for p in session.scalars(select(ScheduledPost).order_by(ScheduledPost.id))
        ]


@pytest.mark.parametrize("where", ["a directory", "a missing folder"])
def test_a_file_that_cannot_be_written_is_refused_up_front(
    where: str,
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    path = tmp_path if where == "a directory" else tmp_path / "nowhere" / "posts.jsonl"
    reason = "Is a directory" if where == "a directory" else "No such file or directory"
    assert main(["jobs", "run-due", "--now", "2015-12-29T09:00", "--to-file", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"csbot: --to-file {path}: cannot write to it ({reason}). Nothing was run.\n"
    )
    assert captured.out == ""
    with store.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ScheduledPost)) == 0


def test_a_write_that_fails_mid_run_gives_the_posts_back_untouched(store: Store) -> None:
    build_world(store)

    class DiskFull:
        def send(self, target: Target, view: View) -> None:
            raise LocalOutputError("No space left on device")

    with pytest.raises(LocalOutputError):
        run_due(store, NotifierRegistry({"slack": DiskFull()}), now=at("2015-12-29 09:00"))
    assert _stored(store) == [("pending", 0, None)] * 3

    # The next run, with room on the disk, sends them all: nothing was lost or used up.
    class Works:
        def send(self, target: Target, view: View) -> None:
            pass

    later = run_due(store, NotifierRegistry({"slack": Works()}), now=at("2015-12-29 09:01"))
    assert later.sent == 3
    assert {s[:2] for s in _stored(store)} == {("sent", 1)}


def test_the_cli_says_in_one_line_that_the_run_stopped(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)

    def disk_full(self: JsonLinesNotifier, target: Target, view: View) -> None:
        raise LocalOutputError("No space left on device")

    monkeypatch.setattr(JsonLinesNotifier, "send", disk_full)
    out = tmp_path / "posts.jsonl"
    assert main(["jobs", "run-due", "--now", "2015-12-29T09:00", "--to-file", str(out)]) == 1
    # The warning that --now is past comes first, before anything is sent.
    warning, stopped = capsys.readouterr().err.splitlines()
    assert warning.startswith("Warning: --now 2015-12-29T09:00 is in the past"), warning
    assert stopped == (
        f"csbot: --to-file {out}: cannot write to it (No space left on device). The run "
        "stopped; posts written before it are done, the others wait for the next run."
    )
    assert {s[:2] for s in _stored(store)} == {("pending", 0)}
