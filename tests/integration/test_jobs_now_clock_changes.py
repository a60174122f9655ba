"""``csbot jobs run-due --now`` at a wall time the clocks skip is refused (as ``/meeting add``
refuses such a start); one they pass twice is the first, and a note says so and how to give
the second. Run as ``python -m bot.cli``, a refusal is one line, never a traceback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.jobs_cli import parse_now, twice_note
from tests.conftest import Database
from tests.helpers import run_cli

LONDON = "Europe/London"
SKIPPED = (
    "csbot: --now '2027-03-28T01:30' does not exist in Europe/London: the clocks go forward "
    "over 01:30 on Sun 28 Mar 2027. Give a time before or after the change, or one with its "
    "UTC offset (such as 2027-03-28T01:30+00:00). Nothing was run."
)
TWICE = (
    "Note: --now 2026-10-25T01:30 happens twice in Europe/London (the clocks go back): it is "
    "read as the first, 01:30 BST (00:30 UTC). For the second, give its offset: "
    "--now 2026-10-25T01:30+00:00."
)


@pytest.fixture
def cli_env(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CSBOT_TIMEZONE", LONDON)
    return tmp_path


def test_a_time_the_clocks_skip_is_refused(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli_env / "posts.jsonl"
    code = main(["jobs", "run-due", "--now", "2027-03-28T01:30", "--to-file", str(out)])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == SKIPPED, captured.err
    assert captured.out == "" and not out.exists()


def test_a_time_the_clocks_pass_twice_is_the_first_and_a_note_says_so(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli_env / "posts.jsonl"
    assert main(["jobs", "run-due", "--now", "2026-10-25T01:30", "--to-file", str(out)]) == 0
    captured = capsys.readouterr()
    assert TWICE in captured.err, captured.err
    assert captured.out.startswith("Planned "), captured.out
    with_offset = ["jobs", "run-due", "--now", "2026-10-25T01:30+00:00", "--to-file", str(out)]
    assert main(with_offset) == 0
    assert "happens twice" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-10-25T01:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("2026-10-25T01:30+00:00", datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
        ("2027-03-28T00:59", datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
        ("2027-03-28T02:00", datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
    ],
)
def test_the_moment_read(text: str, utc: datetime) -> None:
    moment = parse_now(text, LONDON)
    assert moment.astimezone(UTC) == utc
    assert (twice_note(text, moment) is not None) == (text == "2026-10-25T01:30")


def test_run_as_a_module_a_refusal_is_one_line(database: Database, cli_env: Path) -> None:
    for now in ("2027-03-28T01:30", "next tuesday"):
        done = run_cli(database.url, cli_env, "jobs", "run-due", "--now", now)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"csbot: --now '{now}' "), done.stderr
        assert "Traceback" not in done.stderr, done.stderr
