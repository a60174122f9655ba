"""Console channel names: ``#leeds``, ``LEEDS`` and ``leeds`` are one channel, and a progress
message in a channel with no plan says so instead of "I didn't understand"."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.console.session import ConsoleSession, normalise_channel
from commands.core import Core
from storage.unit_of_work import Store
from tests.factories import leeds_world


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


def test_normalise_channel() -> None:
    assert normalise_channel(" #CP-Plan ") == "cp-plan"
    assert normalise_channel("#") is None
    assert normalise_channel(None) is None


@pytest.mark.parametrize("channel", ["#leeds", "LEEDS", " #Leeds"])
def test_a_linked_channel_however_it_is_typed(core: Core, channel: str) -> None:
    session = ConsoleSession(core, "local", "Jackie Wilson", channel)
    text, understood = session.send("2.3: two managers started #on-track")
    assert understood and "Logged on 2.3" in text, text


def test_set_channel_normalises_too(core: Core) -> None:
    session = ConsoleSession(core, "local", "Jackie Wilson")
    session.set_channel("#LEEDS")
    assert session.channel == "leeds"
    text, understood = session.send("2.3: two managers started")
    assert understood and "Logged on 2.3" in text, text


def test_linking_and_then_using_the_channel_by_another_spelling(core: Core) -> None:
    linker = ConsoleSession(core, "local", "Jackie Wilson", "#Haringey-Plan")
    text, _ = linker.send("/actions link-channel haringey")
    assert "now linked to Haringey Corporate Parenting" in text, text
    user = ConsoleSession(core, "local", None, "haringey-plan")
    text, understood = user.send("10: recruitment delayed #at-risk")
    assert understood and "Logged on 10" in text, text


def test_progress_in_a_channel_without_a_plan_says_so(core: Core) -> None:
    text, understood = ConsoleSession(core, "local", None, "#random").send("2.3: done #done")
    assert understood  # a polite refusal: `csbot say` exits 0
    assert "#random is not linked to a plan" in text and "/actions link-channel" in text
    text, understood = ConsoleSession(core, "local").send("2.3: done #done")
    assert understood and "not sent in a plan's channel" in text
    text, _ = ConsoleSession(core, "local", None, "random").send("hello there")
    assert text.startswith("I didn't understand")
