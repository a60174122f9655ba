"""Small builders for Adaptive Cards (1.5) on the SDK's card models, and Teams' limits.

User text (titles, names, updates) never goes through Adaptive Card markdown: it is put in
``TextRun``s of a ``RichTextBlock``, which Teams shows literally. So nobody can dress up a
link or inject formatting through an action title, and nothing needs escaping. ``TextBlock``
(markdown) is used only for text this module writes itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from microsoft_teams.cards.core import (
    Action,
    ActionSet,
    AdaptiveCard,
    CardElement,
    Container,
    ExecuteAction,
    RichTextBlock,
    TextRun,
)

CARD_VERSION: Final = "1.5"
# Teams refuses a message whose activity is over about 28 KB; the card gets most of it and
# the envelope (ids, addresses, summary) the rest.
MAX_CARD_BYTES = 24_000
TEXT_LIMIT = 1_500
TITLE_LIMIT = 250
BUTTON_LIMIT = 40
ELLIPSIS = "…"

Color = Literal["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"]
LEVEL_COLOR: dict[str, Color] = {
    "info": "Default",
    "success": "Good",
    "warning": "Warning",
    "error": "Attention",
}
RAG_COLOR: dict[str, Color] = {
    "red": "Attention",
    "amber": "Warning",
    "green": "Good",
    "none": "Default",
}


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """Text cut to ``limit`` characters, ending in an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Run:
    """A piece of literal text with a style."""

    text: str
    bold: bool = False
    subtle: bool = False
    italic: bool = False
    strike: bool = False
    color: Color | None = None
    size: Literal["Small", "Default", "Medium", "Large", "ExtraLarge"] | None = None
    mono: bool = False

    def model(self, limit: int) -> TextRun:
        """The SDK TextRun."""
        return TextRun(
            text=clip(self.text, limit),
            weight="Bolder" if self.bold else None,
            is_subtle=self.subtle or None,
            italic=self.italic or None,
            strikethrough=self.strike or None,
            color=self.color if self.color and self.color != "Default" else None,
            size=self.size,
            font_type="Monospace" if self.mono else None,
        )

    def pieces(self) -> list[Run]:
        """This run with each `command` in it (csbot's wording quotes commands so) set in a
        monospace run of its own, without the backticks a card would show literally."""
        parts = _CODE.split(self.text)
        if len(parts) == 1:
            return [self]
        return [replace(self, text=t, mono=i % 2 == 1) for i, t in enumerate(parts) if t]


_CODE = re.compile(r"`([^`\n]+)`")


def para(
    *runs: Run | str,
    separator: bool = False,
    spacing: Literal["None", "Small", "Default", "Medium", "Large"] | None = None,
    limit: int = TEXT_LIMIT,
) -> RichTextBlock:
    """One paragraph of literal runs (a plain ``str`` is an unstyled run)."""
    inlines: list[CardElement] = [
        piece.model(limit)
        for r in runs
        if r
        for piece in (Run(r) if isinstance(r, str) else r).pieces()
    ]
    if not inlines:
        inlines = [TextRun(text=" ")]
    return RichTextBlock(inlines=inlines, separator=separator or None, spacing=spacing)


def heading(text: str, *, color: Color | None = None) -> RichTextBlock:
    """A card's title."""
    return para(Run(text, bold=True, size="Medium", color=color), limit=TITLE_LIMIT)


def subheading(text: str, *, separator: bool = True) -> RichTextBlock:
    """A section title inside a card."""
    return para(Run(text, bold=True), separator=separator, spacing="Medium", limit=TITLE_LIMIT)


def fact(label: str, value: str, *, limit: int = TEXT_LIMIT) -> RichTextBlock:
    """``Label: value`` on one line (a FactSet would render the value as markdown); each
    part cut to ``limit`` characters."""
    return para(Run(f"{label}: ", bold=True), Run(value or "—"), limit=limit)


def subtle(text: str) -> RichTextBlock:
    """A quiet line: counts, hints, footers."""
    return para(Run(text, subtle=True))


def group(items: Iterable[CardElement], *, separator: bool = False) -> Container:
    """Several elements kept together (one list item)."""
    return Container(items=list(items), separator=separator or None, spacing="Medium")


def execute(
    title: str,
    verb: str,
    data: dict[str, Any],
    *,
    style: Literal["default", "positive", "destructive"] | None = None,
) -> ExecuteAction:
    """An Action.Execute button; Teams sends ``verb`` and ``data`` back as adaptiveCard/action."""
    return ExecuteAction(title=clip(title, BUTTON_LIMIT), verb=verb, data=data, style=style)


def buttons(actions: Sequence[Action]) -> ActionSet:
    """A row of buttons inside the body."""
    return ActionSet(actions=list(actions))


def card(
    body: Sequence[CardElement],
    *,
    fallback: str,
    actions: Sequence[Action] = (),
) -> AdaptiveCard:
    """A top-level card at version 1.5 with a plain-text fallback."""
    return AdaptiveCard(
        version=CARD_VERSION,
        fallback_text=clip(fallback, 300),
        body=list(body),
        actions=list(actions) or None,
    )


def card_json(value: AdaptiveCard) -> dict[str, Any]:
    """The card as the JSON Teams receives."""
    return value.model_dump(exclude_none=True)


def card_bytes(value: AdaptiveCard) -> int:
    """The size of the card's JSON in bytes (UTF-8, as sent)."""
    return len(json.dumps(card_json(value), ensure_ascii=False).encode("utf-8"))
