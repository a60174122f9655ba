"""The status vocabulary and the words councils use for it."""

from __future__ import annotations

import re

from storage.models import OUTSTANDING_STATUSES, STATUSES

LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "achieved": "Achieved",
    "monitoring": "Achieved — monitoring",
    "not_accepted": "Not accepted",
    "closed": "Closed",
}

# RAG colour of each status, for renderers.
RAG = {
    "not_started": "none",
    "on_track": "green",
    "at_risk": "amber",
    "off_track": "red",
    "achieved": "green",
    "monitoring": "green",
    "not_accepted": "none",
    "closed": "none",
}

_SYNONYMS: dict[str, str] = {
    "notstarted": "not_started",
    "new": "not_started",
    "open": "not_started",
    "todo": "not_started",
    "ontrack": "on_track",
    "green": "on_track",
    "inprogress": "on_track",
    "progressing": "on_track",
    "underway": "on_track",
    "started": "on_track",
    "atrisk": "at_risk",
    "amber": "at_risk",
    "risk": "at_risk",
    "slipping": "at_risk",
    "offtrack": "off_track",
    "red": "off_track",
    "delayed": "off_track",
    "late": "off_track",
    "behind": "off_track",
    "blocked": "off_track",
    "stalled": "off_track",
    "achieved": "achieved",
    "done": "achieved",
    "complete": "achieved",
    "completed": "achieved",
    "finished": "achieved",
    "met": "achieved",
    "blue": "achieved",
    "monitoring": "monitoring",
    "monitored": "monitoring",
    "ongoing": "monitoring",
    "embedded": "monitoring",
    "achievedmonitoring": "monitoring",
    "notaccepted": "not_accepted",
    "rejected": "not_accepted",
    "declined": "not_accepted",
    "closed": "closed",
    "cancelled": "closed",
    "canceled": "closed",
    "withdrawn": "closed",
    "superseded": "closed",
}


def _key(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def parse_status(word: str) -> str | None:
    """The status a council's word means ("Amber", "#on-track", "Complete"), or None."""
    key = _key(word)
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    for status in STATUSES:
        if key == _key(status):
            return status
    return None


def parse_status_cell(text: str) -> str | None:
    """The status of a whole cell such as "Achieved. Monitored on an on-going basis": its
    first word or words, up to a stop, a comma, a dash, a bracket or a slash (a rating between
    two colours, "Amber/Green" or "Amber - Green", is the first)."""
    low = text.lower()
    if not low.strip():
        return None
    if "not accepted" in low:
        return "not_accepted"
    if "achieved" in low and ("monitor" in low or "on-going" in low or "ongoing" in low):
        return "monitoring"
    first = re.split(r"[.,;:\-–(/]", low.strip(), maxsplit=1)[0].strip()
    status = parse_status(first)
    if status is None and len(first.split()) > 1:
        status = parse_status(first.split()[0])
    return status


_RAG_LETTERS = {"r": "off_track", "a": "at_risk", "g": "on_track", "b": "achieved"}


def parse_rag_letter(word: str) -> str | None:
    """A RAG rating written as one letter (R, A, G, B) — only meaningful right after "RAG"."""
    return _RAG_LETTERS.get(word.strip().lower())


def is_outstanding(status: str) -> bool:
    """True for the statuses that still need work."""
    return status in OUTSTANDING_STATUSES


def label(status: str) -> str:
    """The human label of a status."""
    return LABELS.get(status, status)


def status_words() -> list[str]:
    """Every word (letters only, lower case) that names a status, to spot misspellings."""
    return sorted(set(_SYNONYMS) | {_key(s) for s in STATUSES})


def known_words() -> list[str]:
    """Status words users can type, for help text."""
    return [
        "on-track",
        "at-risk",
        "off-track",
        "done",
        "monitoring",
        "not-started",
        "not-accepted",
        "closed",
    ]
