"""Action refs and plan slugs: the normal forms everything is matched by."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not split into a plain letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
    }
)

_REF_CHARS = re.compile(r"[^A-Za-z0-9./]")
_CODED_DASH = re.compile(r"^([A-Za-z]{1,8}\s*\d+)\s*[-–]\s*(\d+)$")


def normalise_ref(text: str) -> str:
    """An action ref in normal form: "1 0." -> "10", "2.3." -> "2.3", "[4.2]" -> "4.2",
    "CPAC343 / 1" and "CPAC343-1" -> "CPAC343/1". Letters are upper-cased."""
    text = unicodedata.normalize("NFKC", text).strip().strip("[]()#")
    if re.fullmatch(r"[\d\s]+\.?", text):
        # OCR splits digits: "1 0." is ten.
        text = text.replace(" ", "")
    # A minutes ref typed with a dash for its "/": "CPAC343-1" is CPAC343/1, not CPAC3431.
    text = _CODED_DASH.sub(r"\1/\2", text)
    text = _REF_CHARS.sub("", text).strip("./").upper()
    return re.sub(r"\.{2,}", ".", text)


# Matched against the normal form (upper case): "2.3a" is "2.3A".
REF_PATTERN = r"[A-Za-z]{0,8}\d+(?:[./]\d+)*[A-Za-z]?"
_REF_RE = re.compile(rf"^{REF_PATTERN}$")


def looks_like_ref(text: str) -> bool:
    """True when the text has the shape of an action ref ("2.3", "10", "CPAC343/1")."""
    return bool(_REF_RE.match(normalise_ref(text))) if text.strip() else False


def title_key(title: str) -> str:
    """An action's title as titles are compared: its letters and digits, without case,
    punctuation or spaces ("Review the P.E.P. audit" is "Review the PEP audit")."""
    return "".join(c for c in title.casefold() if c.isalnum())


def fold_accents(text: str) -> str:
    """``text`` with accented letters as plain ones ("Zoë" -> "Zoe", "Łukasz" -> "Lukasz")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_UNDECOMPOSED)


def plan_slug(name: str) -> str:
    """The slug a plan is matched by: "Leeds Improvement Plan" -> "leeds-improvement-plan",
    "2026-27" -> "2026-27", accents folded ("Plan Café" -> "plan-cafe", "Ærø" -> "aero");
    "" for a name with no Latin letter or digit to make one of ("###", "Ωμέγα"), which must
    not stand for any plan."""
    text = fold_accents(name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:200].strip("-")
