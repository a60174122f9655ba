"""Lead cells ("Ken Morton/ Catherine Marchant", "HOS SM's", "CX/ACE with interim DCS") split
into owners: people and roles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# Letters that OCR or pasted text gives in Cyrillic or Greek but that mean Latin ones.
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеорсухіјѕΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABCEHIJKMOPSTXYaeopcyxijsABEHIKMNOPTXYZ",
)

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

# Role titles written out in full, mapped to the abbreviation councils use.
KNOWN_ROLES: dict[str, tuple[str, str]] = {
    "director of childrens services": ("DCS", "Director of Children's Services"),
    "director of children's services": ("DCS", "Director of Children's Services"),
    "dcs": ("DCS", "Director of Children's Services"),
    "interim dcs": ("DCS", "Director of Children's Services"),
    "chief executive": ("CX", "Chief Executive"),
    "cx": ("CX", "Chief Executive"),
    "ceo": ("CX", "Chief Executive"),
    "ace": ("ACE", "Assistant Chief Executive"),
    "assistant chief executive": ("ACE", "Assistant Chief Executive"),
    "ad": ("AD", "Assistant Director"),
    "assistant director": ("AD", "Assistant Director"),
    "hos": ("HOS", "Head of Service"),
    "head of service": ("HOS", "Head of Service"),
    "sm": ("SM", "Service Manager"),
    "service manager": ("SM", "Service Manager"),
    "tm": ("TM", "Team Manager"),
    "team manager": ("TM", "Team Manager"),
    "iro": ("IRO", "Independent Reviewing Officer"),
    "independent reviewing officer": ("IRO", "Independent Reviewing Officer"),
    "lmcs": ("LMCS", "Lead Member for Children's Services"),
    "lead member": ("LMCS", "Lead Member for Children's Services"),
    "vsh": ("VSH", "Virtual School Head"),
    "virtual school head": ("VSH", "Virtual School Head"),
    "virtual school headteacher": ("VSH", "Virtual School Head"),
    "head of virtual school": ("VSH", "Virtual School Head"),
    "head of the virtual school": ("VSH", "Virtual School Head"),
    "clerk": ("CLERK", "Committee Clerk"),
}

_ROLE_WORDS = {
    "manager",
    "managers",
    "head",
    "director",
    "board",
    "team",
    "teams",
    "service",
    "services",
    "officer",
    "officers",
    "panel",
    "group",
    "partnership",
    "unit",
    "commissioning",
    "school",
    "schools",
    "all",
    "staff",
    "leads",
    "lead",
    "partners",
    "council",
    "health",
    "education",
    "social",
    "care",
    "members",
    "forum",
    "trust",
    "cabinet",
    "committee",
    "executive",
}
# Words saying how a post is held, not which post it is: "Interim DCS" and "HOS (acting)" are
# the DCS and HOS roles, "Fiona Smith (acting)" is Fiona Smith.
_TENURE = r"(?:interim|acting|temporary)"
_TENURE_WORDS = re.compile(rf"^(?:{_TENURE}\b\s*)+", re.I)
_TENURE_BRACKETS = re.compile(rf"\s*[(\[]\s*{_TENURE}\s*[)\]]", re.I)
_NO_OWNER = re.compile(r"^(tbc|tba|tbd|n/?a|none|all|various|-+|\?+)$", re.I)
_HONORIFICS = {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof"}
_SPLIT_RE = re.compile(r"\s*(?:/|,|;|&|\+|\band\b|\bwith\b|\n)\s*", re.I)
# "Jon Abbey (Clerk)", "Fiona Smith (HOS) [acting]": words, then one or more brackets.
_WORDS_THEN_BRACKETS = re.compile(r"^(?P<words>[^()\[\]]+?)(?:\s*[(\[][^()\[\]]*[)\]])+$")


@dataclass(frozen=True)
class OwnerRef:
    """One owner named in a lead cell: a person (by name) or a role (by key and title)."""

    kind: Literal["person", "role"]
    key: str
    display: str


def clean(text: str) -> str:
    """Normalise lookalike letters, odd spaces and quotes."""
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def fold_accents(text: str) -> str:
    """``text`` with accented letters as plain ones ("Zoë" -> "Zoe", "Łukasz" -> "Lukasz")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_UNDECOMPOSED)


def person_key(name: str) -> str:
    """The key people are matched by: accents folded, lower case, letters, digits and single
    spaces ("Zoë Brown", "Zoe Brown" and "ZOÉ BROWN" are all ``zoe brown``)."""
    text = fold_accents(clean(name).lower())
    text = re.sub(r"[^a-z0-9 '-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def role_key(text: str) -> str:
    """The key roles are matched by: accents folded, upper case, no possessive or plural
    "'s"."""
    text = fold_accents(clean(text))
    text = re.sub(r"'s\b|s'$", "", text)
    return re.sub(r"[^A-Za-z0-9]+", " ", text).strip().upper()


def _is_abbreviation(word: str) -> bool:
    bare = re.sub(r"'?s$", "", word)
    return bool(re.fullmatch(r"[A-Z]{2,6}", bare))


def _role(text: str) -> OwnerRef:
    low = clean(text).lower().replace("'", "")
    low_apos = clean(text).lower()
    for candidate in (low_apos, low, re.sub(r"s$", "", low)):
        if candidate in KNOWN_ROLES:
            key, title = KNOWN_ROLES[candidate]
            return OwnerRef("role", key, title)
    key = role_key(text)
    return OwnerRef("role", key, clean(text).replace("'s", "").rstrip("'"))


def _without_tenure(text: str) -> str:
    """``text`` without the words saying how its post is held: "Interim Head of Virtual School
    (acting)" -> "Head of Virtual School", "Acting HOS" -> "HOS"."""
    return _TENURE_WORDS.sub("", _TENURE_BRACKETS.sub("", text).strip())


def _trim(part: str) -> str:
    """A part of a lead cell without the dots, dashes and brackets around it, keeping a
    bracketed qualifier whole ("Head of Service (Safeguarding)")."""
    part = part.strip(" .-–")
    if part.startswith("(") and part.endswith(")") and part.count("(") == 1:
        part = part[1:-1]  # "(HOS)"
    if part.count("(") != part.count(")"):
        part = part.strip("()")  # half a bracket a split left behind
    return part.strip(" .-–")


def _bare(part: str) -> str:
    """A part of a lead cell as it is classified: trimmed, without tenure words."""
    return _trim(_without_tenure(_trim(clean(part))))


def _named_person(part: str) -> OwnerRef | None:
    """The person a "Name (Post)" part names: "Jon Abbey (Clerk)" is Jon Abbey, the bracket
    saying which post he holds. None when the words before the bracket are not a person's
    name ("Head of Service (Safeguarding)", "AD (Safeguarding)")."""
    match = _WORDS_THEN_BRACKETS.match(part)
    if match is None:
        return None
    words = match["words"].strip(" .-–")
    if len(words.split()) < 2:
        return None  # one capitalised word ("Safeguarding (Children)") is no full name
    refs = _classify(words)
    return refs[0] if len(refs) == 1 and refs[0].kind == "person" else None


def _classify(part: str) -> list[OwnerRef]:
    part = _bare(part)
    if not part or _NO_OWNER.match(part):
        return []
    person = _named_person(part)
    if person is not None:
        return [person]
    low = part.lower()
    low_plain = low.replace("'", "")
    if low in KNOWN_ROLES or low_plain in KNOWN_ROLES or low_plain.rstrip("s") in KNOWN_ROLES:
        return [_role(part)]
    words = part.split()
    if all(_is_abbreviation(w) for w in words):
        return [_role(w) for w in words]
    if len(words) > 1 and words[0].lower() == "all":
        # "All HoS" is every holder of the role, not a role "ALL HOS".
        rest = _classify(" ".join(words[1:]))
        if all(r.kind == "role" for r in rest):
            return rest
    if any(w.lower().strip("'s") in _ROLE_WORDS or w.lower() in _ROLE_WORDS for w in words):
        return [_role(part)]
    if words and _is_abbreviation(words[0]) and len(words) > 1:
        # "AD Safeguarding": a role with a qualifier.
        return [_role(part)]
    name_words = [w for w in words if w.lower().strip(".") not in _HONORIFICS]
    if 1 <= len(name_words) <= 4 and all(w[:1].isupper() for w in name_words):
        return [OwnerRef("person", person_key(part), part)]
    return [_role(part)]


def _split_outside_brackets(text: str) -> list[str]:
    """``text`` split at the separators that are not inside brackets: "Fiona Smith (HOS/AD) /
    Jon Abbey" -> ["Fiona Smith (HOS/AD)", "Jon Abbey"]."""
    chunks: list[str] = []
    start = scanned = depth = 0
    for sep in _SPLIT_RE.finditer(text):
        depth = _bracket_depth(text[scanned : sep.start()], depth)
        scanned = sep.end()
        if depth == 0:
            chunks.append(text[start : sep.start()])
            start = sep.end()
    chunks.append(text[start:])
    return chunks


def _bracket_depth(text: str, depth: int) -> int:
    """How many brackets are open after ``text``, ``depth`` being open before it (a stray
    closing bracket opens none)."""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
    return depth


def _parts(text: str) -> list[str]:
    """A lead cell's parts, one per owner: split at "/", ",", "and"..., except inside the
    brackets after a person's name, which describe that person's post ("Sam Example
    (Assistant Director – Safeguarding and Social Care)")."""
    parts: list[str] = []
    for chunk in _split_outside_brackets(text):
        parts.extend([chunk] if _named_person(_bare(chunk)) else _SPLIT_RE.split(chunk))
    return parts


def split_lead(text: str) -> list[OwnerRef]:
    """The owners a lead cell names, in order, without duplicates."""
    if not text or _NO_OWNER.match(clean(text)):
        return []  # "n/a" is nobody, not the owners "n" and "a"
    out: list[OwnerRef] = []
    for part in _parts(clean(text)):
        for ref in _classify(part):
            if all((ref.kind, ref.key) != (o.kind, o.key) for o in out):
                out.append(ref)
    return out
