"""``csbot jobs run-due`` guards against posts sent by mistake: an empty ``--to-file`` (an
unset shell variable) is refused rather than posting to chat, and a ``--now`` ahead of the
clock posts to chat only with ``--send-early`` (what is due by then would be marked sent and
never go at its time). Dates that do not exist are named; a workspace with no chat accounts
says so once rather than naming everybody as without one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.cli import main
from storage.models import ScheduledPost, utcnow
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import make_person, make_plan, seeded
from tests.integration.test_meeting_world import build_world


def _posts(store: Store) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(ScheduledPost)) or 0


@pytest.fixture
def world(store: Store, database: Database, monkeypatch: pytest.MonkeyPatch) -> Store:
    """CPAC's world (officers on Slack), its meetings a month ahead of the real clock, with
    the CLI pointed at it and Slack not configured (posts to chat wait, and say so)."""
    build_world(store, now=utcnow() + timedelta(days=2))
    monkeypatch.setenv("DATABASE_URL", database.url)
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return store


def test_an_empty_to_file_is_refused_and_nothing_is_run(
    world: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "run-due", "--to-file", ""]) == 1
    captured = capsys.readouterr()
    assert "--to-file is empty" in captured.err and "Nothing was run." in captured.err
    assert captured.out == ""
    assert _posts(world) == 0


def test_a_now_ahead_of_the_clock_posts_only_when_told_to(
    world: Store, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    ahead = (utcnow() + timedelta(days=60)).strftime("%Y-%m-%dT10:00+00:00")
    assert main(["jobs", "run-due", "--now", ahead]) == 1
    refused = capsys.readouterr()
    assert f"--now {ahead} is ahead of the clock" in refused.err, refused.err
    assert "--to-file FILE" in refused.err and "--send-early" in refused.err
    assert "Nothing was run." in refused.err
    assert _posts(world) == 0
    assert main(["jobs", "run-due", "--now", ahead, "--send-early"]) == 0
    sent = capsys.readouterr()
    assert sent.out.startswith("Planned "), sent.out
    assert "Warning" not in sent.err


def test_send_early_without_now_is_refused(
    world: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "run-due", "--send-early"]) == 1
    err = capsys.readouterr().err
    assert "--send-early goes with a --now ahead of the clock" in err, err
    assert _posts(world) == 0


def test_a_now_ahead_of_the_clock_may_be_written_to_a_file(
    world: Store, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    ahead = (utcnow() + timedelta(days=60)).strftime("%Y-%m-%dT10:00+00:00")
    out = f"{tmp_path}/posts.jsonl"
    assert main(["jobs", "run-due", "--now", ahead, "--to-file", out]) == 0
    assert "(not sent to chat)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("moment", "why"),
    [
        ("2027-02-30T09:00", "February 2027 has 28 days, so there is no day 30"),
        ("2028-02-30", "February 2028 has 29 days, so there is no day 30"),
        ("2027-13-01T09:00", "there is no month 13"),
    ],
)
def test_a_day_that_does_not_exist_is_named(
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    moment: str,
    why: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", moment]) == 1
    err = capsys.readouterr().err
    assert f"--now {moment!r}: {why}. Nothing was run." in err, err


def test_the_earliest_moment_is_named_as_it_is_checked(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", "1970-01-01T12:00"]) == 1
    err = capsys.readouterr().err
    assert "give a moment after 1 January 1970 and before 3000" in err, err


def test_a_workspace_without_chat_accounts_says_so_once(
    store: Store,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: object,
) -> None:
    with seeded(store) as uow:
        make_person(uow, "Ann Testsmith")
        make_plan(
            uow,
            "Test plan",
            [
                {
                    "ref": "1.1",
                    "title": "Recruit carers",
                    "lead": "Ann Testsmith",
                    "due": date(2016, 1, 13),
                },
                {
                    "ref": "1.2",
                    "title": "Review PEPs",
                    "lead": "Ann Testsmith",
                    "due": date(2016, 1, 12),
                },
            ],
        )
    monkeypatch.setenv("DATABASE_URL", database.url)
    out = f"{tmp_path}/posts.jsonl"
    assert main(["jobs", "run-due", "--now", "2016-01-11T10:00+00:00", "--to-file", out]) == 0
    report = capsys.readouterr().out
    assert "no chat account" not in report, report
    assert (
        "Nudges and report reminders go to people's Slack or Teams accounts, and this "
        "workspace is not a Slack or Teams one: 2 actions due soon are not reminded."
    ) in report, report
