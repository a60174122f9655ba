"""Read an action plan table (the layouts of seeds 000, 001, 002 and 004) into sections and
actions, without touching the database. Bad rows raise ImportFailed naming row and column."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from commands.importers.headers import (
    PLAN_SYNONYMS,
    Layout,
    expected_columns,
    find_header,
    is_header,
    is_ref,
    match_header,
    plan_layout,
)
from commands.importers.report import HeaderLacks, ImportFailed, NoHeader
from commands.importers.table import Row, Table
from commands.refs import normalise_ref
from commands.status import parse_rag_letter, parse_status, parse_status_cell

MAX_TITLE = 5000
MAX_CELL = 20000

MAX_REF = 64
# The tags that PDF and word-processor converters leave in table cells (the seed papers hold
# <p>, <u>, <i> and <ol style="...">), with attributes only in name="value" form.
_HTML_NAMES = r"p|br|u|i|b|em|strong|ol|ul|li|span|div|sup|sub|font|h[1-6]|table|tr|td|th"
_TAG = re.compile(
    rf"</?(?:{_HTML_NAMES})(?:\s+[a-z-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*\s*/?>", re.I
)
# A converter's cell opens with a block tag ("<p>TOIL levels...</p> <p>..."); text that
# merely mentions a tag ("the <Mosaic> form", "<b>bold</b>", "a<b and c>d") is someone's words.
_CONVERTED = re.compile(r"^<(?:p|ol|ul|li|div|table|h[1-6])(?:\s[^<>]*)?>", re.I)
_OLD_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
# Control characters (NUL in particular, which PostgreSQL refuses) but tab and newlines.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "Strategic Aim: 1. Effective leadership", "Theme 2 - Health", "Priority 1: Stable homes",
# "Outcome 3: Care leavers"; not "Section 47 enquiries".
_SECTION_LINE = re.compile(
    r"^(?:strategic\s+aim|strategic\s+priority|priority(?:\s+area)?|theme|section|outcome|objective|workstream|strand)\s*"
    r"(?::\s*(?P<text>.*)|(?P<number>\d{1,3})\s*[.:)–-]\s*(?P<rest>.*))$",
    re.I,
)
# A section cell's own number: "1. Safeguarding", "2.0 Workforce", "3 - Health".
_NUMBERED_CELL = re.compile(r"^(\d{1,3})(?:\.0\s+|(?:\.0)?\s*[.:)–-](?!\d)\s*)(\S.*)$")
# A section cell that is only its number ("1", "2.", "1.0", "Theme 2"): the action's section
# by number, titled by a heading of that number when the file has one.
_NUMBER_ONLY_CELL = re.compile(
    r"^(?:(?:strategic\s+aim|strategic\s+priority|priority(?:\s+area)?|theme|section|outcome|objective|workstream|strand)\s*)?"
    r"(\d{1,3})(?:\.0)?[.)]?$",
    re.I,
)
_LEAD_LINE = re.compile(r"^lead\s+officers?\s*(?::\s*(.*)|$)", re.I)
_NUMBERED = re.compile(r"^(\d{1,3})(\.0)?\.?\s+(\S.*)$")
_SECTION_REF = re.compile(r"^\d{1,3}\.0$")
# The heading of a meeting's actions arising ("Actions arising from CPAC 2026-10-05"), whose
# section the minutes importer files under the meeting's date: an export read back gives it
# that ref again, not a number (which would be written back as "1.0").
_ARISING = re.compile(r"^actions\s+arising\s+from\s+\S.*\s(\d{4}-\d{2}-\d{2})$", re.I)
_WHOLE_NUMBER = re.compile(r"^\d{1,3}$")
# A printed page's number ("Page 3", "Page 3 of 5", "Page 3/5"): page furniture, never the
# rest of the action above.
# A total under the table ("Total", "Grand total: 5", "Sub-total"): never an action.
_TOTAL = re.compile(r"^(?:grand\s+|sub-?\s*)?totals?\b", re.I)
_PAGE_NUMBER = re.compile(r"^page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
# Words that open ordinary sentences too ("Ongoing work with...", "New arrangements..."), so a
# progress cell that starts with them does not set a status.
_NOT_A_STATUS_OPENING = {"new", "open", "ongoing", "started", "met", "late", "behind", "risk"}


@dataclass
class ParsedSection:
    """A heading row: "2.0 FAMILY AND PARENTING SUPPORT", "Strategic Aim: 1. ..."."""

    ref: str
    title: str
    row: int
    lead: str = ""
    # The file gave no number ("Section: Actions arising from CPAC 2026-10-05"): the ref is
    # the meeting's date for actions arising, else the next free number; an existing section
    # of the plan with the same title is this one.
    numbered_here: bool = False
    # Only a Section cell's number named it ("1", "Theme 2"): its title is a stand-in until a
    # heading of that number titles it, and never renames a section the plan has.
    untitled: bool = False


@dataclass
class ParsedAction:
    """One action row as read from the file (continuation rows already joined)."""

    row: int
    ref: str
    title: str
    lead: str
    due_text: str
    status: str | None
    progress: str
    section_ref: str | None
    extra: dict[str, str] = field(default_factory=dict)
    # The lead cell with its line breaks, which owners are read from ("Fiona Smith⏎Jon
    # Abbey" is two people); ``lead`` is the cell as kept (on one line).
    lead_lines: str = ""


@dataclass
class ParsedPlan:
    """Everything an action plan file says."""

    sections: list[ParsedSection]
    actions: list[ParsedAction]
    columns: list[str]
    extras: list[str]
    plan_lead: str = ""
    joined: list[int] = field(default_factory=list)  # rows joined to the action above
    # Rows of words read as no action, heading or lead (a note in the ref column, a total):
    # (row number, their text).
    passed_over: list[tuple[int, str]] = field(default_factory=list)

    @property
    def joined_rows(self) -> int:
        """How many rows without a ref were joined to the action above."""
        return len(self.joined)


def clean_cell(text: str, *, markup: bool = True) -> str:
    """A cell without control characters, its white space collapsed.

    With ``markup``, a cell a PDF converter wrote as HTML (it opens with ``<p>``, ``<ol>``…)
    loses its tags and entities. Any other cell keeps its text as written: ``<`` and ``&`` in
    it are the author's (``Use the <Mosaic> form``), never dropped.
    """
    text = " ".join(_CONTROL.sub(" ", text).split())
    if markup and _CONVERTED.match(text):
        text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


def earlier_reading(text: str) -> str:
    """How csbot read a cell before it kept text that looks like HTML: every tag-like run
    ("<Mosaic>", "<b>") dropped and entities decoded. Only to recognise, on re-import, what an
    earlier import of the same file stored."""
    text = _CONTROL.sub(" ", text)
    if "<" in text:
        text = _OLD_TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _clean(row: Row, markup: bool) -> Row:
    lined = tuple(
        "\n".join(clean_cell(line, markup=markup) for line in cell.split("\n"))
        for cell in row.lined
    )
    return Row(row.number, tuple(clean_cell(c, markup=markup) for c in row.cells), lined)


def _filled(row: Row) -> list[str]:
    return [c for c in row.cells if c]


def _has_words(row: Row) -> bool:
    return any(re.search(r"[A-Za-z]{2}", c) for c in row.cells)


def status_from_progress(text: str) -> str | None:
    """A status only when the progress cell opens with one: "Achieved. It is a requirement..."
    -> achieved; "Achieved ... Monitored on an on-going basis" -> monitoring; "Delayed - ..."."""
    if re.match(r"^\s*achieved\b", text, re.I):
        return "monitoring" if re.search(r"monitor|on-?\s?going", text, re.I) else "achieved"
    if re.match(r"^\s*not\s+accepted\b", text, re.I):
        return "not_accepted"
    m = re.match(r"^\s*([A-Za-z][A-Za-z -]{1,30}?)\s*(?:[.;:,(–-]|$)", text)
    if not m:
        return None
    opening = m[1].strip()
    low = opening.lower()
    if low in _NOT_A_STATUS_OPENING or len(opening.split()) > 3:
        return None
    return parse_status(opening)


class _Reader:
    """Walks the rows once, keeping the current layout, section and last action."""

    def __init__(self, table: Table, markup: bool = True) -> None:
        self.rows = [_clean(r, markup) for r in table.rows]
        self.sections: dict[str, ParsedSection] = {}
        self.actions: list[ParsedAction] = []
        self.seen: dict[str, int] = {}
        self.current: ParsedSection | None = None
        self.plan_lead = ""
        self.columns: list[str] = []
        self.extras: list[str] = []
        self.joined: list[int] = []
        self.passed_over: list[tuple[int, str]] = []
        self.layout: Layout | None = None
        self.layouts: dict[tuple[str, ...], Layout] = {}  # by header cells
        self.matches = [match_header(r) for r in self.rows]
        self.last: ParsedAction | None = None
        self.section_refs = self._section_like_refs()
        first = find_header(self.rows, matches=self.matches)
        self.first_header = first.row.number if first is not None else None

    def _section_like_refs(self) -> set[str]:
        """Whole-number refs ("1", "2") that have numbered children ("1.1"): headings."""
        refs = {normalise_ref(c) for r in self.rows for c in r.cells[:3] if is_ref(c)}
        parents = {x.split(".")[0] for x in refs if "." in x}
        return {r for r in refs if _WHOLE_NUMBER.match(r) and r in parents}

    # --- headers --------------------------------------------------------------------------

    def _use_header(self, index: int, row: Row) -> None:
        match = self.matches[index]
        assert match is not None
        cells = _trimmed(row)
        if cells in self.layouts:  # the same header repeated on a later page
            self.layout = self.layouts[cells]
            return
        # The data under this header and under its repeats (a header repeated on every page
        # or section), so that a short section does not decide the columns on its own.
        data = []
        for later, other in zip(self.rows[index + 1 :], self.matches[index + 1 :], strict=True):
            if other is not None and other.strength >= 2 and _trimmed(later) != cells:
                break
            data.append(later)
        try:
            layout = plan_layout(match, data)
        except ImportFailed as exc:
            if self.layout is not None:
                raise
            # The sheet's first header without refs or titles (a summary's "RAG Status | No.
            # of actions") is not the plan's: a later sheet of the workbook may hold it.
            raise HeaderLacks.of(exc) from exc
        self.layout = layout
        self.layouts[cells] = self.layout
        first = not self.columns
        for i, text in enumerate(row.cells):
            if text and text not in self.columns and (first or i in self.layout.extras):
                self.columns.append(text)
        for text in self.layout.extras.values():
            if text not in self.extras:
                self.extras.append(text)

    # --- sections and lead lines ----------------------------------------------------------

    def _add_section(self, ref: str | None, title: str, row: Row) -> None:
        numbered_here = ref is None
        title = title.strip(" :-–")
        if ref is None:
            ref = self._unnumbered_ref(title)
        section = self.sections.get(ref)
        if section is None:
            section = ParsedSection(ref, title, row.number, "", numbered_here)
            self.sections[ref] = section
        elif section.untitled and not numbered_here:
            section.title, section.untitled = title, False  # "2.0 WORKFORCE" titles "2"
        self.current = section
        self.last = None

    def _section_by_number(self, number: str, title: str, row: Row) -> None:
        """Make section ``number`` the current one: the file's section of that number, else a
        new one titled ``title`` ("Theme 2") until a heading of that number titles it."""
        section = self.sections.get(number)
        if section is None:
            section = ParsedSection(number, title, row.number, untitled=True)
            self.sections[number] = section
        self.current = section
        self.last = None

    def _unnumbered_ref(self, title: str) -> str:
        """The ref of a heading without a number: a meeting's date for its actions arising
        (as the minutes importer files them), else the number after the file's highest."""
        arising = _ARISING.match(title)
        if arising and _is_iso_date(arising[1]):
            return arising[1]
        numbers = [int(r) for r in self.sections if r.isdigit()]
        return str(max(numbers, default=0) + 1)

    def _section_line(self, row: Row) -> bool:
        filled = _filled(row)
        if not filled or self._names_its_section(row):
            return False
        m = _SECTION_LINE.match(filled[0])
        if m:
            head = m["text"] if m["number"] is None else f"{m['number']}. {m['rest']}"
            text = " ".join([head, *filled[1:]]).strip()
            numbered = re.match(r"^(\d{1,3})(?:\.0)?\.?\s*(.*)$", text)
            if numbered:
                self._add_section(numbered[1], numbered[2] or text, row)
            else:
                self._add_section(None, text, row)
            return True
        if len(filled) == 1:
            numbered = _NUMBERED.match(filled[0])
            if numbered and (numbered[2] or _is_heading_case(numbered[3])):
                self._add_section(numbered[1], numbered[3], row)
                return True
        return False

    def _names_its_section(self, row: Row) -> bool:
        """True for an action row under a Section (Theme, Strategic aim) column: its section
        cell ("Theme 2 - Health") names the action's section, it does not head one."""
        f = self.layout.fields if self.layout is not None else {}
        return "section" in f and is_ref(row.cell(f["ref"]))

    def _section_cell(self, row: Row, layout: Layout) -> None:
        """Make the section an action row's Section cell names the current one: by its number
        when the cell gives one ("1. Safeguarding"), else by its title, added in the order of
        first appearance. A blank cell leaves the action in the section above (or none)."""
        text = row.cell(layout.fields["section"]) if "section" in layout.fields else ""
        if not text:
            return
        number = _NUMBER_ONLY_CELL.match(text)
        if number:  # "1", "2.", "Theme 2": a number alone is no title ("Theme 1" is)
            n = number[1]
            label = text.rstrip(".) ") if not text[:1].isdigit() else ""
            self._section_by_number(n, label or f"{layout.column_name('section')} {n}", row)
            return
        m = _SECTION_LINE.match(text)
        if m:  # "Strategic Aim: 1. Effective leadership", "Theme 2 - Health"
            text = m["text"] if m["number"] is None else f"{m['number']}. {m['rest']}"
        numbered = _NUMBERED_CELL.match(text)
        if numbered:
            self._add_section(numbered[1], numbered[2], row)
            return
        title = text.strip(" :-–")
        if not title:
            return
        named = next(
            (s for s in self.sections.values() if s.title.casefold() == title.casefold()), None
        )
        if named is None:
            self._add_section(None, title, row)
        else:
            self.current = named

    def _lead_line(self, row: Row) -> bool:
        filled = _filled(row)
        if not filled or len(filled) > 2:
            return False
        m = _LEAD_LINE.match(filled[0])
        if not m or (m[1] is None and len(filled) == 1):
            return False
        lead = " ".join(x for x in [m[1] or "", *filled[1:]] if x).strip()
        if self.current is not None:
            self.current.lead = lead
        else:
            self.plan_lead = lead
        return True

    # --- action rows ----------------------------------------------------------------------

    def read(self) -> ParsedPlan:
        for index, row in enumerate(self.rows):
            if self._is_header_row(index, row):
                self._use_header(index, row)
                continue
            if self._lead_line(row) or self._section_line(row):
                continue
            if self.layout is not None:
                self._data_row(row, self.layout)
        if self.layout is None:
            raise NoHeader(
                "no header row found: expected columns such as "
                + expected_columns(PLAN_SYNONYMS, ("ref", "title", "lead", "due", "progress"))
            )
        if not self.actions:
            raise ImportFailed("the file has a header but no action rows")
        return ParsedPlan(
            sections=list(self.sections.values()),
            actions=self.actions,
            columns=self.columns,
            extras=self.extras,
            plan_lead=self.plan_lead,
            joined=self.joined,
            passed_over=self.passed_over,
        )

    def _is_header_row(self, index: int, row: Row) -> bool:
        """The first header, its repeats, and later headers naming at least two fields (a
        weak match in the middle of the data is more likely a short continuation row)."""
        match = self.matches[index]
        if not is_header(match):
            return False
        if self.layout is None:
            return row.number == self.first_header
        assert match is not None
        return match.strength >= 2 or _trimmed(row) in self.layouts

    def _data_row(self, row: Row, layout: Layout) -> None:
        f = layout.fields
        raw_ref = row.cell(f["ref"])
        title = row.cell(f["title"])
        if not raw_ref:
            if title and self.last is not None and not _is_page_number(row):
                self._refuse_unreffed_action(row, layout)
                self._join(row, layout)
            return  # page furniture, OCR noise, an empty spacer row
        if not is_ref(raw_ref):
            if len(_filled(row)) == 1 or not _has_words(row) or not title or _TOTAL.match(raw_ref):
                # "October 2007", "----- --", a stray note in the ref column: named in the
                # report when it has words, so that nothing is dropped without a word.
                if _has_words(row) and not _is_page_number(row):
                    self.passed_over.append((row.number, " ".join(_filled(row))))
                return
            raise ImportFailed(
                f"“{raw_ref[:40]}” is not an action reference (such as 1.1, 2.3 or 10)",
                row=row.number,
                column=layout.column_name("ref"),
            )
        ref = normalise_ref(raw_ref)
        if len(ref) > MAX_REF:
            raise ImportFailed(
                f"the ref is longer than {MAX_REF} characters",
                row=row.number,
                column=layout.column_name("ref"),
            )
        others = [c for i, c in enumerate(row.cells) if c and i not in (f["ref"], f["title"])]
        if title and (_SECTION_REF.match(ref) or (ref in self.section_refs and not others)):
            # "2.0 | FAMILY AND PARENTING SUPPORT": a heading; a lead beside it is its lead.
            self._add_section(ref.split(".")[0], title, row)
            lead = row.cell(f["lead"]) if "lead" in f else ""
            if lead and self.current is not None:
                self.current.lead = lead
            return
        self._action(row, layout, ref, title)

    def _action(self, row: Row, layout: Layout, ref: str, title: str) -> None:
        f = layout.fields
        if not title:
            raise ImportFailed(
                f"action {ref} has no title", row=row.number, column=layout.column_name("title")
            )
        if len(title) > MAX_TITLE:
            raise ImportFailed(
                f"action {ref} has a title over {MAX_TITLE:,} characters",
                row=row.number,
                column=layout.column_name("title"),
            )
        for i, cell in enumerate(row.cells):
            if len(cell) > MAX_CELL:
                raise ImportFailed(
                    f"the cell is over {MAX_CELL:,} characters",
                    row=row.number,
                    column=layout.headers[i] if i < len(layout.headers) else f"column {i + 1}",
                )
        if ref in self.seen:
            raise ImportFailed(
                f"ref {ref} appears twice (first on row {self.seen[ref]})",
                row=row.number,
                column=layout.column_name("ref"),
            )
        self.seen[ref] = row.number
        status_text = row.cell(f["status"]) if "status" in f else ""
        status = None
        if status_text:
            status = (
                parse_status(status_text)
                or parse_status_cell(status_text)
                or parse_rag_letter(status_text)  # a RAG column's "G", "A", "R" or "B"
            )
            if status is None:
                raise ImportFailed(
                    f"“{status_text[:40]}” is not a status I know (try On track, At risk, "
                    "Off track, Achieved, Not started, or Green/Amber/Red or G/A/R)",
                    row=row.number,
                    column=layout.column_name("status"),
                )
        progress = row.cell(f["progress"]) if "progress" in f else ""
        if status is None and progress:
            status = status_from_progress(progress)
        self._section_cell(row, layout)
        section_ref = self.current.ref if self.current is not None else None
        if section_ref is None and "." in ref and ref.split(".")[0] in self.sections:
            section_ref = ref.split(".")[0]
        action = ParsedAction(
            row=row.number,
            ref=ref,
            title=title,
            lead=row.cell(f["lead"]) if "lead" in f else "",
            lead_lines=row.cell_lines(f["lead"]) if "lead" in f else "",
            due_text=row.cell(f["due"]) if "due" in f else "",
            status=status,
            progress=progress,
            section_ref=section_ref,
            extra={name: row.cell(i) for i, name in layout.extras.items() if row.cell(i)},
        )
        self.actions.append(action)
        self.last = action

    def _refuse_unreffed_action(self, row: Row, layout: Layout) -> None:
        """A row without a ref but with a status, or with two of lead, due date and status, of
        its own is an action that lost its ref, not the rest of the row above (a cell split
        across pages continues one column or two): joining would merge two actions."""
        f = layout.fields
        own = [k for k in ("lead", "due", "status") if k in f and row.cell(f[k])]
        if "status" in own or len(own) >= 2:
            assert self.last is not None
            raise ImportFailed(
                f"this row has its own {', '.join(layout.column_name(k) for k in own)} but no "
                f"ref, so it is not a continuation of action {self.last.ref} above: give it "
                "a ref",
                row=row.number,
                column=layout.column_name("ref"),
            )

    def _join(self, row: Row, layout: Layout) -> None:
        """A row with no ref under an action continues it (a cell split across pages)."""
        assert self.last is not None
        f = layout.fields
        last = self.last

        def more(old: str, new: str) -> str:
            return f"{old} {new}".strip() if new else old

        last.title = more(last.title, row.cell(f["title"]))
        if "lead" in f and row.cell(f["lead"]):
            # Another name, never the rest of one: "Fiona Smith" + "Jon Abbey" is two people.
            last.lead = "/".join(x for x in (last.lead, row.cell(f["lead"])) if x)
        if "due" in f:
            last.due_text = more(last.due_text, row.cell(f["due"]))
        if "progress" in f:
            last.progress = more(last.progress, row.cell(f["progress"]))
        for i, name in layout.extras.items():
            if row.cell(i):
                last.extra[name] = more(last.extra.get(name, ""), row.cell(i))
        self.joined.append(row.number)


def _is_page_number(row: Row) -> bool:
    """True for a printed page's footer: a row whose only text is its number ("Page 3 of 5")."""
    return all(_PAGE_NUMBER.match(c) for c in _filled(row))


def _trimmed(row: Row) -> tuple[str, ...]:
    cells = list(row.cells)
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_heading_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def parse_plan(table: Table, *, markup: bool = True) -> ParsedPlan:
    """Sections, actions and columns of an action plan table; ImportFailed on a bad file.
    ``markup=False`` for a csbot export: its cells are csbot's own text, never converter HTML."""
    return _Reader(table, markup).read()
