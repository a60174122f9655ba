"""``csbot say`` exit codes: a polite refusal (a command too long) is 0; an empty ``--as`` is
refused like a blank one instead of silently meaning the operator."""

from __future__ import annotations

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world


@pytest.fixture
def say(store: Store, database: Database, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    leeds_world(store)
    monkeypatch.setenv("DATABASE_URL", database.url)
    return main


def test_a_command_too_long_is_a_polite_refusal(say, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    code = say(["say", "/actions update 2.3 " + "x" * 5000])
    out = capsys.readouterr().out
    assert "too long" in out and "Nothing was changed" in out
    assert code == 0


def test_gibberish_is_still_not_understood(say, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert say(["say", "/actions frobnicate"]) == 2


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_as_is_refused(say, capsys: pytest.CaptureFixture[str], name: str) -> None:  # type: ignore[no-untyped-def]
    code = say(["say", "--as", name, "/actions mine"])
    out = capsys.readouterr().out
    assert "--as needs the name of a person or a role" in out
    assert "Nothing was done" in out
    assert code == 0
