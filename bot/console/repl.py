"""The interactive console: type exactly what a user types in chat."""

from __future__ import annotations

import sys

from bot.console.render import render
from bot.console.session import ConsoleSession
from commands.core import Core
from commands.errors import ConflictError
from commands.views import Notice

CONSOLE_COMMANDS = """In the console:
  :as <person>   speak as someone else      :channel <name>   speak in a channel
  :help          these commands             :quit             leave"""
BANNER = (
    "csbot console — type what you would type in chat, e.g. /actions mine or /kpi pep.\n"
    + CONSOLE_COMMANDS
)
HELP_WORDS = ("help", "?", "/actions help", "/kpi help", "/meeting help")


def run_repl(core: Core, workspace: str, as_person: str | None, channel: str | None) -> int:
    """Read lines from stdin until end of input; print each reply."""
    session = ConsoleSession(core, workspace, as_person, channel)
    # A name --as does not find is refused at once, as `:as` refuses it, rather than at every
    # command typed after a prompt that shows it.
    refusal = session.refusal()
    if refusal is not None:
        print(
            f"{refusal}\nStart the console again with --as and a name csbot knows (or without "
            "--as, to speak as the console operator).",
            file=sys.stderr,
        )
        return 1
    interactive = sys.stdin.isatty()
    if interactive:
        print(BANNER)
    while True:
        prompt = f"{session.as_person or 'you'}@{session.channel or workspace}> "
        try:
            line = input(prompt) if interactive else sys.stdin.readline()
        except EOFError:
            break
        except KeyboardInterrupt:  # Ctrl-C at the prompt: leave, as Ctrl-D does
            print()
            break
        if not interactive and line == "":
            break
        line = line.strip()
        if not line:
            continue
        if line in (":quit", ":q", "exit", "quit"):
            break
        if line.startswith(":as"):
            print(session.speak_as(line[3:]))
            continue
        if line.startswith(":channel"):
            session.set_channel(line[8:])
            print(f"Now in {session.channel or 'no channel'}.")
            continue
        if line.startswith(":"):
            known = line in (":help", ":h", ":?")
            print(
                CONSOLE_COMMANDS
                if known
                else f"“{line[:40]}” is not a console command.\n" + CONSOLE_COMMANDS
            )
            continue
        try:
            text, _ = session.send(line)
        except ConflictError as exc:
            # It clashed with another process's change every time it was tried; nothing was
            # changed, and the session goes on.
            text = render(Notice(level="error", text=exc.message))
        print(text)
        if line.lower() in HELP_WORDS:
            print(CONSOLE_COMMANDS)  # chat's help, and what only the console has
    return 0
