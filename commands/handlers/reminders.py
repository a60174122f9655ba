"""/actions remind: snooze, stop or restart the reminders and digests csbot sends you."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.dates import parse_start
from commands.errors import UserError
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.registry import REGISTRY
from commands.views import Notice, View
from storage.models import ChatUser

MAX_SNOOZE_DAYS = 92
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14, "month": 30, "months": 30}
_SPAN_RE = re.compile(
    r"^(?:for\s+)?(?P<n>\d{1,3}|a|an|one|two|three|four|five|six)?\s*(?P<unit>[a-z]+)$"
)


def _my_chat_users(h: HandlerContext) -> list[ChatUser]:
    users: dict[int, ChatUser] = {}
    if h.me.chat_user is not None:
        users[h.me.chat_user.id] = h.me.chat_user
    if h.me.person is not None:
        for user in h.repos.people.chat_users_of(h.me.person.id):
            users[user.id] = user
    if not users:
        raise UserError(
            "Reminders go to your chat account, and none is linked to you yet, so I send you "
            "none. In Slack or Teams, use `link <your name>` first."
        )
    return list(users.values())


def snooze_until(text: str, now: datetime, tz: str) -> datetime:
    """When a snooze typed as ``2 weeks``, ``3 days``, ``until 5 Jan`` or ``until next week``
    (Monday of next week) ends: at the start of that day, in the workspace time zone."""
    low = " ".join(text.lower().split())
    m = _SPAN_RE.match(low)
    if m and m["unit"] in _UNITS:
        n = m["n"] or "1"
        count = int(n) if n.isdigit() else _NUMBERS[n]
        days = count * _UNITS[m["unit"]]
        if days > MAX_SNOOZE_DAYS:
            raise UserError(
                f"That is too long a snooze ({days} days; at most {MAX_SNOOZE_DAYS}). "
                "Use `/actions remind stop` to stop reminders altogether."
            )
        if days < 1:
            raise UserError("Snooze for at least a day, e.g. `/actions remind snooze 2 weeks`.")
        return now + timedelta(days=days)
    local_today = now.astimezone(ZoneInfo(tz)).date()
    # The day reminders resume: "next week" is its Monday (parse_due would give its Friday).
    until = parse_start(re.sub(r"^(?:until|till|til)\s+", "", low), local_today, tz)
    if until is None or until <= local_today:
        raise UserError(
            f"I couldn't read “{text}” as a time to snooze for. Try `2 weeks`, `3 days` or "
            "`until 5 Jan`."
        )
    if (until - local_today).days > MAX_SNOOZE_DAYS:
        raise UserError(f"That is too long a snooze: at most {MAX_SNOOZE_DAYS} days.")
    return datetime.combine(until, time(0), tzinfo=ZoneInfo(tz))


def _fmt(moment: datetime, tz: str) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y}"


@REGISTRY.command(
    "actions",
    "remind snooze <span...>",
    "Pause my reminders and digests for a while (e.g. 2 weeks, until 5 Jan).",
    writes=True,
    examples=("/actions remind snooze 2 weeks",),
)
def remind_snooze(h: HandlerContext, args: Bindings) -> View:
    """Snooze the caller's reminders. A snooze replaces a stop: reminders resume when it ends."""
    until = snooze_until(str(args["span"]), h.now, h.tz)
    users = _my_chat_users(h)
    was_stopped = any(u.reminders_stopped for u in users)
    for user in users:
        user.reminders_stopped = False
        user.reminders_paused_until = until
    if was_stopped:
        return Notice(
            level="success",
            text=f"Reminders were stopped; they will now resume on {_fmt(until, h.tz)}. "
            "`/actions remind on` resumes them sooner, `/actions remind stop` stops them again.",
        )
    return Notice(
        level="success",
        text=f"Reminders snoozed until {_fmt(until, h.tz)}. `/actions remind on` resumes them.",
    )


@REGISTRY.command(
    "actions", "remind stop|off", "Stop all reminders and digests to me.", writes=True
)
def remind_stop(h: HandlerContext, args: Bindings) -> View:
    """Stop the caller's reminders until they turn them on again."""
    for user in _my_chat_users(h):
        user.reminders_stopped = True
    return Notice(
        level="success",
        text="I won't send you reminders or digests. `/actions remind on` turns them back on.",
    )


@REGISTRY.command("actions", "remind on", "Turn my reminders and digests back on.", writes=True)
def remind_on(h: HandlerContext, args: Bindings) -> View:
    """Resume the caller's reminders (ends a stop and a snooze)."""
    for user in _my_chat_users(h):
        user.reminders_stopped = False
        user.reminders_paused_until = None
    return Notice(level="success", text="Reminders are on: digests on Mondays, nudges as due.")


@REGISTRY.command("actions", "remind", "Whether I send you reminders, and how to change it.")
def remind_status(h: HandlerContext, args: Bindings) -> View:
    """The caller's reminder settings."""
    users = _my_chat_users(h)
    if all(u.reminders_stopped for u in users):
        state = "Reminders are stopped. `/actions remind on` turns them back on."
    else:
        paused = [u.reminders_paused_until for u in users if u.reminders_paused_until]
        if paused and max(paused) > h.now:
            state = f"Reminders are snoozed until {_fmt(max(paused), h.tz)}."
        else:
            state = "Reminders are on: a digest each Monday, and nudges before and after due dates."
    return Notice(
        text=state,
        suggestions=[
            "/actions remind snooze 2 weeks",
            "/actions remind stop",
            "/actions remind on",
        ],
    )
