"""Read-only /actions commands: mine, for, plan, overdue, show, search."""

from __future__ import annotations

from datetime import date, timedelta

from commands.dates import last_day, parse_due, week_end
from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.presenters import action_summaries
from commands.registry import REGISTRY
from commands.views import ActionList, View


def due_window(when: str, today: date) -> tuple[date, str]:
    """``this week``, ``this month``, ``next week`` or a date: the first day past the window."""
    low = when.lower().strip()
    if low in ("this week", "week"):
        return week_end(today) + timedelta(days=1), "due this week"
    if low in ("next week",):
        return week_end(today) + timedelta(days=8), "due by the end of next week"
    if low in ("this month", "month"):
        return last_day(today.year, today.month) + timedelta(days=1), "due this month"
    if low in ("today",):
        return today + timedelta(days=1), "due today"
    parsed = parse_due(when, today)
    if parsed is None:
        raise UserError(
            f"I couldn't read “{when}” as a date. Try `this week`, `this month`, "
            "`31 March` or `next Friday`."
        )
    return parsed + timedelta(days=1), f"due by {parsed:%-d %b %Y}"


@REGISTRY.command(
    "actions",
    "mine [overdue] [due <when...>]",
    "My outstanding actions and my roles', overdue first.",
    examples=("/actions mine", "/actions mine overdue", "/actions mine due this month"),
)
def actions_mine(h: HandlerContext, args: Bindings) -> View:
    """The caller's outstanding actions (their own and their roles'), overdue first."""
    me = h.me
    if not me.is_known:
        raise UserError(
            "I don't know who you are yet, so I can't tell which actions are yours. "
            "Tell me with `link <your name>` (or `iam <role>` for a role such as HOS)."
        )
    due_before: date | None = None
    subtitle = ""
    if args.get("overdue"):
        due_before, subtitle = h.today, "overdue"
    if isinstance(args.get("when"), str):
        window_end, subtitle_when = due_window(str(args["when"]), h.today)
        due_before = min(due_before, window_end) if due_before else window_end
        subtitle = f"{subtitle}, {subtitle_when}" if subtitle else subtitle_when
    actions = h.repos.actions.owned_by(me.person_ids, me.role_ids, h.today, due_before=due_before)
    roles = f" (and {', '.join(me.role_keys)})" if me.role_keys else ""
    return ActionList(
        title=f"Outstanding actions for {me.name}{roles}",
        subtitle=subtitle,
        items=action_summaries(h.repos.actions, actions, h.today),
        empty_text="Nothing outstanding. 🎉" if not subtitle else f"Nothing {subtitle}.",
        query="/actions mine",
    )
