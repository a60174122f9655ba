"""Lead cells ("Ken Morton/ Catherine Marchant", "HOS SM's", "CX/ACE with interim DCS") split
into owners: people and roles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
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
# Leading, only "Interim" and "Acting" (not "Acting Up"): "Temporary Accommodation Team" is a
# service, not a team held for a while.
_TENURE_WORDS = re.compile(r"^(?:(?:interim|acting)\b(?!\s+up\b)\s*)+", re.I)
_TENURE_BRACKETS = re.compile(rf"\s*[(\[]\s*{_TENURE}(?:\s*[/,&]\s*{_TENURE})*\s*[)\]]", re.I)
_NO_OWNER = re.compile(r"^(tbc|tba|tbd|n/?a|none|all|various|-+|\?+)$", re.I)
_HONORIFICS = {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof"}
_SPLIT_RE = re.compile(r"\s*(?:/|,|;|&|\+|\band\b|\bwith\b|\n)\s*", re.I)
# "Jon Abbey (Clerk)", "Fiona Smith (HOS) [acting]": words, then one or more brackets.
_WORDS_THEN_BRACKETS = re.compile(r"^(?P<words>[^()\[\]]+?)(?:\s*[(\[][^()\[\]]*[)\]])+$")
# "(HOS/AD)": one bracket and nothing else.
_ONLY_A_BRACKET = re.compile(r"^[(\[](?P<inner>[^()\[\]]*)[)\]]$")
# "Independent Reviewing Officer (IRO)": a title, then one word in brackets.
_TITLE_THEN_WORD = re.compile(r"^(?P<title>[^()\[\]]+?)\s*[(\[]\s*(?P<word>[A-Za-z']+)\s*[)\]]$")
# Words an abbreviation may leave out: "Head of Service" is HOS or HS.
_SMALL_WORDS = {"of", "the", "for", "and", "in", "to", "a", "on", "with"}
# A dash set off by spaces ("Fiona Smith - HOS"); a hyphen inside "Monk-Meyer" is no such dash.
_SPACED_DASH = re.compile(r"\s+[-–—]+\s+")
# Words naming a service, not a person, though written like a name ("Early Help - HOS").
_SERVICE_WORDS = frozenset(
    [
        "early",
        "help",
        "youth",
        "justice",
        "offending",
        "fostering",
        "adoption",
        "safeguarding",
        "placement",
        "placements",
        "nurse",
        "designated",
        "quality",
        "assurance",
        "children",
        "childrens",
        "family",
        "families",
        "looked",
        "leaving",
        "corporate",
        "parenting",
        "performance",
        "virtual",
        "protection",
        "practice",
        "improvement",
        "plan",
    ]
)
# Words naming a post or a body, which no person's name has: "Personal Adviser (PA)" is a
# post, "Human Resources - Workforce Lead" a department, though written like names.
_POST_WORDS = frozenset(
    {
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "practitioner",
        "practitioners",
        "psychologist",
        "psychologists",
        "visitor",
        "visitors",
        "nurse",
        "nurses",
        "doctor",
        "doctors",
        "chair",
        "chairs",
        "commander",
        "analyst",
        "analysts",
        "carer",
        "carers",
        "support",
        "hub",
        "options",
        "teacher",
        "teachers",
        "headteacher",
        "headteachers",
        "academy",
        "resources",
        "coordinator",
        "coordinators",
        "consultant",
        "consultants",
        "commissioner",
        "commissioners",
        "worker",
        "workers",
        "agency",
        "housing",
        "police",
        "admin",
        "administrator",
        "assistant",
        "governor",
        "governors",
        "mentor",
        "mentors",
        "therapist",
        "therapists",
        "clinician",
        "clinicians",
        "paediatrician",
        "midwife",
        "planner",
        "planners",
        "reviewer",
        "reviewers",
        "auditor",
        "auditors",
    }
)
# Every word no person's name has (see _not_in_a_name).
_NOT_NAME_WORDS = _SERVICE_WORDS | _POST_WORDS | frozenset(_ROLE_WORDS)
_MONTH_WORD = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Words of a timescale, which no person's name after a dash has ("Fiona Smith - by end of June").
_TIMESCALE_WORD = re.compile(
    r"by|before|due|end|mid|early|late|start|beginning|weeks?|months?|years?|quarter|q[1-4]|"
    r"term|spring|summer|autumn|winter|christmas|easter|asap|ongoing|next|meeting|tb[acd]|"
    r"immediately|urgent(?:ly)?"
)


@dataclass(frozen=True)
class OwnerRef:
    """One owner named in a lead cell: a person (by name) or a role (by key and title)."""

    kind: Literal["person", "role"]
    key: str
    display: str
    # What a dash set after the owner and that names no owner ("by end of June" in "Fiona
    # Smith - by end of June"), and the owner with it as written: imports keep the lead cell
    # as written anyway; chat says the aside was not used.
    aside: str = field(default="", compare=False)
    written: str = field(default="", compare=False)


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
    # One capitalised word ("Safeguarding (Children)") is no full name, nor is a post
    # ("Personal Adviser (PA)", "Designated Nurse (LAC)").
    return _full_name(match["words"].strip(" .-–"))


def _abbreviated_title(part: str) -> OwnerRef | None:
    """The role a title written out with its abbreviation names: "Independent Reviewing
    Officer (IRO)" is the IRO, "Principal Social Worker (PSW)" the PSW (titled "Principal
    Social Worker"). None unless the bracket holds one word that is the initials of the
    title's words, with or without "of", "the"... ("Designated Nurse (LAC)"), or when the
    title is a person's name ("Jane Testperson (JT)")."""
    match = _TITLE_THEN_WORD.match(part)
    if match is None:
        return None
    title, word = match["title"].strip(" .-–"), match["word"]
    words = re.findall(r"[A-Za-z][\w'-]*", title)
    if len(words) < 2 or not word[:1].isupper() or _full_name(title) is not None:
        return None
    # Initials with and without "of", "the"..., and with a hyphenated word's parts counted
    # apart ("Multi-Agency Safeguarding Hub (MASH)") or as one ("Co-ordinator" in CPC).
    initials = {
        "".join(w[0] for w in ws if keep_small or w.lower() not in _SMALL_WORDS).upper()
        for ws in (words, [part for w in words for part in w.split("-") if part])
        for keep_small in (True, False)
    }
    for abbreviation in (word, re.sub(r"'?s$", "", word)):  # "IROs" is the IRO too
        if len(abbreviation) >= 2 and abbreviation.upper() in initials:
            key, known_title = KNOWN_ROLES.get(abbreviation.lower(), (abbreviation.upper(), title))
            return OwnerRef("role", key, known_title)
    return None


def _full_name(part: str) -> OwnerRef | None:
    """The person ``part`` names by a full name ("Fiona Smith", "Fiona Smith (HOS)"); None
    for a role, several owners, one word ("Safeguarding") or a service ("Early Help")."""
    part = _bare(part)
    words = re.split(r"[(\[]", part, maxsplit=1)[0].split()
    if len(words) < 2 or any(_not_in_a_name(w) for w in words):
        return None
    refs = _classify(part)
    return refs[0] if len(refs) == 1 and refs[0].kind == "person" else None


def _not_in_a_name(word: str) -> bool:
    """Whether a word is one no person's name has: a service's or a post's, a number, or
    an abbreviation ("BAAF", "CAMHS")."""
    bare = word.strip("'’,.")
    low = bare.lower()
    return bool(
        low in _NOT_NAME_WORDS
        or low.removesuffix("'s") in _NOT_NAME_WORDS
        or re.search(r"\d", bare)
        or (len(bare) >= 2 and bare.isupper() and bare.isalpha())
    )


def _dashed_people(part: str) -> list[OwnerRef] | None:
    """The people a part with spaced dashes names: "Fiona Smith - HOS" and "Fiona Smith - by
    end of June" are Fiona Smith, what follows the dash saying more about her (the lead text
    is kept as written); "Fiona Smith - Jon Abbey" is both. None when there is no such dash
    or what comes before it is not one person ("Assistant Director – Safeguarding")."""
    spans = _spans_between_spaced_dashes(part)
    if len(spans) < 2:
        return None
    first = _full_name(part[slice(*spans[0])])
    if first is None:
        return None
    people = [first]
    for at, (start, end) in enumerate(spans[1:], start=1):
        piece = part[start:end]
        person = None if _names_a_timescale(piece) else _full_name(piece)
        if person is None:
            aside, written = part[start:], part[spans[at - 1][0] :]
            return [*people[:-1], replace(people[-1], aside=aside, written=written)]
        people.append(person)
    return people


def _spans_between_spaced_dashes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of ``text`` between dashes set off by spaces, outside
    brackets."""
    spans: list[tuple[int, int]] = []
    start = scanned = depth = 0
    for dash in _SPACED_DASH.finditer(text):
        depth = _bracket_depth(text[scanned : dash.start()], depth)
        scanned = dash.start()
        if depth == 0:
            spans.append((start, dash.start()))
            start = dash.end()
    spans.append((start, len(text)))
    return spans


def _names_a_timescale(text: str) -> bool:
    """Whether ``text`` is a timescale ("by end of June", "Q3 2016", "Christmas"): it has a
    number, starts with a timescale's word, or is made of such words and months alone. A name
    that merely holds one ("Lucy Winter", "Grace Easter") is none."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        return False
    return (
        any(w.isdigit() for w in words)
        or bool(_TIMESCALE_WORD.fullmatch(words[0]))
        or all(
            _TIMESCALE_WORD.fullmatch(w) or _MONTH_WORD.fullmatch(w) or w in _SMALL_WORDS
            for w in words
        )
    )


def _people_after_a_post(part: str) -> list[OwnerRef] | None:
    """The people a post names as its holders: "HOS (Fiona Smith)", "Clerk - Jon Abbey" and
    "HOS (Fiona Smith/Jon Abbey)" are those people, as "Fiona Smith (HOS)" is. None unless
    what comes first is one role and everything after it full names."""
    spans = _spans_between_spaced_dashes(part)
    if len(spans) == 2:
        post, rest = part[slice(*spans[0])], [part[slice(*spans[1])]]
    else:
        match = re.fullmatch(r"(?P<post>[^()\[\]]+?)\s*[(\[](?P<inner>[^()\[\]]+)[)\]]", part)
        if match is None:
            return None
        post, rest = match["post"], _SPLIT_RE.split(match["inner"])
    held = _classify(post)
    if len(held) != 1 or held[0].kind != "role":
        return None
    people = [_full_name(name) for name in rest]
    if not people or any(p is None for p in people):
        return None
    return [p for p in people if p is not None]


def _classify(part: str) -> list[OwnerRef]:
    part = _bare(part)
    if not part or _NO_OWNER.match(part):
        return []
    dashed = _dashed_people(part) or _people_after_a_post(part)
    if dashed is not None:
        return dashed
    abbreviated = _abbreviated_title(part)
    if abbreviated is not None:
        return [abbreviated]
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
    """A lead cell's parts, one per owner: split at "/", ",", "and"... outside brackets. A
    bracket's separators are part of a title or post ("Service Manager (Fostering and
    Adoption)", "Sam Example (Assistant Director – Safeguarding and Social Care)"), except
    in a part that is only a bracket ("(HOS/AD)" is HOS and AD)."""
    parts: list[str] = []
    for chunk in _split_outside_brackets(text):
        inner = _ONLY_A_BRACKET.match(_without_tenure(clean(chunk).strip(" .-–")).strip(" .-–"))
        if inner is not None and _SPLIT_RE.search(inner["inner"]):
            parts.extend(_SPLIT_RE.split(inner["inner"]))
        elif _bracket_depth(chunk, 0) > 0:
            parts.extend(_SPLIT_RE.split(chunk))  # a bracket never closed: split it all
        else:
            parts.append(chunk)
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
