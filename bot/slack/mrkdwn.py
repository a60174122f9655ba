"""Slack's mrkdwn, both ways: escaping what we send and reading what users typed.

Slack gives ``&``, ``<`` and ``>`` a meaning in message text (``<!channel>``, ``<@U123>``,
``<https://x|label>``), so every piece of user or database text we put into mrkdwn is escaped:
nobody can notify a channel or dress up a link through an action title or an update.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

from commands.meeting_store import reads_channel

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
ELLIPSIS = "…"

# Slack's markup in incoming text: <@U123>, <@U123|name>, <#C123|name>, <!here>, <url|label>.
_MARKUP_RE = re.compile(r"<([^<>]+)>")
_USER_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")
# A Slack channel id (``C0123ABCD``; ``G…`` for older private channels): 9 to 11 characters
# today. Slack channel names are lower case, so a stored channel of this shape is an id.
_CHANNEL_ID_RE = re.compile(r"^[CG][A-Z0-9]{8,}$")


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


def channel_link(channel: str) -> str:
    """A channel as stored, as mrkdwn: a Slack channel id as a link (``<#C0123ABCD>``, which
    Slack shows by the channel's name as it is now), anything else (a name) as ``#name``."""
    if _CHANNEL_ID_RE.match(channel):
        return f"<#{channel}>"
    return escape(f"#{channel}")


def escape_clip_channels(
    text: str,
    channels: Sequence[tuple[int, int]],
    limit: int,
    words: Callable[[str], str] | None = None,
) -> str:
    """:func:`escape_clip` of a text that names stored channels: ``text[start:end]`` of each
    ``(start, end)`` in ``channels`` is ``#`` and a channel, shown by :func:`channel_link`;
    everything else is escaped (after ``words``, when given, rewrites it). A span that is not
    ``#`` and something, or that overlaps another, is left as text."""
    pieces: list[tuple[str, bool]] = []  # (text, whether it is a channel)
    at = 0
    for start, end in sorted(channels):
        if start < at or end > len(text) or end - start < 2 or text[start] != "#":
            continue
        plain = text[at:start]
        if plain:
            pieces.append((plain, False))
        pieces.append((text[start + 1 : end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    shown = [
        channel_link(piece) if is_channel else escape(words(piece) if words else piece)
        for piece, is_channel in pieces
    ]
    if sum(map(len, shown)) <= limit:
        return "".join(shown)
    out: list[str] = []
    size = 0
    for (piece, is_channel), mrkdwn in zip(pieces, shown, strict=True):
        if size + len(mrkdwn) <= limit - 1:
            out.append(mrkdwn)
            size += len(mrkdwn)
            continue
        # Cut here, leaving room for the ellipsis: a channel is never cut in half.
        for ch in "" if is_channel else (words(piece) if words else piece):
            entity = _ESCAPES.get(ch, ch)
            if size + len(entity) > limit - 1:
                break
            out.append(entity)
            size += len(entity)
        break
    return "".join(out).rstrip() + ELLIPSIS


def command_plain(text: str, group: str | None = None) -> str:
    """A typed command as the core reads it (see :func:`to_plain`): user mentions stay as
    Slack wrote them (commands name people by id), and so do channel mentions in the commands
    that store a channel, by its id (``commands.meeting_store.reads_channel``). ``group``: the
    slash command the text follows; None when the text starts with it (a direct message)."""
    if "<#" in text:
        rest = text
        if group is None:
            group, _, rest = text.strip().partition(" ")
        if reads_channel(group, rest):
            return to_plain(text, keep_mentions=True, keep_channels=True)
    return to_plain(text, keep_mentions=True)


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
    text: str,
    names: Mapping[str, str] | None = None,
    *,
    keep_mentions: bool = False,
    keep_channels: bool = False,
) -> str:
    """Incoming Slack message text as a person would read it.

    ``<@U123>`` becomes ``@Name`` (from ``names``, else the label or the id), ``<#C1|general>``
    becomes ``#general``, ``<https://x|label>`` becomes ``label (https://x)``, ``<!here>``
    becomes ``@here``, and the ``&amp;``/``&lt;``/``&gt;`` entities become characters again.
    With ``keep_mentions`` user mentions stay as Slack wrote them (commands such as
    ``/actions for <@U123>`` identify the user by id); with ``keep_channels`` channel mentions
    do (``/meeting channel CPAC <#C123|cpac>`` stores the channel by its id).
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
            if keep_channels:
                return m.group(0)
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
