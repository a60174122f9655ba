"""Small helpers for tests: talk to the core as the console does."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.console.render import render
from commands.context import Caller, MessageContext
from commands.core import Core
from commands.views import Outcome
from storage.models import ActionOwner, AgendaItemOwner, IndicatorOwner
from storage.unit_of_work import Store


@dataclass
class Chat:
    """Sends console messages to a core with a frozen clock."""

    core: Core
    workspace: str = "local"

    def outcome(
        self, text: str, *, as_: str | None = None, channel: str | None = None
    ) -> Outcome | None:
        """The core's Outcome for one message."""
        msg = MessageContext(
            workspace=self.workspace,
            caller=Caller(platform="console", user_id=as_ or "operator"),
            channel_id=channel,
            channel_name=channel,
            as_person=as_,
            source="console",
        )
        return self.core.handle(msg, text)

    def say(self, text: str, *, as_: str | None = None, channel: str | None = None) -> str:
        """The rendered reply to one message ('' when the core ignores it)."""
        outcome = self.outcome(text, as_=as_, channel=channel)
        return "" if outcome is None else render(outcome.reply)


def make_chat(store: Store, now: datetime, workspace: str = "local") -> Chat:
    """A Chat against ``store`` whose clock is frozen at ``now``."""
    return Chat(Core(store, clock=lambda: now), workspace)


def run_cli(
    database_url: str, home: Path, *args: str, isolated: bool = False
) -> subprocess.CompletedProcess[str]:
    """``csbot <args>`` against ``database_url`` with ``home`` as its HOME (so no ~/.csbot is
    touched): its exit code, stdout and stderr (log lines included), as a process would give
    them. Run in this process, which spares the second or so a new interpreter takes to start
    (a third of the suite's time when every call started one); ``isolated`` runs it in a
    process of its own, for what only a process shows (start-up, exit, signals)."""
    if isolated:
        env = {**os.environ, "DATABASE_URL": database_url, "HOME": str(home)}
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=120,
        )
    from bot.cli import LOG_FORMAT, main

    out, err = io.StringIO(), io.StringIO()
    # What `csbot`'s own logging set-up does in a process of its own (here the test runner's
    # handlers are in place, so its basicConfig would add none).
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG if {"-v", "--verbose"} & set(args) else logging.WARNING)
    root.addHandler(handler)
    saved = {name: os.environ.get(name) for name in ("DATABASE_URL", "HOME")}
    os.environ.update(DATABASE_URL=database_url, HOME=str(home))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's refusals, as the process would exit
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if exc.code is not None and not isinstance(exc.code, int):
                    print(exc.code, file=sys.stderr)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["csbot", *args], code, out.getvalue(), err.getvalue())


def csbot(
    database_url: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, home: Path | None = None
) -> None:
    """``csbot <argv>`` in this process against ``database_url``; it must succeed."""
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    if home is not None:
        monkeypatch.setenv("HOME", str(home))
    assert main(argv) == 0, argv


def owner_name(owner: ActionOwner | IndicatorOwner | AgendaItemOwner) -> str:
    """A person owner's name, a role owner's key."""
    if owner.person is not None:
        return owner.person.name
    assert owner.role is not None
    return owner.role.key


def cpac_minutes(
    database_url: str, text: str, monkeypatch: pytest.MonkeyPatch, home: Path
) -> list[str]:
    """Import the CPAC agenda fixture and write ``text`` as the minutes of CPAC 2015-10-05
    (in ``home``); the ``csbot import minutes`` arguments that import them (not run yet)."""
    from tests.conftest import FIXTURES

    minutes = home / "cpac_2015-10-05.txt"
    minutes.write_text(text, encoding="utf-8")
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database_url, ["import", "meetings", str(meetings)], monkeypatch, home)
    return ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
