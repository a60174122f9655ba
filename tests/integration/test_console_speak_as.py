"""`:as NAME` in the console: an unknown name is refused at once and the previous identity is
kept; `:as` alone goes back to the console operator, who is told of `:as NAME` (not only of
`--as NAME`, which needs the console started again) when a command needs to know who they are."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from bot.console.repl import run_repl
from bot.console.session import ConsoleSession
from commands.core import Core
from storage.unit_of_work import Store
from tests.factories import leeds_world


@pytest.fixture
def core(store: Store, frozen_now: datetime) -> Core:
    leeds_world(store)
    return Core(store, clock=lambda: frozen_now)


def test_unknown_name_is_refused_and_identity_kept(core: Core) -> None:
    session = ConsoleSession(core, "local", "Jackie Wilson")
    text = session.speak_as("Nobody")
    assert "I don't know anyone called “Nobody”" in text, text
    assert "Now speaking as" not in text
    assert text.endswith("\nStill speaking as Jackie Wilson."), text
    assert session.as_person == "Jackie Wilson"


def test_known_name_is_accepted(core: Core) -> None:
    session = ConsoleSession(core, "local")
    text = session.speak_as("  Jackie Wilson ")
    assert text == "Now speaking as Jackie Wilson."
    assert session.as_person == "Jackie Wilson"


def test_blank_goes_back_to_the_operator(core: Core) -> None:
    session = ConsoleSession(core, "local", "Jackie Wilson")
    assert session.speak_as("") == "Now speaking as the console operator."
    assert session.as_person is None


def test_repl_refuses_an_unknown_name(
    core: Core, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ":as Jackie Wilson\n:as Nobody\n/actions mine\n:as\n:quit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert run_repl(core, "local", None, None) == 0
    out = capsys.readouterr().out
    assert "Now speaking as Jackie Wilson." in out
    assert "I don't know anyone called “Nobody”" in out
    assert "Now speaking as Nobody" not in out
    assert out.count("I don't know anyone called") == 1  # /actions mine ran as Jackie
    assert "Now speaking as the console operator." in out


def test_console_started_as_an_unknown_name_is_refused_at_once(
    core: Core, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/actions mine\n:quit\n"))
    assert run_repl(core, "local", "Nobdy", None) == 1
    out, err = capsys.readouterr()
    assert out == ""  # nothing was run
    assert err.startswith("✖ I don't know anyone called “Nobdy”"), err
    assert err.endswith(
        "Start the console again with --as and a name csbot knows (or without --as, to speak "
        "as the console operator).\n"
    ), err


def test_console_started_as_a_known_name_speaks_as_them(
    core: Core, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("whoami\n"))
    assert run_repl(core, "local", "Jackie Wilson", None) == 0
    assert capsys.readouterr().out.startswith("You are Jackie Wilson"), "whoami"


def test_a_role_named_exactly_is_not_read_as_a_person_whose_name_resembles_it(
    store: Store, frozen_now: datetime
) -> None:
    from commands.demo import build_demo
    from tests.helpers import make_chat

    build_demo(store, "demo", today=frozen_now.date())
    chat = make_chat(store, frozen_now, "demo")
    # The demo's Fiona Smith ("SM" are her initials, near enough for a loose match) does
    # not hold SM; speaking as SM is speaking for the role.
    who = chat.say("whoami", as_="SM")
    assert "Fiona Smith" not in who, who
    assert chat.say("whoami", as_="Fiona Smith").startswith("You are Fiona Smith")


def test_the_console_operator_is_told_how_the_console_says_who_you_are(
    store: Store, frozen_now: datetime
) -> None:
    from tests.helpers import make_chat

    leeds_world(store)
    chat = make_chat(store, frozen_now)
    for text in ("iam", "/actions mine", "/actions for me", "/actions assign 1.1 me"):
        reply = chat.say(text)
        assert "--as NAME" in reply and "link <your name>" not in reply, reply


def test_the_interactive_console_names_its_own_way_to_say_who_you_are(
    core: Core, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/actions mine\n:quit\n"))
    assert run_repl(core, "local", None, None) == 0
    out = capsys.readouterr().out
    assert "type `:as NAME` (e.g. `:as Fiona Smith`)" in out, out
