"""`csbot db upgrade [REVISION]`: a revision csbot does not know is refused in one line, and one
the database is already past changes nothing and says so (csbot does not downgrade)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from storage.database import make_engine
from storage.migrate import HEAD_REVISION, current_revision, upgrade


def run(
    url: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("revision", ["bogus", "-1", "+1", "0099"])
def test_an_unknown_revision_is_refused_in_one_line(
    tmp_path: Path,
    revision: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite:///{tmp_path / 'csbot.db'}"
    code, out = run(url, ["db", "upgrade", revision], monkeypatch, capsys)
    assert code != 0
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
    assert f"“{revision}” is not a revision csbot knows" in out
    assert not (tmp_path / "csbot.db").exists() or current_revision(make_engine(url)) is None


def test_a_revision_the_database_is_past_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'csbot.db'}"
    upgrade(make_engine(url))
    code, out = run(url, ["db", "upgrade", "0002"], monkeypatch, capsys)
    assert code == 0
    assert f"at revision {HEAD_REVISION}, past 0002: csbot does not downgrade" in out
    assert current_revision(make_engine(url)) == HEAD_REVISION


def test_a_database_behind_goes_up_to_the_revision_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'csbot.db'}"
    upgrade(make_engine(url), "0002")
    code, out = run(url, ["db", "upgrade", "0003"], monkeypatch, capsys)
    assert (code, out.strip()) == (0, "Database is at revision 0003.")
    code, out = run(url, ["db", "upgrade"], monkeypatch, capsys)
    assert (code, out.strip()) == (0, f"Database is at revision {HEAD_REVISION}.")
