"""Ask a chat user who they are when they could not be linked to a person automatically.

The core links a chat user by e-mail or exact real name when exactly one person matches and
linking is safe (commands/identity.py); never by display name. Otherwise adapters show this
question: buttons with the likely people (found by real name, else display name) that no other
account on the platform is linked to, each running ``link <name>`` — the same command users
can type, with the same checks.
"""

from __future__ import annotations

from commands.handler_context import HandlerContext
from commands.identity import account_typed, find_people, platform_name, profile_fits
from commands.views import Choice, Question
from storage.models import Person

MAX_CHOICES = 10


def identity_question(h: HandlerContext) -> Question | None:
    """A "which of these is you?" question for an unlinked chat user; None when linked."""
    if h.me.chat_user is None or h.me.is_known:
        return None
    caller = h.msg.caller
    candidates: list[Person] = []
    for name in (caller.real_name, caller.display_name):
        if name and not candidates:
            candidates = find_people(h.uow, name)
    if not candidates:
        everyone = list(h.repos.people.all_people())
        candidates = everyone if len(everyone) <= MAX_CHOICES else []
    # Someone another account is linked to already is no answer: `link` would refuse them,
    # as it refuses an administrator, or someone whose e-mail on file (or, with none, whose
    # surname) is not the one the platform reports for us.
    taken = h.repos.people.linked_on(caller.platform, [p.id for p in candidates])
    reported = caller.email or h.me.chat_user.email
    candidates = [
        p
        for p in candidates
        if p.id not in taken
        and (h.me.is_admin or (not p.is_admin and profile_fits(p, reported, caller.real_name)))
    ]
    if not candidates:
        if not can_link_themselves(h):
            return Question(text=f"I don't know who you are yet. {link_advice(h)}.")
        return Question(
            text="I don't know who you are yet. Tell me with `link <your name>` "
            "(e.g. `link Fiona Smith`), and your actions become “mine”.",
        )
    return Question(
        text="I don't know which person you are yet. Which of these is you? "
        "(Not listed? Type `link <your name>`.)",
        choices=[
            Choice(label=_label(p), command=f"link {p.name}") for p in candidates[:MAX_CHOICES]
        ],
    )


def can_link_themselves(h: HandlerContext) -> bool:
    """Whether ``link <your name>`` can check the caller: it needs the full name or the e-mail
    the platform reports, which it gives no guest from another organisation."""
    user = h.me.chat_user
    caller = h.msg.caller
    return bool(caller.real_name.strip() or caller.email or (user is not None and user.email))


def account_words(h: HandlerContext) -> str:
    """How an administrator names the caller's account in ``link … to``: a mention on Slack,
    the account's id elsewhere (Teams turns mentions into plain names), or a mention of its
    name for a Teams account known only by its ``29:`` id."""
    user = h.me.chat_user
    if h.platform == "slack" or user is None:
        return "@you"
    return account_typed(user)


def link_advice(h: HandlerContext) -> str:
    """How an unlinked chat user becomes a person: ``link <your name>``, or, when that cannot
    check them (:func:`can_link_themselves`), an administrator's ``link <account> to …``."""
    if can_link_themselves(h):
        return "Tell me with `link <your name>`"
    return (
        f"{platform_name(h.platform)} did not tell me your full name or e-mail, so I can't "
        "check who you are: ask an administrator to link you with "
        f"`link {account_words(h)} to <your name>`"
    )


def _label(person: Person) -> str:
    roles = ", ".join(r.key for r in person.roles)
    return f"{person.name} ({roles})" if roles else person.name
