"""A setting that does not fit (or a --port out of range) stops every command with one line
naming it, exit 1, before the database is opened or a port is listened on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bot.cli import main

COMMANDS = [
    ["say", "/kpi pep"],
    ["serve", "--no-scheduler"],
    ["jobs", "run-due", "--now", "2027-01-04T09:00"],
]


@pytest.fixture
def listened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """The ports ``csbot serve`` would have listened on (it never does, here)."""
    ports: list[int] = []

    def run(_app: Any, **options: Any) -> None:
        ports.append(options["port"])

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cfg.db'}")
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_APP_TOKEN", "TEAMS_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    return ports


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "CSBOT_CORE_THREADS",
            "abc",
            "csbot: CSBOT_CORE_THREADS must be a whole number (got 'abc')",
        ),
        ("PORT", "99999", "csbot: PORT must be a whole number from 1 to 65535 (got '99999')"),
        (
            "TEAMS_ALLOW_UNAUTHENTICATED",
            "maybe",
            "csbot: TEAMS_ALLOW_UNAUTHENTICATED must be true or false (or yes/no, on/off, 1/0) "
            "(got 'maybe')",
        ),
        (
            "CSBOT_TIMEZONE",
            "Mars/Olympus",
            "csbot: CSBOT_TIMEZONE “Mars/Olympus” is not a time zone (e.g. Europe/London)",
        ),
    ],
)
def test_a_bad_setting_is_one_line(
    argv: list[str],
    name: str,
    value: str,
    expected: str,
    listened: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(name, value)
    assert main(argv) == 1
    assert one_line(capsys) == expected
    assert listened == []
    assert not (tmp_path / "cfg.db").exists()  # refused before the database was opened


@pytest.mark.parametrize("port", ["99999", "0", "-1", "65536"])
def test_serve_refuses_a_port_flag_out_of_range(
    port: str, listened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["serve", "--no-scheduler", "--port", port]) == 1
    assert one_line(capsys) == f"csbot: --port must be a whole number from 1 to 65535 (got {port})."
    assert listened == []
    assert not (tmp_path / "cfg.db").exists()


def test_serve_listens_on_the_ports_at_either_end(
    listened: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["serve", "--no-scheduler", "--port", "65535"]) == 0
    monkeypatch.setenv("PORT", "1")
    assert main(["serve", "--no-scheduler"]) == 0
    assert listened == [65535, 1]


def test_a_workspace_created_under_csbot_timezone_keeps_that_zone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    path = tmp_path / "tz.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("CSBOT_TIMEZONE", "Europe/Dublin")
    assert main(["say", "whoami"]) == 0
    monkeypatch.setenv("CSBOT_TIMEZONE", "Europe/Lisbon")
    assert main(["say", "whoami"]) == 0
    capsys.readouterr()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT key, timezone FROM workspace").fetchall() == [
            ("local", "Europe/Dublin")
        ]
