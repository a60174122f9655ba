"""``csbot demo --tour``: a scripted walk through the demo, printed as a conversation."""

from __future__ import annotations

from bot.console.render import render
from bot.console.session import NOT_FOR_ME, ConsoleSession
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
    (
        None,
        None,
        "/kpi pep",
        "How are Personal Education Plans doing? (`/kpi personal education plans` works too.)",
    ),
    (None, None, "/kpi red", "Which indicators are off target?"),
    (None, None, "/kpi pep history", "Every PEP value so far, oldest first."),
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
    """Print each step: who types what where, then csbot's reply (rendered as the console
    renders it). Steps whose command group this build lacks are left out. Exit status 0 when
    every step was understood, 1 otherwise (a broken tour is a bug)."""
    groups = core.registry.groups()
    failures = 0
    for n, (who, channel, text, why) in enumerate(STEPS, 1):
        group = text.lstrip("/").split()[0]
        if text.startswith("/") and group not in groups:
            continue
        session = ConsoleSession(core, workspace, who, channel)
        # A message id makes a channel update idempotent: running the tour again re-shows the
        # update it logged the first time instead of logging it twice.
        msg = session.context().model_copy(update={"message_id": f"tour-step-{n}"})
        where = f" in #{channel}" if channel else ""
        print(f"\n── {n}. {why}")
        print(f"{who or 'you'}{where}> {text}")
        outcome = core.handle(msg, text)
        if outcome is None:
            print(NOT_FOR_ME)
            failures += 1
            continue
        print(render(outcome.reply))
        if not outcome.understood:
            failures += 1
    return 0 if failures == 0 else 1
