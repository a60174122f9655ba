"""Slack's mrkdwn, both ways: escaping what we send and reading what users typed.

Slack gives ``&``, ``<`` and ``>`` a meaning in message text (``<!channel>``, ``<@U123>``,
``<https://x|label>``), so every piece of user or database text we put into mrkdwn is escaped:
nobody can notify a channel or dress up a link through an action title or an update.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
ELLIPSIS = "…"

# Slack's markup in incoming text: <@U123>, <@U123|name>, <#C123|name>, <!here>, <url|label>.
_MARKUP_RE = re.compile(r"<([^<>]+)>")
_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")


def escape(text: str) -> str:
    """Text made safe for mrkdwn: ``&``, ``<`` and ``>`` become entities."""
    # "&" first, so the entities made for "<" and ">" are not escaped again. (Three replaces
    # cost a third of a regular expression's substitution; every line of a list runs several.)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Plain text cut to ``limit`` characters, ending in an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


def escape_clip(text: str, limit: int) -> str:
    """Escaped text no longer than ``limit`` characters, never cutting an entity in half."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    size = 0
    for ch in text:
        piece = _ESCAPES.get(ch, ch)
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out).rstrip() + ELLIPSIS


def code(text: str) -> str:
    """Inline code (escaped; backticks inside are replaced so the span cannot be broken)."""
    cleaned = text.replace("`", "'")
    return f"`{escape(cleaned)}`"


def bold(text: str) -> str:
    """Bold mrkdwn around escaped text (asterisks inside are dropped)."""
    cleaned = text.replace("*", "").strip()
    return f"*{escape(cleaned)}*" if cleaned else ""


def link(url: str, label: str) -> str:
    """A link we build ourselves (permalinks); the label is escaped, the URL must be http(s)."""
    if not url.startswith(("https://", "http://")) or any(c in url for c in "<>|"):
        return escape(label)
    return f"<{url}|{escape(label.replace('|', '/'))}>"


def user_mention(user_id: str) -> str:
    """``<@U123>`` for a Slack user id (anything else is shown as text)."""
    return f"<@{user_id}>" if _USER_ID_RE.match(user_id) else escape(user_id)


def mentioned_users(text: str) -> list[str]:
    """The user ids mentioned in incoming Slack text, in order, without repeats."""
    seen: list[str] = []
    for m in _MARKUP_RE.finditer(text):
        body = m.group(1)
        if body.startswith("@"):
            uid = body[1:].split("|", 1)[0]
            if uid not in seen:
                seen.append(uid)
    return seen


def to_plain(
    text: str, names: Mapping[str, str] | None = None, *, keep_mentions: bool = False
) -> str:
    """Incoming Slack message text as a person would read it.

    ``<@U123>`` becomes ``@Name`` (from ``names``, else the label or the id), ``<#C1|general>``
    becomes ``#general``, ``<https://x|label>`` becomes ``label (https://x)``, ``<!here>``
    becomes ``@here``, and the ``&amp;``/``&lt;``/``&gt;`` entities become characters again.
    With ``keep_mentions`` user mentions stay as Slack wrote them (commands such as
    ``/actions for <@U123>`` identify the user by id).
    """
    names = names or {}

    def plain(m: re.Match[str]) -> str:
        body = m.group(1)
        target, _, label = body.partition("|")
        if target.startswith("@"):
            if keep_mentions:
                return m.group(0)
            uid = target[1:]
            return "@" + (names.get(uid) or label or uid)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            special = target[1:].split("^", 1)[0]
            return label or f"@{special}"
        address = target.removeprefix("mailto:")
        if label and label not in (target, address):
            return f"{label} ({address})"
        return address

    return html.unescape(_MARKUP_RE.sub(plain, text)) if "<" in text or "&" in text else text


def strip_leading_mention(text: str, user_id: str | None) -> str:
    """Text of an @-mention without the bot's mention at its start (``<@UBOT> kpi pep``)."""
    text = text.strip()
    if user_id:
        text = re.sub(rf"^<@{re.escape(user_id)}(?:\|[^>]*)?>[\s:,]*", "", text)
    return text.strip()
