"""Small builders for Block Kit JSON, and Slack's limits in one place.

Every builder takes text that is already mrkdwn (escaped by the caller) or plain text, and
clips it to the element's limit, so a long title or update can never make Slack refuse a
message. Tests validate everything these produce through ``slack_sdk.models``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.slack.mrkdwn import ELLIPSIS, clip

Block = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACCESSIBILITY_LABEL = 75
ACTIONS_ELEMENTS = 25
FALLBACK_TEXT = 3000
# Slack refuses messages whose blocks hold much more than ~13,000 characters in total
# (msg_blocks_too_long), well below the per-block limits added up; stay under it.
MESSAGE_CHARS = 11000


def mrkdwn_clip(text: str, limit: int) -> str:
    """Already-escaped mrkdwn cut to ``limit`` without splitting an entity or a link."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    lt = cut.rfind("<")
    if lt != -1 and ">" not in cut[lt:]:
        cut = cut[:lt]
    if cut.count("`") % 2:
        cut = cut[: cut.rfind("`")]
    return cut.rstrip() + ELLIPSIS


def plain(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def md(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """A mrkdwn text object (``text`` must already be escaped)."""
    return {"type": "mrkdwn", "text": mrkdwn_clip(text, limit) or " "}


def header(text: str) -> Block:
    """A header block (plain text, at most 150 characters)."""
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def section(text: str, *, accessory: dict[str, Any] | None = None) -> Block:
    """A section block of mrkdwn, optionally with a button or other accessory."""
    block: Block = {"type": "section", "text": md(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields_section(pairs: Sequence[tuple[str, str]], text: str = "") -> Block:
    """A section with up to ten "label: value" fields (values already escaped)."""
    fields = [md(f"*{label}*\n{value}", FIELD_TEXT) for label, value in pairs[:MAX_FIELDS]]
    block: Block = {"type": "section", "fields": fields}
    if text:
        block["text"] = md(text)
    return block


def context(*texts: str) -> Block:
    """A context block: small grey mrkdwn lines (at most ten)."""
    elements = [md(t, SECTION_TEXT) for t in texts if t][:CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements or [md(" ")]}


def divider() -> Block:
    """A divider block."""
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str = "",
    *,
    style: str | None = None,
    url: str | None = None,
    accessibility_label: str | None = None,
) -> dict[str, Any]:
    """A button element; ``value`` must fit in 2,000 characters (callers make sure).

    ``accessibility_label`` is what screen readers say instead of the text: buttons repeated
    down a list ("Done", "Details") need one that names their row ("Mark 1.4 done")."""
    element: dict[str, Any] = {"type": "button", "text": plain(text, BUTTON_TEXT)}
    element["action_id"] = action_id
    if value:
        if len(value) > BUTTON_VALUE:
            raise ValueError(f"button value of {len(value)} characters is over Slack's limit")
        element["value"] = value
    if style in ("primary", "danger"):
        element["style"] = style
    if url:
        element["url"] = url
    if accessibility_label and accessibility_label.strip():
        element["accessibility_label"] = clip(accessibility_label, ACCESSIBILITY_LABEL)
    return element


def actions(elements: Sequence[dict[str, Any]], block_id: str | None = None) -> Block:
    """An actions block of at most 25 interactive elements."""
    block: Block = {"type": "actions", "elements": list(elements[:ACTIONS_ELEMENTS])}
    if block_id:
        block["block_id"] = block_id
    return block


# One encoder for every count: json.dumps with options builds a new encoder on each call, which
# costs as much as encoding a small block (and a long list counts each of its items).
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def block_chars(blocks: Sequence[Block]) -> int:
    """How many characters the blocks hold (what Slack's msg_blocks_too_long counts, roughly)."""
    return len(_encode(blocks))


@dataclass(frozen=True)
class Message:
    """A message ready for chat.postMessage / respond: fallback text and blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        """The ``text`` and ``blocks`` arguments of a Web API call."""
        return {"text": self.text, "blocks": self.blocks}
