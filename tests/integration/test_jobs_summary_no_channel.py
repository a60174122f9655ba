"""A committee with no channel is not silently left without summaries: the meetings import
names it (once, with the command to give it a channel), and each run-due report names the
summary that was due but had nowhere to go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from commands.importers import run_import
from storage.unit_of_work import Store
from tests.conftest import Database

HEAD = "committee,date,time,item,lead,report_due,publication_date,channel\n"
ROWS = (
    "Corporate Parenting Advisory Committee,2027-01-11,18:30,Performance,,,,#cpac\n"
    "Adoption Board,2026-12-08,14:00,Adoption performance,,2026-12-01,,\n"
    "Adoption Board,2026-12-29,14:00,Year end,,2026-12-18,,\n"
)
NO_CHANNEL = (
    "No channel yet for Adoption Board, so its scheduled summaries have nowhere to go: "
    "add one with /meeting channel AB #channel."
)
DUE_NOWHERE = (
    "1 summary due has no channel to go to: AB 2026-12-08 "
    "(add one with /meeting channel AB #channel)."
)


def _file(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def test_the_import_names_a_committee_without_a_channel_once(store: Store, tmp_path: Path) -> None:
    report = run_import(store, "local", "meetings", _file(tmp_path))
    assert report.notes.count(NO_CHANNEL) == 1, report.summary()  # two meetings, one note
    assert not any("Corporate Parenting" in n and "channel" in n for n in report.notes)


def test_a_committee_with_summaries_off_or_a_channel_is_not_named(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = "Fostering Panel,2026-12-08,10:00,Panel business,,,,#fostering\n"
    report = run_import(store, "local", "meetings", _file(tmp_path, rows))
    assert not any("No channel" in n for n in report.notes), report.summary()
    assert run_import(store, "local", "meetings", _file(tmp_path)).notes.count(NO_CHANNEL) == 1
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["say", "/meeting summaries AB off"]) == 0
    capsys.readouterr()
    report = run_import(store, "local", "meetings", _file(tmp_path))
    assert not any("No channel" in n for n in report.notes), report.summary()


def test_the_cli_import_says_it(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["--workspace", "local", "import", "meetings", str(_file(tmp_path))]) == 0
    assert capsys.readouterr().out.count(NO_CHANNEL) == 1


def test_run_due_names_the_summary_that_has_nowhere_to_go_once_per_run(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_import(store, "local", "meetings", _file(tmp_path))
    monkeypatch.setenv("DATABASE_URL", database.url)
    out = tmp_path / "posts.jsonl"
    args = ["jobs", "run-due", "--now", "2026-12-07T09:30", "--to-file", str(out)]
    for _ in range(2):  # named in each run while it is due, once a run
        assert main(args) == 0
        printed = capsys.readouterr().out
        assert printed.startswith("Planned 0 new posts;"), printed
        assert printed.count(DUE_NOWHERE) == 1, printed
        assert printed.count("no channel to go to") == 1, printed
    # Once the committee has a channel, the summary goes there and nothing is named.
    assert main(["say", "/meeting channel AB #adoption"]) == 0
    capsys.readouterr()
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "no channel" not in printed, printed
    posts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["target"]["channel_id"] for p in posts] == ["adoption"]


def test_a_summary_not_due_yet_is_not_named(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_import(store, "local", "meetings", _file(tmp_path))
    monkeypatch.setenv("DATABASE_URL", database.url)
    assert main(["jobs", "run-due", "--now", "2026-11-20T09:30"]) == 0  # 7-day one due 1 Dec
    assert "no channel" not in capsys.readouterr().out
