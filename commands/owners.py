"""Lead cells ("Ken Morton/ Catherine Marchant", "HOS SM's", "CX/ACE with interim DCS") split
into owners: people and roles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from commands.refs import fold_accents

# Letters that OCR or pasted text gives in Cyrillic or Greek but that mean Latin ones.
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеорсухіјѕΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABCEHIJKMOPSTXYaeopcyxijsABEHIKMNOPTXYZ",
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
# The standard roles by key (HOS, IRO, DCS...): their titles.
STANDARD_ROLES: dict[str, str] = {key: title for key, title in KNOWN_ROLES.values()}

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
# Words that name no owner. "All" does: everyone the text is addressed to, a role (the
# "Action: All" of minutes).
_NO_OWNER = re.compile(r"^(tbc|tba|tbd|n/?a|none|various|-+|\?+)$", re.I)
_HONORIFICS = {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof"}
# An "&" after or before a single letter joins an abbreviation ("C&YP", "R&D", "A&E", and
# spaced: "C & YP DMT"), not two owners ("HOS&AD", "DCS & AD" are two).
_SPLIT_RE = re.compile(
    r"\s*(?:/|,|;|(?<!\b[A-Za-z])(?<!\b[A-Z]\s)&(?![A-Za-z]\b)(?!\s[A-Z](?![\w&]))|\+|\band\b|"
    r"\bwith\b|\n)\s*",
    re.I,
)
# An abbreviation joined by "&" ("C&YP", "R&D"): it names a service or a body, never a person.
_AMPERSAND_ABBREVIATION = re.compile(r"[A-Z]+&[A-Z]+(?:'?s)?")
_SPACED_AMPERSAND = re.compile(r"(?<=\b[A-Z])\s+&\s+(?=[A-Z])|(?<=[A-Z])\s+&\s+(?=[A-Z](?![\w&]))")
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
        "child",
        "disabilities",
        "disability",
        "prevention",
        "workforce",
        "development",
        "domestic",
        "abuse",
        "missing",
        "targeted",
        "scrutiny",
        "regional",
        "intelligence",
        "learning",
        "overview",
        "exploitation",
        "childcare",
        "skills",
        "legal",
        "finance",
        "probation",
        "permanence",
        "neglect",
        "trafficking",
        "employment",
        "participation",
        "access",
        "inclusion",
        "admissions",
        "guardianship",
        "psychology",
        "residential",
        "homes",
        "advocacy",
        "sufficiency",
        "kinship",
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
        "co-ordinator",
        "co-ordinators",
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
        "scrutineer",
        "holder",
        "holders",
        "ofsted",
        "cafcass",
        "communications",
        "comms",
        "procurement",
        "marketing",
    }
)
# Posts' words that are surnames too ("Ann Nurse", "Sam Doctor"): only those of the other
# posts' words make a post of a name they end ("Borough Commander", "Human Resources").
_SURNAMES_TOO = frozenset(
    {"nurse", "doctor", "chair", "governor", "visitor", "mentor", "teacher", "planner", "worker"}
)
_POST_ONLY_WORDS = _POST_WORDS - _SURNAMES_TOO - {"carer"}  # "carer" is a surname too
# Service words that are first names too ("Justice Mensah").
_FIRST_NAMES_TOO = frozenset({"justice"})
# Words that make a post of the word after them ("Vice Chair", "Senior Practitioner").
_TITLE_WORDS = frozenset(
    {
        "vice",
        "deputy",
        "senior",
        "principal",
        "chief",
        "personal",
        "independent",
        "advanced",
        "specialist",
        "clinical",
        "educational",
        "named",
        "strategic",
        "operational",
        "business",
        "data",
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


def person_key(name: str) -> str:
    """The key people are matched by: accents folded, lower case, letters, digits and single
    spaces ("Zoë Brown", "Zoe Brown" and "ZOÉ BROWN" are all ``zoe brown``)."""
    text = fold_accents(clean(name).lower())
    text = re.sub(r"[^a-z0-9 '-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def honorific_variants(key: str) -> list[str]:
    """The other keys the same person may be stored under, by an honorific written or left
    out ("Cllr Ann Waters" and "Ann Waters", "Dr Sarah Jones" and "Sarah Jones"): the key
    without its honorific, or with each one."""
    first, _, rest = key.partition(" ")
    if first.strip(".") in _HONORIFICS and rest:
        return [rest]
    return [f"{honorific} {key}" for honorific in sorted(_HONORIFICS)]


def one_name(key: str) -> str | None:
    """The name of a person's key written with a single name, an honorific aside ("fiona",
    "cllr waters": "waters"); None for a fuller name."""
    words = [w for w in key.split() if w.strip(".") not in _HONORIFICS]
    return words[0] if len(words) == 1 else None


def run_together(words: Sequence[str], known: Collection[str]) -> list[str] | None:
    """The names of several people that ``words`` (a name's key, split) run together when a
    separator was lost ("richard hutton cath hogan"): its one split into consecutive names
    of two words or more, each in ``known`` (stored people's keys); None when no split, or
    more than one, fits."""
    found = run_together_splits(words, known)
    return found[0] if len(found) == 1 else None


def run_together_splits(words: Sequence[str], known: Collection[str]) -> list[list[str]]:
    """The splits of ``words`` into consecutive known names as :func:`run_together` looks for
    them (at most two: a second says the split is not the only one); none under four words."""
    if len(words) < 4:
        return []
    return [list(names) for names in _splits(tuple(words), known, 0, ())]


def _splits(
    words: tuple[str, ...], known: Collection[str], start: int, names: tuple[str, ...]
) -> list[tuple[str, ...]]:
    """The splits of ``words[start:]`` into known names after ``names`` (at most two: one
    more than one is enough to know the split is not the only one)."""
    if start == len(words):
        return [names] if len(names) > 1 else []
    found: list[tuple[str, ...]] = []
    for end in range(start + 2, len(words) + 1):
        name = " ".join(words[start:end])
        if name in known:
            found += _splits(words, known, end, (*names, name))
            if len(found) > 1:
                break
    return found[:2]


def role_key(text: str) -> str:
    """The key roles are matched by: accents folded, upper case, no possessive or plural
    "'s", and a grade written out in front of its service abbreviated, so that one post
    written either way is one role ("Head of Service – Early Help" and "HoS Early Help" are
    both ``HOS EARLY HELP``; see :func:`abbreviated_grade`)."""
    text = fold_accents(clean(text))
    text = re.sub(r"'s\b|s'$", "", text)
    return abbreviated_grade(re.sub(r"[^A-Za-z0-9]+", " ", text).strip().upper())


# The grades councils write before a service, both in full and abbreviated ("Head of Service
# – Early Help", "HOS Early Help"), as role keys: the key each is known by.
_GRADES = {
    "HEAD OF SERVICE": "HOS",
    "HOS": "HOS",
    "ASSISTANT DIRECTOR": "AD",
    "AD": "AD",
    "SERVICE MANAGER": "SM",
    "SM": "SM",
    "TEAM MANAGER": "TM",
    "TM": "TM",
}
# Words joining a grade to its service ("Head of Service for Early Help").
_GRADE_JOINS = ("FOR ", "OF ")


def abbreviated_grade(key: str) -> str:
    """A role key (upper-case words) with the grade it starts with abbreviated and the word
    joining it to its service dropped: ``HEAD OF SERVICE FOR EARLY HELP`` -> ``HOS EARLY
    HELP``, ``TEAM MANAGER`` -> ``TM``. Other keys are returned as they are.

    Migration 0012 keys the roles stored before this with a copy of this function: a change
    here needs a migration too."""
    for grade in sorted(_GRADES, key=len, reverse=True):
        if key == grade:
            return _GRADES[grade]
        if key.startswith(grade + " "):
            rest = key[len(grade) + 1 :]
            for join in _GRADE_JOINS:
                if rest.startswith(join) and len(rest) > len(join):
                    rest = rest[len(join) :]
                    break
            return f"{_GRADES[grade]} {rest}"
    return key


def _is_abbreviation(word: str) -> bool:
    """Whether a word is an abbreviation: "HOS", "SM's", "HOS'" (a plural's apostrophe),
    a standard role's in mixed case ("HoS"), or one with three capitals or more ("CiCC")."""
    bare = re.sub(r"(?:'?s|')$", "", word)
    if re.fullmatch(r"[A-Z]{2,6}", bare):
        return True
    capitals = sum(c.isupper() for c in bare)
    return bool(re.fullmatch(r"[A-Z][A-Za-z]{1,5}", bare)) and (
        capitals >= 3 or (capitals >= 2 and bare.upper() in STANDARD_ROLES)
    )


def _role(text: str) -> OwnerRef:
    low = clean(text).lower().replace("'", "")
    low_apos = clean(text).lower()
    for candidate in (low_apos, low, re.sub(r"s$", "", low)):
        if candidate in KNOWN_ROLES:
            key, title = KNOWN_ROLES[candidate]
            return OwnerRef("role", key, title)
    key = role_key(text)
    return OwnerRef("role", key, role_title(text))


# A plural written with an apostrophe after an abbreviation: "SM's", "IRO's".
_ABBREVIATION_PLURAL = re.compile(r"\b([A-Z]{2,6})'s\b")
# Plurals whose possessive ends in 's: "Head of Children's" is no plural of "Children".
_POSSESSIVE_PLURALS = ("children", "people", "men", "women")


def role_title(text: str) -> str:
    """A role's title as written, without the apostrophe of a plural: "HOS SM's" -> "HOS SM",
    "Team Manager's" -> "Team Manager"; a possessive stays ("Children's Trust Board")."""
    title = _ABBREVIATION_PLURAL.sub(r"\1", clean(text))
    last = re.search(r"(\w+)'s$", title)
    if last and last[1].lower() not in _POSSESSIVE_PLURALS:
        title = title[: -len("'s")]
    return title.rstrip("'")


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
    if any(_AMPERSAND_ABBREVIATION.fullmatch(w) for w in _SPACED_AMPERSAND.sub("&", part).split()):
        return [_role(part)]  # "C&YP DMT", "C & YP DMT": one body
    name_words = [w for w in words if w.lower().strip(".") not in _HONORIFICS]
    honoured = len(name_words) < len(words)  # "Dr Nurse", "Cllr Justice": a person
    if (
        1 <= len(name_words) <= 4
        and _written_as_a_name(name_words)
        and (honoured or not _names_a_post(name_words))
    ):
        return [OwnerRef("person", person_key(part), part)]
    return [_role(part)]


# Lower-case words inside a surname: "Ana de Souza", "Mark van der Berg", "Jean de la Cruz".
_NAME_PARTICLES = frozenset(
    {
        "de",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
    }
)


def _written_as_a_name(words: list[str]) -> bool:
    """Whether words are capitalised as a name is: each word, but for particles inside a
    surname ("Ana de Souza"); never a particle first or last."""
    inner = words[1:-1]
    return (
        words[0][:1].isupper()
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or w in _NAME_PARTICLES for w in inner)
    )


def _names_a_post(words: list[str]) -> bool:
    """Whether words written like a name are a service or a post: a service's word and
    another no name has ("Early Help", "Safeguarding", "Looked After Children"), or words
    that are each a service's, a post's or a title's ("Vice Chair", "Personal Adviser").
    "Grace Early", "Ann Nurse" and "Justice Mensah" are people."""
    lows = [
        piece.removesuffix("'s")
        for w in words
        for piece in w.strip("'’,.").lower().split("-")  # "Vice-Chair"
        if piece
    ]
    if not lows:
        return False
    # "Early Help", "Quality Assurance": a service's word, then another word no name has;
    # "Justice Mensah" is a person.
    second = words[1] if len(words) > 1 else ""
    # "Adoption TMs", "Children's SMT" are posts; "Justice MENSAH" a person (a first name
    # that is a service's word too, and a surname written in capitals).
    post_after = _is_abbreviation(second) and (
        re.sub(r"'?s$", "", second) in STANDARD_ROLES or lows[0] not in _FIRST_NAMES_TOO
    )
    if lows[0] in _SERVICE_WORDS and (len(lows) == 1 or _no_name_word(lows[1]) or post_after):
        return True
    # "Chair LSCB", "Manager MASH": a post, then the body it is held in.
    if (
        len(words) > 1
        and (lows[0] in _POST_WORDS or lows[0] in _TITLE_WORDS)
        and all(_is_abbreviation(w) for w in words[1:])
    ):
        return True
    if len(lows) > 1 and _ends_a_post(lows):
        return True
    return all(_no_name_word(w) or w in _TITLE_WORDS for w in lows)


def _ends_a_post(lows: list[str]) -> bool:
    """Whether words (in lower case) end as a post's name does, which no person's name does:
    with a post's word no surname is ("Borough Commander", "Troubled Families Coordinator"),
    any post's word in the plural ("Foster Carers"), or a title's word and a post's
    ("Connexions Personal Advisor")."""
    last = lows[-1]
    if last in _POST_ONLY_WORDS or (last.endswith("s") and last in _POST_WORDS):
        return True
    return lows[-2] in _TITLE_WORDS and (last in _POST_WORDS or last in _ROLE_WORDS)


def _no_name_word(low: str) -> bool:
    return low in _NOT_NAME_WORDS or low in _SMALL_WORDS or low in _IN_A_SERVICE


def _only_a_service(part: str) -> bool:
    """Whether a part of a lead cell names a service and nothing else ("Fostering", "Early
    Help", "Quality Assurance"): in "Team Manager, Fostering" it says which team manager."""
    words = [w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z']+", _bare(part))]
    # "Social Care" is a service, though neither of its words is one alone.
    named = any(w in _SERVICE_WORDS for w in words) or words[-2:] == ["social", "care"]
    return named and all(
        w in _SERVICE_WORDS or w in _SMALL_WORDS or w in _IN_A_SERVICE for w in words
    )


# A part of a lead cell, and the separator written before it ("" for the first).
_Part = tuple[str, str]


def _split_outside_brackets(text: str) -> list[_Part]:
    """``text`` split at the separators that are not inside brackets, each chunk with the
    separator before it: "Fiona Smith (HOS/AD) / Jon Abbey" -> [("", "Fiona Smith (HOS/AD)"),
    (" / ", "Jon Abbey")]."""
    chunks: list[_Part] = []
    start = scanned = depth = 0
    before = ""
    for sep in _SPLIT_RE.finditer(text):
        depth = _bracket_depth(text[scanned : sep.start()], depth)
        scanned = sep.end()
        if depth == 0:
            chunks.append((before, text[start : sep.start()]))
            before, start = sep.group(), sep.end()
    chunks.append((before, text[start:]))
    return chunks


def _split_all(before: str, text: str) -> list[_Part]:
    """``text`` split at every separator, each piece with the separator before it (the first
    with ``before``)."""
    pieces = _SPLIT_RE.split(text)
    seps = [before, *(m.group() for m in _SPLIT_RE.finditer(text))]
    return list(zip(seps, pieces, strict=True))


def _bracket_depth(text: str, depth: int) -> int:
    """How many brackets are open after ``text``, ``depth`` being open before it (a stray
    closing bracket opens none)."""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
    return depth


def _parts(text: str) -> list[_Piece]:
    """A lead cell's parts, one per owner: split at "/", ",", "and"... outside brackets. A
    bracket's separators are part of a title or post ("Service Manager (Fostering and
    Adoption)", "Sam Example (Assistant Director – Safeguarding and Social Care)"), except
    in a part that is only a bracket ("(HOS/AD)" is HOS and AD). A part naming only a service
    belongs to the post beside it (see :func:`_with_services`)."""
    parts: list[_Part] = []
    for before, chunk in _split_outside_brackets(text):
        inner = _ONLY_A_BRACKET.match(_without_tenure(clean(chunk).strip(" .-–")).strip(" .-–"))
        if inner is not None and _SPLIT_RE.search(inner["inner"]):
            parts.extend(_split_all(before, inner["inner"]))
        elif _bracket_depth(chunk, 0) > 0:
            parts.extend(_split_all(before, chunk))  # a bracket never closed: split it all
        else:
            parts.append((before, chunk))
    return _with_services(parts)


# Posts held for one service each, by their keys: "TM, Fostering" is the Fostering team
# manager.
_POSTS_PER_SERVICE = frozenset({"HOS", "SM", "TM", "AD", "PSW", "IRO", "PM"})
# Words ending a post held for a service ("Team Manager", "Practice Lead").
_POST_NOUNS = frozenset(
    {
        "manager",
        "director",
        "officer",
        "lead",
        "practitioner",
        "worker",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "head",
    }
)
# Words a service's name has beside its own ("Leaving Care", "Children's Social Care").
_IN_A_SERVICE = frozenset({"care", "social", "after", "years", "special"})
# Separators that carry a service's name on ("Fostering & Adoption", "Children with
# Disabilities") rather than list another owner.
_JOINING = frozenset({"&", "and", "with"})


@dataclass
class _Piece:
    """A part of a lead cell, or several joined into one post (``joined``: one role of the
    whole text); ``services``: it names services and nothing else."""

    text: str
    joined: bool = False
    services: bool = False

    def is_one(self, kind: str) -> bool:
        if self.joined:
            return kind == "role"
        refs = _classify(self.text)
        return len(refs) == 1 and refs[0].kind == kind

    def owners(self) -> list[OwnerRef]:
        return [_role(_bare(self.text))] if self.joined else _classify(self.text)


def _with_services(parts: list[_Part]) -> list[_Piece]:
    """The parts, a part naming only a service joined to the post it qualifies: "Team
    Manager, Fostering", "HOS, Early Help", "Service Manager – Fostering & Adoption" and
    "Fostering & Adoption Service Manager" are each one post. A service after a person and a
    comma says where they work ("Fiona Smith, Fostering"). Elsewhere a service is an owner of
    its own (the team): "HOS / Early Help", "Early Help / MASH", "Fiona Smith, Early Help,
    Police" are each a list of owners."""
    out: list[_Piece] = []
    pending: _Piece | None = None  # services not joined to anything yet
    dropped = False  # the last service said where a person works
    carrying = False  # the last part was a service the post before it took over a comma
    for at, (before, part) in enumerate(parts):
        sep = before.strip().lower()
        # The comma-separated run this part is in ends with it ("TM, Fostering / TM, ...").
        run_ends = at + 1 == len(parts) or parts[at + 1][0].strip() != ","
        # Or holds only services from it to its end ("TM, Fostering, Adoption").
        services_to_end = sep == "," and all(map(_only_a_service, _rest_of_run(parts, at)))
        was_carrying, carrying = carrying, False
        if not _only_a_service(part):
            dropped = False
            if pending is not None and sep in _JOINING and _service_then_post(part):
                out.append(_Piece(pending.text + before + part, joined=True))
            else:
                out.extend([pending, _Piece(part)] if pending is not None else [_Piece(part)])
            pending = None
            continue
        if pending is not None and sep in _JOINING:
            pending.text += before + part
            continue
        if sep in _JOINING and (
            dropped or (out and _ends_a_service(out[-1].text) and out[-1].is_one("person"))
        ):
            # "Jon Abbey, Fostering & Adoption", "Jon Abbey - Fostering & Adoption": all of
            # it says where he works.
            dropped = True
            continue
        if pending is not None:
            out.append(pending)
            pending = None
        previous = out[-1] if out and not out[-1].services else None
        comma_ends = sep == "," and run_ends
        if previous is not None and (
            (services_to_end and (was_carrying or _takes_a_service(previous)))
            or (comma_ends and _takes_a_service(previous))
            or (sep in _JOINING and _ends_a_service(previous.text) and previous.is_one("role"))
        ):
            out[-1] = _Piece(previous.text + before + part, joined=True)
            carrying = services_to_end
            continue
        if previous is not None and comma_ends and _fully_named_person(previous.text):
            dropped = True
            continue
        pending = _Piece(part, joined=True, services=True)
    return [*out, pending] if pending is not None else out


def _rest_of_run(parts: list[_Part], at: int) -> list[str]:
    """The parts from ``parts[at]`` to the end of the comma-separated run it is in."""
    end = at + 1
    while end < len(parts) and parts[end][0].strip() == ",":
        end += 1
    return [part for _, part in parts[at:end]]


def _takes_a_service(piece: _Piece) -> bool:
    """Whether a piece is a post held for a service that it does not name yet: "Team
    Manager", "HOS", "Head of Service" (so "Team Manager, Fostering" is one post). A body
    ("MASH", "Police", "Schools"), a post held once ("DCS", "Lead Member") or one naming its
    service already ("AD Safeguarding", "Head of Early Help") takes none: "Police, Early
    Help" is two owners."""
    if piece.joined or not piece.is_one("role"):
        return False
    text = _bare(piece.text)
    words = [w.lower().strip("'’,.") for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]
    # "Practice Manager" is a post, not one of a practice service.
    named = [w for w in words if w.removesuffix("'s") in _SERVICE_WORDS and w != "practice"]
    if not words or named:
        return False
    key = _classify(text)[0].key
    return (
        key in _POSTS_PER_SERVICE
        or key.removesuffix("S") in _POSTS_PER_SERVICE  # "TMs, Fostering"
        or words[-1].removesuffix("s") in _POST_NOUNS
        or words[:2] == ["head", "of"]
    )


def _fully_named_person(part: str) -> bool:
    """Whether a part names one person by a name of two words or more without a title:
    "Fiona Smith" (then ", Fostering" says where she works), not "Cllr Whitmore" nor a body
    misread as a person ("Legal")."""
    refs = _classify(part)
    if len(refs) != 1 or refs[0].kind != "person":
        return False
    words = refs[0].display.split()
    return len(words) >= 2 and not any(w.lower().strip(".") in _HONORIFICS for w in words)


def _service_then_post(part: str) -> bool:
    """Whether a part is a service's words and then a post's ("Adoption Service Manager"),
    so that a service before it and "&" make one post with it."""
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", _bare(part))]
    return (
        len(words) >= 2
        and words[0].removesuffix("'s") in _SERVICE_WORDS
        and (words[-1] in _ROLE_WORDS or words[-1] in _POST_WORDS)
    )


def _ends_a_service(part: str) -> bool:
    """Whether a part ends with a service's word (so "& Adoption" carries its list on)."""
    words = [w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z']+", part)]
    # "… in Care", "… Social Care": a service's name ends with "care" after its own words.
    return bool(words) and (
        words[-1] in _SERVICE_WORDS
        or (words[-1] == "care" and len(words) > 1 and words[-2] != "of")
    )


def split_lead(text: str) -> list[OwnerRef]:
    """The owners a lead cell names, in order, without duplicates. A cell written on several
    lines is read line by line when every line names owners in full ("Fiona Smith⏎Jon
    Abbey" is two people); otherwise its lines are one text (a title wrapped in a narrow
    column, "Head of Children's⏎Services")."""
    if not text or _NO_OWNER.match(clean(text)):
        return []  # "n/a" is nobody, not the owners "n" and "a"
    lines: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if lines and line and (line[:1] in "([" or _CARRIES_ON.search(lines[-1])):
            # "Fiona Smith⏎(HOS)": the post of the line above; "Service Manager –⏎Fostering":
            # a line ending in a dash, a comma or "and" carries on.
            lines[-1] += " " + line
        elif line:
            lines.append(line)
    read = [_read(line) for line in lines] if len(lines) > 1 else []
    found = [ref for refs in read for ref in refs]
    if not read or not all(refs and all(map(_in_full, refs)) for refs in read):
        found = _read(text)
    out: list[OwnerRef] = []
    for ref in found:
        if all((ref.kind, ref.key) != (o.kind, o.key) for o in out):
            out.append(ref)
    return out


def _read(text: str) -> list[OwnerRef]:
    return [ref for piece in _parts(clean(text)) for ref in piece.owners()]


def _in_full(ref: OwnerRef) -> bool:
    """Whether an owner is named in full: a person by two words or more, a standard role,
    or a role by its abbreviation ("CAMHS")."""
    if ref.kind == "person":
        return len(ref.display.split()) >= 2
    # An abbreviation as written ("CAMHS"), not a word a key upper-cases ("Early"), or a
    # body ("Police"). A service is not: "Team Manager⏎Early Help" is one wrapped title.
    return (
        ref.key in STANDARD_ROLES
        or bool(re.fullmatch(r"[A-Z]{2,6}", ref.display))
        or ref.display.lower() in _BODIES
    )


# The end of a line that carries on in the next ("Service Manager –", "Team Manager,").
_CARRIES_ON = re.compile(r"(?:[,;/&+–—-]|\band|\bwith|\bof|\bfor)\s*$", re.I)
# Partner bodies that own actions by their name alone.
_BODIES = frozenset(
    {
        "police",
        "health",
        "education",
        "schools",
        "housing",
        "probation",
        "legal",
        "finance",
        "partners",
        "council",
        "cabinet",
        "governors",
        "ofsted",
        "cafcass",
    }
)
