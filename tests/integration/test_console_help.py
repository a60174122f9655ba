"""The console's own commands are found: `:help` lists them, `help` lists them after chat's
help, and a mistyped one is named rather than sent to chat as "I didn't understand"."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from bot.console.repl import CONSOLE_COMMANDS, run_repl
from commands.core import Core
from storage.unit_of_work import Store
from tests.factories import leeds_world


def _session(
    store: Store,
    frozen_now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *lines: str,
) -> str:
    leeds_world(store)
    core = Core(store, clock=lambda: frozen_now)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert run_repl(core, "local", "Jackie Wilson", None) == 0
    return capsys.readouterr().out


def test_help_names_the_consoles_own_commands(
    store: Store,
    frozen_now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _session(store, frozen_now, monkeypatch, capsys, ":help", "help", ":chanel leeds")
    assert out.count(CONSOLE_COMMANDS) == 3, out
    assert "What csbot can do." in out  # chat's help is still there
    assert "“:chanel leeds” is not a console command." in out, out
    assert "I didn't understand" not in out and "Traceback" not in out, out
