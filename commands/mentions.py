"""The person a chat mention names, read the same way by every command that takes a person
(owners, ``/actions for``, ``admin add``, ``grant``, ``merge``, ``handover``…).

The platforms give mentions differently: Slack writes them into the text (``<@U123>``, which
commands keep as written); Teams puts the mentioned user's name in the text and gives their
``29:`` id beside it (``MessageContext.mentions``), so that a name typed after a command is
a mention when it is the whole name of a user the message mentions. Either way the account
is looked up among those csbot knows, and the person it is linked to is the one meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commands.errors import NotFound
from commands.handler_context import HandlerContext
from commands.identity import find_people, platform_name
from storage.models import ChatUser, Person

# A mention written into the text (Slack's ``<@U123>``, ``<@U123|fiona>``) or typed
# (``@U123``): group 1 is the account's id.
MENTION_RE = re.compile(r"^<?@([A-Za-z0-9._-]+)(?:\|[^>]*)?>?$")


@dataclass(frozen=True)
class Mentioned:
    """A chat account that a command's words name by mention.

    ``shown`` is the mention as the words read it; ``user`` the account csbot knows (None
    when it has not met it) and ``person`` the person it is linked to. ``by_name`` is true
    for a platform that puts the user's name in the text (Teams): with no person linked, the
    name is read as a name, as it would be without the mention."""

    shown: str
    user: ChatUser | None
    person: Person | None
    by_name: bool = False
    typed: bool = False  # ``@U123`` typed by hand, not a mention the platform wrote


def mention_in(h: HandlerContext, words: str) -> Mentioned | None:
    """The chat account ``words`` (all of them) mention; None when they are no mention."""
    text = " ".join(words.split())
    token = MENTION_RE.match(text)
    if token is not None:
        user = h.repos.people.chat_user(h.platform, token.group(1))
        return Mentioned(text, user, _person_of(h, user), typed=not text.startswith("<"))
    name = text.removeprefix("@").strip().casefold()
    for mention in h.msg.mentions:
        if name and " ".join(mention.name.split()).casefold() == name:
            user = h.repos.people.chat_user_mentioned(h.platform, mention.user_id)
            return Mentioned(mention.name, user, _person_of(h, user), by_name=True)
    return None


# Slack's mention markup inside free text: a note typed after a command keeps the mentions
# Slack wrote (``<@U123>``, ``<@U123|fiona>``), as commands do. Group 1 the id, 2 the label.
_SLACK_MARKUP = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|([^<>|]*))?>")


def readable_mentions(h: HandlerContext, text: str) -> str:
    """``text`` with the Slack mentions a command kept as written made readable, as a channel
    message's are stored: ``@`` and the name of the person the account is linked to, else the
    name Slack wrote, else the account's id. Other platforms' text is returned as it is."""
    if "<@" not in text or h.platform != "slack":
        return text
    accounts = [found.group(1) for found in _SLACK_MARKUP.finditer(text)]
    # One query for every account mentioned, rather than two per mention.
    linked = h.repos.people.linked_names("slack", accounts) if accounts else {}
    names: dict[str, str] = {}

    def readable(found: re.Match[str]) -> str:
        account, label = found.group(1), (found.group(2) or "").strip()
        if account not in names:  # an account mentioned again reads as it did first
            names[account] = linked.get(account, label or account)
        return f"@{names[account]}"

    return _SLACK_MARKUP.sub(readable, text)


def _person_of(h: HandlerContext, user: ChatUser | None) -> Person | None:
    if user is None or user.person_id is None:
        return None
    return h.repos.people.person_by_id(user.person_id)


def mentioned_person(h: HandlerContext, words: str) -> Person | None:
    """The person the chat account ``words`` mention is linked to, for a command that takes a
    person. None when the words are no mention, or one to read as a name instead: a typed
    ``@U123`` of an account linked to nobody, or a Teams mention of a user linked to nobody
    whose name is somebody's here. Raises NotFound for any other mention of an account
    linked to nobody, saying how to link it."""
    mentioned = mention_in(h, words)
    if mentioned is None or mentioned.person is not None:
        return mentioned.person if mentioned is not None else None
    if mentioned.typed and mentioned.user is None:
        return None
    if not mentioned.by_name:
        raise NotFound(
            f"{mentioned.shown[:60]} has not linked their chat account to a person: name the "
            "person instead."
        )
    if find_people(h.uow, mentioned.shown):
        return None
    shown = mentioned.shown[:60]
    raise NotFound(
        f"{shown}, whom you mentioned, is not linked to anyone here as a "
        f"{platform_name(h.platform)} user, and nobody here is called “{shown}”: name the "
        f"person instead, or an administrator links them with `link @{shown} to <person>`."
    )


def split_at_mentions(h: HandlerContext, text: str) -> list[tuple[str, bool]]:
    """``text`` cut at the names of the users the message mentions (Teams): (piece, True) for
    each mentioned name, (piece, False) for the words between. A list of owners reads each
    mention as one owner, whatever its name holds (a Teams name such as "Smith, Jane" would
    otherwise read as two people)."""
    names = sorted({" ".join(m.name.split()) for m in h.msg.mentions}, key=len, reverse=True)
    names = [n for n in names if n]
    if not names:
        return [(text, False)]
    pattern = re.compile(
        r"(?<![\w@])@?(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in pattern.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], False))
        pieces.append((found.group(1), True))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
