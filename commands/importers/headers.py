"""Column headers matched by what councils write, case- and punctuation-insensitively."""

from __future__ import annotations

import re

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "no", "number", "reference", "#", "item no", "ref no"),
    "title": (
        "action",
        "priority",
        "recommendation",
        "objective",
        "provision",
        "requirement",
        "outcome",
        "corporate parenting provision",
        "actions",
    ),
    "lead": (
        "lead",
        "who",
        "owner",
        "responsibility",
        "lead officer",
        "responsible officer",
        "responsible",
        "owners",
    ),
    "due": (
        "timescale",
        "timescales",
        "when",
        "due",
        "deadline",
        "completion date",
        "target date",
        "by when",
        "due date",
    ),
    "status": ("status", "rag", "rag status"),
    "progress": (
        "progress",
        "progress to date",
        "current position",
        "update",
        "comments",
        "progress update",
    ),
    "section": ("section", "theme", "strategic aim"),
}


def header_key(text: str) -> str:
    """A header reduced to lower-case words: "Progress to date:" -> "progress to date"."""
    if text.strip() == "#":
        return "#"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def field_of(header: str) -> str | None:
    """The field a header names, or None."""
    key = header_key(header)
    if not key:
        return None
    for name, words in SYNONYMS.items():
        if key in words:
            return name
    return None
