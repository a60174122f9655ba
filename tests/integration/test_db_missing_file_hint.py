"""``csbot db workspaces`` and ``db copy`` on a SQLite URL that names no file say why it may
not be where the typist meant: a URL does not expand ``~``, and three slashes make a path
relative to the current folder. Before, they said only that there was no database there."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli


def test_a_tilde_in_a_sqlite_url_is_explained(tmp_path: Path) -> None:
    done = run_cli("sqlite:///~/.csbot/csbot.db", tmp_path, "db", "workspaces")
    assert done.returncode == 1
    assert "A URL does not expand `~`: write the whole path, sqlite:///" in done.stderr
    assert f"{tmp_path}/.csbot/csbot.db" in done.stderr, done.stderr


def test_a_relative_sqlite_path_is_explained(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    done = run_cli("sqlite:///nothere.db", tmp_path, "db", "copy", "--to", f"sqlite:///{target}")
    assert done.returncode == 1
    assert "nothing to copy. Three slashes make nothere.db a path in this folder" in done.stderr
    assert not target.exists()
