"""Column headers matched by what councils write, case- and punctuation-insensitively.

Real files put OCR noise and titles above the header, repeat the header on every page or
section, leave the ref column's header blank and name columns in many ways ("Who",
"Responsibility", "Corporate Parenting Provision", "Timescales"). This module finds the header
rows and says which column holds which field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from commands.importers.report import ImportFailed
from commands.importers.table import Row
from commands.refs import looks_like_ref, normalise_ref

Synonyms = Mapping[str, tuple[str, ...]]

# Action plan columns (DESIGN.md "Import headers"), plus the variants seen in real plans.
PLAN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "no", "number", "reference", "#", "item no", "ref no", "rec no", "action no"),
    "title": (
        "action",
        "priority",
        "recommendation",
        "objective",
        "provision",
        "requirement",
        "outcome",
        "task",
        "action required",
        "actions required",
        "action to be taken",
        "actions to be taken",
        "action needed",
        "actions needed",
    ),
    "lead": (
        "lead",
        "who",
        "owner",
        "responsibility",
        "lead officer",
        "responsible officer",
        "responsible",
        "accountable",
    ),
    "due": (
        "timescale",
        "when",
        "due",
        "deadline",
        "completion date",
        "target date",
        "by when",
        "due date",
    ),
    "status": ("status", "rag", "rag status", "rag rating"),
    "progress": (
        "progress",
        "progress to date",
        "current position",
        "update",
        "comments",
        "comment",
        "progress update",
    ),
    "section": ("section", "theme", "strategic aim"),
}
# Kept for callers written before the meetings synonyms existed.
SYNONYMS = PLAN_SYNONYMS

# Agenda planning columns (one row per agenda item).
MEETING_SYNONYMS: dict[str, tuple[str, ...]] = {
    "committee": ("committee", "committee name", "meeting", "board", "forum"),
    "date": ("date", "meeting date", "date of meeting"),
    "time": ("time", "start", "start time", "meeting time"),
    "item": ("item", "agenda item", "title", "subject", "topic"),
    "lead": ("lead", "lead officer", "who", "owner", "presenter", "report author"),
    "report_due": (
        "report due",
        "reports due",
        "draft report due",
        "draft reports due",
        "report deadline",
        "deadline",
        "deadlines",
    ),
    "publication_date": ("publication date", "publication", "published", "publish"),
    "channel": ("channel", "slack channel", "teams channel"),
}

# A header cell is short; a longer cell is data.
_MAX_HEADER_CHARS = 60
_MAX_SUFFIX_WORDS = 4


_WORD_THEN_NUMBER = re.compile(r"[A-Za-z]{3,}\.?\s+\d")


def is_ref(text: str) -> bool:
    """A ref cell: "2.3", "1 0.", "CPAC343/1" — not a date such as "October 2007"."""
    return looks_like_ref(text) and not _WORD_THEN_NUMBER.search(text)


def header_key(text: str) -> str:
    """A header reduced to lower-case words: "Progress to date:" -> "progress to date",
    "Lead Officer(s)" -> "lead officers"."""
    if text.strip() == "#":
        return "#"
    text = _OPTIONAL_PLURAL.sub("s", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# "Officer(s)", "officer/s": a plural that may be one.
_OPTIONAL_PLURAL = re.compile(r"\(s\)|/s\b")
# What a header may say about when its column was written, after the field's name:
# "Progress to date (Dec 15)", "Update Dec 2015", "Progress Update - Q3", "Comments as at 31/12".
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_WHEN_TAIL = re.compile(
    rf"(?:\s+(?:as at|as of|at|for|in|(?:{_MONTHS})[a-z]*|q[1-4]|quarter|\d+))+$"
)


def _without_when(header: str) -> str:
    """A header's key without what it says of when the column was written: "Progress to
    date (Dec 15)" -> "progress to date"; "" when nothing else is left."""
    key = header_key(_BRACKETED.sub(" ", header.lower()))
    return _WHEN_TAIL.sub("", key) if key else ""


def _singular(key: str) -> str:
    return re.sub(r"(?<=[a-z]{3})s$", "", key)


def header_forms(key: str) -> tuple[str, ...]:
    """A header key (see :func:`header_key`) and its singular forms, to try against synonyms
    in order: as written, singular, each word singular ("KPIs" -> "kpis", "kpi")."""
    return tuple(dict.fromkeys((key, _singular(key), " ".join(map(_singular, key.split())))))


def _candidates(key: str, without_when: str) -> dict[str, None]:
    """The forms of a header tried against the synonyms, in order: as written, singular, each
    word singular; then the same without what it says of when ("Update Dec 15")."""
    forms: dict[str, None] = {}
    for text in (key, without_when):
        if text:
            forms.update(dict.fromkeys(header_forms(text)))
    return forms


_KNOWN: dict[tuple[int, str], str | None] = {}  # field_of answers for the lists above


def field_of(header: str, synonyms: Synonyms = PLAN_SYNONYMS) -> str | None:
    """The field a header names, or None.

    An exact synonym wins ("Who" -> lead); then the singular ("Timescales" -> due); then, for a
    short header, the longest synonym it ends with ("Corporate Parenting Provision" -> title,
    "Corporate Parenting meeting Date" -> date).
    """
    if synonyms is not PLAN_SYNONYMS and synonyms is not MEETING_SYNONYMS:
        return _field_of(header, synonyms)
    cache_key = (id(synonyms), header)
    if cache_key not in _KNOWN:
        if len(_KNOWN) > 10_000:
            _KNOWN.clear()
        _KNOWN[cache_key] = _field_of(header, synonyms)
    return _KNOWN[cache_key]


def _field_of(header: str, synonyms: Synonyms) -> str | None:
    key = header_key(header)
    if not key:
        return None
    for candidate in _candidates(key, _without_when(header)):
        for name, words in synonyms.items():
            if candidate in words:
                return name
    key_words = [_singular(w) for w in key.split()]
    if len(key_words) > _MAX_SUFFIX_WORDS:
        return None
    best: tuple[int, str] | None = None
    for name, synonyms_of in synonyms.items():
        for synonym in synonyms_of:
            tail = [_singular(w) for w in synonym.split()]
            fits = len(tail) < len(key_words) and key_words[-len(tail) :] == tail
            if fits and (best is None or len(tail) > best[0]):
                best = (len(tail), name)
    return best[1] if best else None


@dataclass(frozen=True)
class HeaderMatch:
    """A header row: the first column of each field, and further columns naming a field again."""

    row: Row
    fields: dict[str, int]
    repeats: dict[int, str] = field(default_factory=dict)

    @property
    def strength(self) -> int:
        """How many different fields the row names."""
        return len(self.fields)


def match_header(row: Row, synonyms: Synonyms = PLAN_SYNONYMS) -> HeaderMatch | None:
    """The fields a row names when it can be a header row, else None.

    A header has no cell that looks like an action ref and no long cell: data rows carry a ref,
    and prose is not a header.
    """
    filled = [c for c in row.cells if c.strip()]
    if not filled or any(len(c) > _MAX_HEADER_CHARS or is_ref(c) for c in filled):
        return None
    fields: dict[str, int] = {}
    repeats: dict[int, str] = {}
    for i, cell in enumerate(row.cells):
        name = field_of(cell, synonyms)
        if name is None:
            continue
        if name in fields:
            repeats[i] = name
        else:
            fields[name] = i
    if not fields:
        return None
    return HeaderMatch(row, fields, repeats)


def is_header(match: HeaderMatch | None, *, min_fields: int = 2) -> bool:
    """True for a strong header (``min_fields`` fields), or a weak one: one field among at least
    three short cells (seed 000: "TIME FOR CHANGE | CURRENT POSITION | WITHIN ONE YEAR")."""
    if match is None:
        return False
    if match.strength >= min_fields:
        return True
    return sum(1 for c in match.row.cells if c.strip()) >= 3


def find_header(
    rows: Sequence[Row],
    synonyms: Synonyms = PLAN_SYNONYMS,
    *,
    min_fields: int = 2,
    matches: Sequence[HeaderMatch | None] | None = None,
) -> HeaderMatch | None:
    """The header row: the first strong match, else the first weak one, else None.

    ``matches`` are the rows' ``match_header`` results when the caller has them already."""
    weak: HeaderMatch | None = None
    for index, row in enumerate(rows):
        match = matches[index] if matches is not None else match_header(row, synonyms)
        if match is None:
            continue
        if match.strength >= min_fields:
            return match
        if weak is None and is_header(match, min_fields=min_fields):
            weak = match
    return weak


def expected_columns(synonyms: Synonyms, names: Sequence[str]) -> str:
    """A readable list of the columns a file should have: "Ref (No, Number...), ..."."""
    parts = []
    for name in names:
        words = [w for w in synonyms[name] if w != "#"][:3]
        parts.append(" / ".join(w.upper() if w == "rag" else w[:1].upper() + w[1:] for w in words))
    return "; ".join(parts)


# --- Action plan layout ------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Which column holds which field of an action plan, from one header row."""

    header_row: int
    fields: dict[str, int]
    extras: dict[int, str]
    headers: tuple[str, ...]

    def column_name(self, name: str) -> str:
        """The header text of a field's column, or the field's usual name when blank."""
        index = self.fields.get(name)
        text = self.headers[index] if index is not None and index < len(self.headers) else ""
        return text or {"ref": "Ref", "title": "Action"}.get(name, name.title())


_LONG_TEXT = 25


def _filled(row: Row) -> int:
    return sum(1 for c in row.cells if c.strip())


def _ref_column(header: HeaderMatch, data: Sequence[Row]) -> int | None:
    """The column whose cells are mostly refs, among those no header names."""
    named = set(header.fields.values()) | set(header.repeats)
    width = max([len(header.row.cells), *(len(r.cells) for r in data)], default=0)
    rows = [r for r in data if _filled(r) >= 2]
    for i in range(width):
        if i in named and header.row.cell(i).strip():
            continue
        values = [r.cell(i) for r in rows if r.cell(i).strip()]
        if values and sum(is_ref(v) for v in values) * 2 >= len(values):
            return i
    return None


def _title_column(header: HeaderMatch, ref: int, data: Sequence[Row]) -> int | None:
    """No title header (seed 000's "TIME FOR CHANGE"): the first long-text column after the ref."""
    taken = set(header.fields.values()) | {ref}
    width = max([len(header.row.cells), *(len(r.cells) for r in data)], default=0)
    free = [i for i in range(ref + 1, width) if i not in taken]
    for i in free:
        values = [r.cell(i) for r in data if is_ref(r.cell(ref)) and r.cell(i).strip()]
        if values and max(len(v) for v in values) >= _LONG_TEXT:
            return i
    return free[0] if free else None


def _section_numbers(header: HeaderMatch, data: Sequence[Row]) -> list[str] | None:
    """The cells of the header's Section (Theme) column when most of them are refs-like
    ("1", "2.", "1.1"), else None."""
    index = header.fields.get("section")
    if index is None:
        return None
    values = [r.cell(index) for r in data if r.cell(index).strip()]
    if not values or sum(is_ref(v) for v in values) * 2 < len(values):
        return None
    return values


def _numbers_each_action(header: HeaderMatch, data: Sequence[Row]) -> bool:
    """True for a plan without a ref column whose Section column gives each row a number of
    its own ("Section | Action" over "1.1 | …", "1.2 | …"): those are the actions' refs. A
    number several rows share ("1", "1", "2") numbers sections, not actions."""
    values = _section_numbers(header, data)
    if values is None or not all(is_ref(v) for v in values):
        return False
    return len({normalise_ref(v) for v in values}) == len(values)


def _refuse_section_numbers_as_refs(header: HeaderMatch, data: Sequence[Row]) -> None:
    """A plan without a ref column whose Section (Theme) column holds numbers several rows
    share ("1", "1", "2."): those number sections, so they are no action's ref. Say what to
    add rather than only that refs are missing."""
    values = _section_numbers(header, data)
    if values is None:
        return
    name = header.row.cell(header.fields["section"]).strip()
    raise ImportFailed(
        f"the {name} column numbers sections ({', '.join(dict.fromkeys(values[:3]))}; "
        "several rows share a number), not actions, and no column holds the actions' refs: "
        "add a Ref column with each action's own ref (such as 1.1, 1.2, 2.1)",
        row=header.row.number,
    )


def _shifted(header: HeaderMatch, data: Sequence[Row]) -> HeaderMatch | None:
    """Text copied from a PDF drops the blank cell over the ref column, so every header sits
    one column to the left of its data (seed 004: "Provision | Responsibility | Timescale"
    over "1.1 | Further develop..."). The header moved one column right, when that fits; not
    when the first header is a Section (Theme) column, whose cells are section numbers."""
    if not header.row.cells or not header.row.cells[0].strip():
        return None
    if header.fields.get("section") == 0:
        return None
    rows = [r for r in data if sum(1 for c in r.cells if c.strip()) >= 2]
    firsts = [r.cell(0) for r in rows if r.cell(0).strip()]
    if not firsts or sum(is_ref(v) for v in firsts) * 2 < len(firsts):
        return None
    moved = Row(header.row.number, ("", *header.row.cells))
    return match_header(moved, PLAN_SYNONYMS)


def plan_layout(header: HeaderMatch, data: Sequence[Row]) -> Layout:
    """The layout of a plan from its header row and the data rows under it.

    A blank header over the ref column (seeds 000, 002, 004) is found from the data. When two
    columns name a title (seed 002: Recommendation, then Action) the first is the title and the
    other is kept as an extra column, like every column no field claims. A Section, Theme or
    Strategic aim column names each action's section.
    """
    if "ref" not in header.fields and _numbers_each_action(header, data):
        fields = {k: v for k, v in header.fields.items() if k != "section"}
        header = HeaderMatch(header.row, {**fields, "ref": header.fields["section"]})
    if "ref" not in header.fields and _ref_column(header, data) is None:
        shifted = _shifted(header, data)
        if shifted is not None:
            header = shifted
    fields = dict(header.fields)
    if "ref" not in fields:
        ref = _ref_column(header, data)
        if ref is None:
            _refuse_section_numbers_as_refs(header, data)
            raise ImportFailed(
                "no column of action refs found (a Ref, No or Number column, or a first column "
                "of refs such as 1.1, 2.3, 10)",
                row=header.row.number,
            )
        fields = {k: v for k, v in fields.items() if v != ref}
        fields["ref"] = ref
    if "title" not in fields:
        title = _title_column(header, fields["ref"], data)
        if title is None:
            raise ImportFailed(
                "no column of action titles found (Action, Priority, Recommendation, "
                "Objective, Provision...)",
                row=header.row.number,
            )
        fields["title"] = title
    used = set(fields.values())
    extras = {i: c for i, c in enumerate(header.row.cells) if i not in used and c.strip()}
    return Layout(header.row.number, fields, extras, header.row.cells)
