"""``csbot jobs run-due --now``: moments out of range and an empty value are refused."""

from __future__ import annotations

import pytest

from bot.cli import main
from tests.conftest import Database


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31T23:59-12:00"]
)
def test_run_due_refuses_a_moment_out_of_range(
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    moment: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", moment]) == 1
    captured = capsys.readouterr()
    assert f"--now {moment!r} is out of range" in captured.err
    assert "Nothing was run." in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_run_due_refuses_an_empty_now(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", ""]) == 1
    captured = capsys.readouterr()
    assert "--now is empty" in captured.err
    assert captured.out == ""
