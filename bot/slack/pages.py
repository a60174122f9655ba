"""Turn a :class:`Rendered` view into messages that fit Slack's limits, with page buttons.

A list longer than one message allows (50 blocks, and roughly 11,000 characters of blocks) is
split into pages. Previous / Next buttons carry the command that produced the list and the
page to show; clicking re-runs the command and shows that page. A "Share in channel" button
re-runs the command and posts the result for everyone.

The list may change between two clicks (an item marked done leaves "my actions"; a new one
arrives). Pages worked out afresh from the list as it is now would then start elsewhere, and
an item could slide onto a page the user has already seen. So a button also carries where
the page it asks for starts (or ends): short keys of the items just before it (Next, Share)
or just after it (Previous), and a digest and the size of the list as it was drawn. The page
continues after the last of those items still in the list; when the list has changed, its
caption says so. An item's key is its first button's value (an action's "Details" command,
which survives a change of status or wording), else its text.

A button value holds at most 2,000 characters. A long command is carried compressed when that
is shorter; when even then the keys do not all fit, the keys farthest from the page go first.
A button always carries the list's digest, so a page found by its number alone says so when
the list has changed; a command too long for even that gets no page buttons, and the caption
says the list is too long to show here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
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
# How many item keys a button carries to find its place again (several, so that the place is
# still found when the last item shown has gone since: marked done, say).
ANCHOR_KEYS = 5
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
# A command longer than this is clipped where a caption names it.
NAMED_COMMAND = 200
# The most a packed command may unpack to (a command is at most a button value long).
_UNPACKED_BYTES = 4 * BUTTON_VALUE


@dataclass(frozen=True)
class PageRequest:
    """What a page or share button asks for: re-run ``command`` and show page ``page``.

    ``after``: keys of the items just before the page (it starts after the last of them still
    in the list); ``before``: keys of the first items after it (it ends before the first of
    them still there); ``version`` and ``total``: the list's digest and size when the button
    was drawn. They only find the page again, so two requests for the same page of the same
    command are equal whatever they carry.
    """

    command: str
    page: int = 0
    after: tuple[str, ...] = field(default=(), compare=False)
    before: tuple[str, ...] = field(default=(), compare=False)
    version: str = field(default="", compare=False)
    total: int | None = field(default=None, compare=False)

    def encode(self, *, packed: bool = False) -> str:
        """The button value (compact JSON); ``packed``: with the command compressed."""
        data: dict[str, Any] = {"z": _pack(self.command)} if packed else {"c": self.command}
        data["p"] = self.page
        if self.after:
            data["a"] = ".".join(self.after)
        if self.before:
            data["b"] = ".".join(self.before)
        if self.version:
            data["v"] = self.version
        if self.total is not None:
            data["n"] = self.total
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> PageRequest | None:
        """The request a button value holds; None when it is not one of ours."""
        try:
            data = json.loads(value)
            command = str(data["c"]) if "c" in data else _unpack(data["z"])
            page = max(0, int(data.get("p", 0)))
        except (ValueError, TypeError, KeyError, OverflowError):
            return None
        if command is None:
            return None
        total = data.get("n")
        version = data.get("v")
        return cls(
            command=command,
            page=page,
            after=_keys(data.get("a")),
            before=_keys(data.get("b")),
            version=version if isinstance(version, str) and _KEY_RE.match(version) else "",
            total=total if isinstance(total, int) and not isinstance(total, bool) else None,
        )

    def fitted(self) -> str | None:
        """The shortest value of this request that fits in a button. When the whole does not
        fit, the keys farthest from the page are left out first, then the list's size; never
        the list's digest: None when even that does not fit (a page found by its number alone
        could not tell that the list had changed)."""
        packed = _packs_shorter(self.command)
        for request in self._lighter():
            value = request.encode(packed=packed)
            if len(value) <= BUTTON_VALUE:
                return value
        return None

    def _lighter(self) -> Iterator[PageRequest]:
        """This request, then ones carrying less, best first."""
        for n in range(max(len(self.after), len(self.before)), 0, -1):
            yield replace(self, after=self.after[len(self.after) - n :], before=self.before[:n])
        if self.after or self.before:
            yield replace(self, after=self.after[-1:], before=self.before[:1], total=None)
        yield replace(self, after=(), before=())
        yield replace(self, after=(), before=(), total=None)


def _keys(raw: object) -> tuple[str, ...]:
    if not isinstance(raw, str):
        return ()
    return tuple(k for k in raw.split(".")[:ANCHOR_KEYS] if _KEY_RE.match(k))


@lru_cache(maxsize=64)
def _packs_shorter(command: str) -> bool:
    """True when a button carries ``command`` in fewer characters compressed than as it is
    (the rest of the value is the same either way)."""
    return len(_pack(command)) + 2 < len(json.dumps(command))


@lru_cache(maxsize=64)
def _pack(command: str) -> str:
    """The command compressed, as URL-safe base64 without padding."""
    packed = base64.urlsafe_b64encode(zlib.compress(command.encode("utf-8"), 9))
    return packed.decode("ascii").rstrip("=")


def _unpack(packed: object) -> str | None:
    """The command :func:`_pack` packed; None when it is not one (or would unpack too long)."""
    if not isinstance(packed, str):
        return None
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflate = zlib.decompressobj()
        text = inflate.decompress(raw, _UNPACKED_BYTES)
        if not inflate.eof or inflate.unconsumed_tail:
            return None
        return text.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None


def _digest(text: str) -> str:
    raw = hashlib.blake2b(text.encode("utf-8"), digest_size=6).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def item_keys(items: Sequence[list[Block]]) -> list[str]:
    """A short key per item, the same for the same item in the list drawn again: its first
    button's value (an action's Details command), else its blocks; a repeat is numbered."""
    keys: list[str] = []
    seen: Counter[str] = Counter()
    for item in items:
        value = _first_value(item)
        base = "v:" + value if value else "b:" + json.dumps(item, sort_keys=True)
        seen[base] += 1
        keys.append(_digest(f"{base}\x00{seen[base]}"))
    return keys


def _first_value(item: list[Block]) -> str:
    """The value of the item's first interactive element that has one ("" when none has)."""
    for block in item:
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and "action_id" in accessory and accessory.get("value"):
            return str(accessory["value"])
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                if "action_id" in element and element.get("value"):
                    return str(element["value"])
    return ""


def list_version(keys: Sequence[str]) -> str:
    """A digest of the list's items in order."""
    return _digest(".".join(keys))


@dataclass(frozen=True)
class _Budget:
    blocks: int
    chars: int
    sizes: tuple[tuple[int, int], ...]  # (blocks, characters) of each item

    @classmethod
    def of(
        cls, r: Rendered, max_blocks: int, max_chars: int, command: str | None = None
    ) -> _Budget:
        """What is left for items beside the head, the tail, and the caption and buttons of
        pages of ``command``."""
        fixed = len(r.head) + len(r.tail) + 2  # page buttons and page context
        chrome = max(1000, _chrome(command))
        return cls(
            blocks=max(1, max_blocks - fixed),
            chars=max(1000, max_chars - block_chars([*r.head, *r.tail]) - chrome),
            sizes=tuple((len(item), block_chars(item)) for item in r.items),
        )

    def forward(self, start: int, stop: int | None = None) -> int:
        """The end of the page that starts at ``start`` (at least one item)."""
        stop = len(self.sizes) if stop is None else stop
        blocks = chars = 0
        end = start
        while end < stop:
            size, weight = self.sizes[end]
            if end > start and (blocks + size > self.blocks or chars + weight > self.chars):
                break
            blocks, chars, end = blocks + size, chars + weight, end + 1
        return end

    def backward(self, end: int) -> int:
        """The start of the page that ends at ``end`` (at least one item)."""
        blocks = chars = 0
        start = end
        while start > 0:
            size, weight = self.sizes[start - 1]
            if start < end and (blocks + size > self.blocks or chars + weight > self.chars):
                break
            blocks, chars, start = blocks + size, chars + weight, start - 1
        return start

    def bounds(self, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
        """The pages of the items from ``start`` to ``stop``, each as (start, end)."""
        stop = len(self.sizes) if stop is None else stop
        found: list[tuple[int, int]] = []
        while start < stop:
            end = self.forward(start, stop)
            found.append((start, end))
            start = end
        return found


@lru_cache(maxsize=64)
def _chrome(command: str | None) -> int:
    """About how many characters a page's caption and buttons take: the command named twice
    (the page and, when the list has changed, the note) and carried by up to three buttons."""
    if command is None:
        return 0
    widest = PageRequest(
        command, 999, after=("k" * 8,) * ANCHOR_KEYS, version="v" * 8, total=99999
    ).fitted()
    return 600 + 3 * len(widest or "") + 2 * len(code(_named(command)))


def _named(command: str) -> str:
    """The command as a caption names it (a long one clipped)."""
    return command if len(command) <= NAMED_COMMAND else command[: NAMED_COMMAND - 1] + "…"


def _usable(command: str | None, version: str) -> str | None:
    """``command`` when page buttons can carry it with the list's digest, else None."""
    if not command or len(PageRequest(command, 999).encode()) > BUTTON_VALUE:
        return None
    return command if PageRequest(command, 999, version=version).fitted() else None


def split_pages(
    r: Rendered, *, max_blocks: int = MAX_MESSAGE_BLOCKS, max_chars: int = MESSAGE_CHARS
) -> list[list[list[Block]]]:
    """The items of ``r`` grouped into pages that fit beside its head, tail and buttons."""
    bounds = _Budget.of(r, max_blocks, max_chars).bounds() or [(0, 0)]
    return [r.items[start:end] for start, end in bounds]


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    anchored: str = ""  # "after" or "before" when a carried key found the place


def _still_together(found: list[int]) -> list[int]:
    """Of the carried items' positions now (in the order they were shown), the longest run
    still side by side (the later one of equal runs): an item that moved elsewhere since (its
    due date changed) is no anchor for where the page carries on."""
    best: list[int] = []
    run: list[int] = []
    for at in found:
        run = [*run, at] if run and at == run[-1] + 1 else [at]
        if len(run) >= len(best):
            best = run
    return best


def _place(request: PageRequest, keys: list[str], budget: _Budget) -> _Place:
    """Where the page asked for lies in the list as it is now."""
    count = len(keys)
    position = {k: n for n, k in enumerate(keys)}
    if request.after:
        found = _still_together([position[k] for k in request.after if k in position])
        if found:
            start = found[-1] + 1
            if start >= count:  # nothing after it any more: the list's last page
                return _Place(budget.backward(count), count, "after")
            return _Place(start, budget.forward(start), "after")
    if request.before:
        found = _still_together([position[k] for k in request.before if k in position])
        if found:
            end = found[0]
            if end <= 0:  # nothing before it any more: the first page
                return _Place(0, budget.forward(0), "before")
            for start, stop in budget.bounds():
                if stop == end:  # the usual page ends there: show it whole
                    return _Place(start, stop, "before")
            return _Place(budget.backward(end), end, "before")
    pages = budget.bounds() or [(0, 0)]
    start, end = pages[min(request.page, len(pages) - 1)]
    return _Place(start, end)


def _changed_note(request: PageRequest, count: int, place: _Place, usable: str | None) -> str:
    then = "" if request.total is None or request.total == count else f" ({request.total} "
    if then:
        then += f"item{'s' if request.total != 1 else ''} then, {count} now)"
    if place.anchored == "after":
        how = "this page carries on after the last item you were shown"
    elif place.anchored == "before":
        how = "this page ends just before the first item you were shown"
    else:
        how = "items may have moved between pages"
    again = ""
    if usable is not None:
        named = _named(usable)
        again = (
            f" Run {code(named) if named == usable else 'it'} again to see it whole as it is now."
        )
    return f"The list has changed since the last page{then}: {how}.{again}"


def page_blocks(
    r: Rendered,
    page: int | PageRequest = 0,
    *,
    command: str | None = None,
    shareable: bool = False,
    paging: bool = True,
    max_blocks: int = MAX_MESSAGE_BLOCKS,
    max_chars: int = MESSAGE_CHARS,
) -> tuple[list[Block], int, int]:
    """The blocks of one page, the page shown and the number of pages. ``page`` is a number
    or what a page button asked for (which finds the page again in a list that has changed
    since). ``paging=False`` names the page and its command without Previous / Next (a list
    shared in a channel)."""
    request = page if isinstance(page, PageRequest) else PageRequest(command or "", page)
    keys = item_keys(r.items)
    version = list_version(keys)
    usable = _usable(command, version)
    budget = _Budget.of(r, max_blocks, max_chars, usable)
    place = _place(request, keys, budget)
    shown = len(budget.bounds(0, place.start))
    pages = shown + 1 + len(budget.bounds(place.end))
    changed = bool(request.version) and request.version != version
    items = r.items[place.start : place.end]
    blocks: list[Block] = [*r.head, *(b for item in items for b in item), *r.tail]
    caption: list[str] = []
    if pages > 1:
        if usable is None:
            why = " (its command is too long for page buttons)" if command else ""
            caption.append(f"Page {shown + 1} of {pages}: the list is too long to show here{why}.")
        else:
            caption.append(f"Page {shown + 1} of {pages} · {code(_named(usable))}")
    if changed:
        caption.append(_changed_note(request, len(keys), place, usable))
    if caption:
        blocks.append(context(*caption))
    controls: list[dict[str, Any]] = []
    if usable is not None:

        def at(n: int, **where: tuple[str, ...]) -> str:
            found = PageRequest(usable, n, version=version, total=len(keys), **where)
            # Fits: _usable made sure that the command and the digest do.
            return found.fitted() or ""

        if paging and pages > 1 and shown > 0:
            before = tuple(keys[place.start : place.start + ANCHOR_KEYS])
            controls.append(button("‹ Previous", PAGE, at(shown - 1, before=before)))
        if paging and shown < pages - 1:
            after = tuple(keys[max(place.end - ANCHOR_KEYS, 0) : place.end])
            controls.append(button("Next ›", PAGE, at(shown + 1, after=after)))
        if shareable:
            after = tuple(keys[max(place.start - ANCHOR_KEYS, 0) : place.start])
            controls.append(button("Share in channel", SHARE, at(shown, after=after)))
    if controls:
        blocks.append(actions(controls))
    return unique_action_ids(blocks), shown, pages


def unique_action_ids(blocks: list[Block]) -> list[Block]:
    """Give repeated action ids a ``:n`` suffix (listeners match ``name`` or ``name:n``)."""
    blocks = [_copy_interactive(b) for b in blocks]
    elements = _elements(blocks)
    seen = Counter(element["action_id"] for element in elements)
    counter: Counter[str] = Counter()
    for element in elements:
        base = element["action_id"]
        if seen[base] > 1:
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
    page: int | PageRequest = 0,
    *,
    command: str | None = None,
    shareable: bool = False,
    paging: bool = True,
) -> Message:
    """One page of a view as a message; ``command`` (what produced it) enables page buttons.
    When the view knows its own command (``View.rerun_command``: the meeting or list the
    answer is about), the buttons re-run that rather than what was typed, so a later click
    shows the same meeting even once another one is next. ``page`` is a number or what a page
    button asked for (see :func:`page_blocks`). ``paging=False``: no Previous / Next (the
    caption still names the page and the command).

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
    blocks, shown, pages = page_blocks(r, page, command=command, shareable=shareable, paging=paging)
    text = r.fallback + (f" (page {shown + 1} of {pages})" if pages > 1 else "")
    return Message(text=text or "csbot", blocks=blocks)
