"""Turn a :class:`Rendered` view into messages that fit Slack's limits, with page buttons.

A list longer than one message allows (50 blocks, and roughly 11,000 characters of blocks) is
split into pages. Previous / Next buttons carry the command that produced the list and the
page to show; clicking re-runs the command and shows that page. A "Share in channel" button
re-runs the command and posts the result for everyone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack.blocks import (
    BUTTON_VALUE,
    MAX_MESSAGE_BLOCKS,
    MESSAGE_CHARS,
    Block,
    Message,
    actions,
    block_chars,
    button,
    context,
)
from bot.slack.mrkdwn import code
from bot.slack.render import render
from bot.slack.rendered import Rendered
from commands.views import View

PAGE = "page"
SHARE = "share"


@dataclass(frozen=True)
class PageRequest:
    """What a page or share button asks for: re-run ``command`` and show page ``page``."""

    command: str
    page: int = 0

    def encode(self) -> str:
        """The button value (compact JSON)."""
        return json.dumps({"c": self.command, "p": self.page}, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> PageRequest | None:
        """The request a button value holds; None when it is not one of ours."""
        try:
            data = json.loads(value)
            return cls(command=str(data["c"]), page=max(0, int(data.get("p", 0))))
        except (ValueError, TypeError, KeyError):
            return None


def split_pages(
    r: Rendered, *, max_blocks: int = MAX_MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS
) -> list[list[list[Block]]]:
    """The items of ``r`` grouped into pages that fit beside its head, tail and buttons."""
    fixed = len(r.head) + len(r.tail) + 2  # page buttons and page context
    block_budget = max(1, max_blocks - fixed)
    char_budget = max(1000, max_chars - block_chars([*r.head, *r.tail]) - 1000)
    pages: list[list[list[Block]]] = [[]]
    blocks = chars = 0
    for item in r.items:
        size, weight = len(item), block_chars(item)
        if pages[-1] and (blocks + size > block_budget or chars + weight > char_budget):
            pages.append([])
            blocks = chars = 0
        pages[-1].append(item)
        blocks += size
        chars += weight
    return pages


def page_blocks(
    r: Rendered,
    page: int = 0,
    *,
    command: str | None = None,
    shareable: bool = False,
    paging: bool = True,
    max_blocks: int = MAX_MESSAGE_BLOCKS,
    max_chars: int = MESSAGE_CHARS,
) -> tuple[list[Block], int, int]:
    """The blocks of one page, the page shown and the number of pages. ``paging=False``
    names the page and its command without Previous / Next (a list shared in a channel)."""
    pages = split_pages(r, max_blocks=max_blocks, max_chars=max_chars)
    page = min(max(page, 0), len(pages) - 1)
    blocks: list[Block] = [*r.head, *(b for item in pages[page] for b in item), *r.tail]
    usable = (
        command if command and len(PageRequest(command, 999).encode()) <= BUTTON_VALUE else None
    )
    controls: list[dict[str, Any]] = []
    if len(pages) > 1:
        if usable is None:
            blocks.append(
                context(f"Page {page + 1} of {len(pages)}: the list is too long to show here.")
            )
        else:
            blocks.append(context(f"Page {page + 1} of {len(pages)} · {code(usable)}"))
            if paging and page > 0:
                controls.append(button("‹ Previous", PAGE, PageRequest(usable, page - 1).encode()))
            if paging and page < len(pages) - 1:
                controls.append(button("Next ›", PAGE, PageRequest(usable, page + 1).encode()))
    if shareable and usable is not None:
        controls.append(button("Share in channel", SHARE, PageRequest(usable, page).encode()))
    if controls:
        blocks.append(actions(controls))
    return unique_action_ids(blocks), page, len(pages)


def unique_action_ids(blocks: list[Block]) -> list[Block]:
    """Give repeated action ids a ``:n`` suffix (listeners match ``name`` or ``name:n``)."""
    blocks = [_copy_interactive(b) for b in blocks]
    seen: Counter[str] = Counter()
    for element in _elements(blocks):
        seen[element["action_id"]] += 1
    repeated = {k for k, n in seen.items() if n > 1}
    counter: Counter[str] = Counter()
    for element in _elements(blocks):
        base = element["action_id"]
        if base in repeated:
            counter[base] += 1
            element["action_id"] = f"{base}:{counter[base]}"
    return blocks


def _copy_interactive(block: Block) -> Block:
    """A copy of ``block`` whose interactive elements can be changed without touching the
    original (a deep copy of every block costs more than rendering them)."""
    accessory = block.get("accessory")
    elements = block.get("elements")
    if not isinstance(accessory, dict) and block.get("type") != "actions":
        return block
    copied = dict(block)
    if isinstance(accessory, dict):
        copied["accessory"] = dict(accessory)
    if block.get("type") == "actions" and isinstance(elements, list):
        copied["elements"] = [dict(e) for e in elements]
    return copied


def _elements(blocks: list[Block]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and "action_id" in accessory:
            found.append(accessory)
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if "action_id" in element:
                found.append(element)
    return found


def to_message(
    view: View | Sequence[View],
    page: int = 0,
    *,
    command: str | None = None,
    shareable: bool = False,
    paging: bool = True,
) -> Message:
    """One page of a view as a message; ``command`` (what produced it) enables page buttons.
    When the view knows its own command (``View.rerun_command``: the meeting or list the
    answer is about), the buttons re-run that rather than what was typed, so a later click
    shows the same meeting even once another one is next. ``paging=False``: no Previous /
    Next (the caption still names the page and the command).

    Several views make one message: the first is paginated, the others follow it whole
    (an error followed by "which of these is you?").
    """
    views = [view] if isinstance(view, View) else list(view)
    if command is not None and views:
        command = views[0].rerun_command or command
    first, *others = [render(v) for v in views]
    r = Rendered(
        fallback=first.fallback,
        head=first.head,
        items=first.items,
        tail=[*first.tail, *(b for extra in others for b in extra.all_blocks())],
    )
    blocks, page, pages = page_blocks(r, page, command=command, shareable=shareable, paging=paging)
    text = r.fallback + (f" (page {page + 1} of {pages})" if pages > 1 else "")
    return Message(text=text or "csbot", blocks=blocks)
