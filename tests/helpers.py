"""Small helpers for tests: talk to the core as the console does."""

from __future__ import annotations

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


def run_cli(database_url: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``csbot <args>`` in a process of its own against ``database_url``, with ``home`` as
    its HOME (so no ~/.csbot is touched)."""
    env = {**os.environ, "DATABASE_URL": database_url, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
    )


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
