"""Ctrl-C stops a ``csbot`` command with one line saying so, never a traceback: while an
import runs (before, it stopped without a word), and in the program's first second, while it
is still loading (before, a traceback from whatever module was being read)."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from bot import entry
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = "Ref,Action,Lead,Timescale\n1.1,Audit the PEPs,Ann Testsmith,31/05/2027\n"


def test_an_import_interrupted_says_so_and_saves_nothing(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commands.importers import actions

    def interrupted(*_: Any, **__: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(actions, "import_actions", interrupted)
    monkeypatch.setattr("commands.importers.import_actions", interrupted, raising=False)
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "actions", str(plan))
    assert done.returncode == 1
    assert "csbot: Interrupted. What was under way was not saved." in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    monkeypatch.undo()
    shown = run_cli(database.url, tmp_path, "say", "/actions list")
    assert "Audit the PEPs" not in shown.stdout


def test_ctrl_c_while_loading_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def loading(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "bot.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", loading)
    assert entry.run() == entry.EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert err == "csbot: Interrupted before it started. Nothing was changed.\n"
