"""A change that clashed with another process's every time it was tried is worded in the
interactive console, and the session goes on."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest

from bot.console.repl import run_repl
from commands.core import Core
from commands.errors import ConflictError
from storage.unit_of_work import Store
from tests.factories import leeds_world


def test_a_conflict_is_worded_and_the_session_goes_on(
    store: Store,
    frozen_now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    leeds_world(store)
    core = Core(store, clock=lambda: frozen_now)
    real = core.handle

    def clash_on_add(msg: Any, text: str) -> Any:
        if text.startswith("/actions add"):
            raise ConflictError()
        return real(msg, text)

    monkeypatch.setattr(core, "handle", clash_on_add)
    lines = ["/actions add Review the PEP audit owner Jackie Wilson", "/actions mine"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert run_repl(core, "local", "Jackie Wilson", None) == 0
    out = capsys.readouterr().out
    assert ConflictError.MESSAGE in out
    assert "Traceback" not in out
    assert "Jackie Wilson" in out.split(ConflictError.MESSAGE, 1)[1]  # /actions mine answered
