"""``csbot demo --tour``: a scripted walk through the demo, printed as a conversation."""

from __future__ import annotations

from bot.console.session import ConsoleSession
from commands.core import Core

# (who types, in which channel, what they type, why)
STEPS: list[tuple[str | None, str | None, str, str]] = [
    (
        "Fiona Smith",
        None,
        "/actions mine",
        "The Virtual School Head asks what is on her plate: her items and her role's (VSH).",
    ),
    (
        "Dominic Porter-Moore",
        None,
        "/actions mine overdue",
        "A Head of Service checks only what is overdue.",
    ),
    (None, None, "/actions overdue", "Everything overdue across the plans."),
    (None, None, "/kpi pep", "How are Personal Education Plans doing?"),
    (None, None, "/kpi red", "Which indicators are off target?"),
    (None, None, "/kpi personal education plans history", "The PEP series, by name."),
    (
        "Fiona Smith",
        "cp-plan",
        "4.2: PEP audit done in two schools, more booked #on-track",
        "A progress update posted in the plan's channel is logged against action 4.2.",
    ),
    (None, "cp-plan", "/actions show 4.2", "The action with its history."),
    (None, None, "/meeting next", "The next committee meeting and its agenda."),
    (None, None, "/meeting actions", "Actions arising from the last minutes."),
    (None, None, "/meeting prep", "The pre-meeting summary, on demand."),
]


def run_tour(core: Core, workspace: str) -> int:
    """Print each step: who types what where, then csbot's reply."""
    groups = core.registry.groups()
    for n, (who, channel, text, why) in enumerate(STEPS, 1):
        group = text.lstrip("/").split()[0]
        if text.startswith("/") and group not in groups:
            continue
        session = ConsoleSession(core, workspace, who, channel)
        where = f" in #{channel}" if channel else ""
        print(f"\n── {n}. {why}")
        print(f"{who or 'you'}{where}> {text}")
        reply, _ = session.send(text)
        print(reply)
    return 0
