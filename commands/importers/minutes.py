"""Minutes -> actions arising.

An ``Action: <name(s)>`` line (or ``Actions:``, ``Action by:``, ``Action - <name(s)>``)
closes the paragraph or bullet before it; the inline form ``(Action: <name(s)>)`` (or
``(Action by: <name(s)>)``, ``(Action by <Name>)``) closes the sentence it ends, and its names
may carry a bracket of their own (``(Action: Fiona Smith
(VSH))``, ``(Action: Fiona Smith (VSH) by March)``). Each
becomes an action owned by those people (or roles), titled from the text it closes, due
before the committee's next meeting (or by the timescale after the names: "Fiona Smith - by
end of June"; one that names no date, "ASAP" or "end of Q3", is kept as written, with no due
date), and marked as arising from the meeting. Its ref is the
minute number and a counter (``CPAC343/1``); its source key is the meeting and that ref, so
importing the same minutes again changes nothing. Importing corrected minutes matches the
actions already imported by their text (not their position), so they keep their refs and
history; new actions get new refs and actions no longer in the minutes are reported, never
deleted.

No words of the minutes are dropped: a minute heading's line keeps the text it carries after
the number, and only page furniture (a running head and its date line, a page number) is left
out; a wrapped line that merely starts like a bullet or a minute number, or starts or ends
like furniture, is prose. A sentence a page break splits, blank lines around the furniture,
is one paragraph when the text after the break starts in lower case or with a number, and
the items of an inline list ("the focus on\n1. local placements and\n2. support …") go on
with their sentence. A heading with no blank line under it ("2. PERFORMANCE", "Item 2 –
Performance": in capitals, or numbered and without a word in lower case but "of", "the"…, or
numbered, short and with no word of a sentence: "2. Performance report") is a paragraph of
its own, not the start of the text under it; a line that goes on with a sentence, or into a
next line starting in lower case, is prose. An inline action's minute
text is its whole paragraph, lines after its marker too; an `Action:` line after that
paragraph closes what its inline actions leave of it (the sentences no marker closes), or,
when they leave nothing, names more owners of the last.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher

from commands.dates import MONTHS, NO_DATE_WORDS, TIMESCALE_WORDS, parse_due
from commands.errors import UserError
from commands.formatting import clip, fmt_date, some_of
from commands.importers.new_people import new_people_notes, people_ids
from commands.importers.plan_target import new_plan_slug
from commands.importers.report import (
    ImportFailed,
    ImportReport,
    TimescaleReading,
    plural,
    quarter_reading,
)
from commands.jobs.working_days import not_working_words, previous_working_day
from commands.meeting_due import next_meeting_due
from commands.meeting_lookup import (
    find_meeting,
    meeting_label,
    next_meeting_of,
    parse_meeting_name,
)
from commands.owner_store import OwnerReadings, set_action_owners
from commands.owners import split_lead
from commands.refs import plan_slug, title_key
from commands.status import is_outstanding
from storage.models import ADDED_IN_CHAT, Action, Meeting, Plan, Section, utcnow
from storage.repositories import Repositories
from storage.unit_of_work import UnitOfWork

MAX_MINUTES_CHARS = 1_000_000
MAX_TITLE_CHARS = 300
MIN_TITLE_CHARS = 40
SIMILAR_TITLE = 0.75  # a corrected wording of the same action, not another action
MAX_HEADING_WORDS = 12
MAX_TITLE_WORDS = 8  # a heading with words in lower case ("Performance report") is short

# "Action: X", and as minute-takers also write it: "Actions: X", "Action by: X", "Action - X".
# A dash needs a space beside it ("Action-led" is a word), and "Action" followed by a word
# ("Action for Children will present …", "Action plans were agreed.") is prose.
_ACTION_LINE = re.compile(
    r"^\s*[-•*]?\s*\**\s*actions?(?:\s+by)?\s*\**\s*(?::|\s+[-–—]+|[-–—]+(?=\s))"
    r"\s*\**\s*(?P<who>.*?)\s*\**\s*$",
    re.I,
)
# "(Action: Fiona Smith)", "(Action by: Fiona Smith)", "(Action by Fiona Smith)", and one level
# of brackets inside: "(Action: Fiona Smith (VSH))", "(Action: Fiona Smith (VSH) (by March))".
# Without a colon the owner starts with a capital: "(action by the end of March)" is an aside.
_INLINE = re.compile(
    r"\(\s*(?i:actions?)(?:\s*(?i:\s+by)?\s*:\s*|\s+(?i:by)\s+(?=[A-Z]))"
    r"(?P<who>(?:[^()]|\([^()]*\))+?)\s*\)"
)
_BULLET = re.compile(r"^\s*(?:[-•*–▪●◦]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s+")
# A paragraph's number ("2.", "2.1", "3.10)"), not a quantity ("17 and", "2015/16", "3.5%").
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}(?:[.)]|(?:\.\d{1,3})+[.)]?)(?:\s|$)")
# An agenda item's number before its heading: "Item 2 – Performance", "Item 2: Performance".
_ITEM_NUMBER = re.compile(r"^(?:agenda\s+)?item\s+\d{1,3}[a-z]?[.:)]?(?:\s*[-–—:])?(?=\s|$)", re.I)
# A line of an inline list's item that runs on into the next item ("1. local placements and").
_LIST_LINK = re.compile(r"(?:,|\b(?:and|or|and/or))$", re.I)
# A lettered or roman item ("a. Children Act 1989", "iv) …"): never the rest of a sentence.
_LETTERED = re.compile(r"^(?:[a-z]|[ivx]{1,4})[.)]\s")
_MINUTE_HEAD = re.compile(r"^\**\s*(?P<prefix>[A-Z]{2,8})\s?(?P<number>\d{1,5})\s*\.\s")
# Page furniture a printed copy repeats: the running head ("MINUTES OF …"), the page number
# ("CPAC343 Page 3", "Page 3 of 12") and a blank page's note. Prose that starts or ends with
# the same words ("Minutes of the last meeting were agreed.", "… set out on page 4") is not.
_RUNNING_HEAD = re.compile(r"^minutes of\s+\S", re.I)
_PAGE_NUMBER = re.compile(r"\bpage \d+(?:\s+of\s+\d+)?$", re.I)
_BLANK_PAGE = re.compile(r"^this page is intentionally left blank$", re.I)
# Words a running head or a footer may have in lower case ("Minutes of the … Committee").
_LABEL_WORDS = frozenset({"a", "an", "and", "at", "for", "held", "in", "of", "on", "the", "to"})
# Words a line ends on when it goes on in the next ("Review of\nPlacements"): never a
# heading's last word.
_LINK_WORD_TEXT = (
    "as but by from into or than that which who whose with within without after before about "
    "between across over under including via per against towards through during among"
)
_LINK_WORDS = (_LABEL_WORDS - {"held"}) | frozenset(_LINK_WORD_TEXT.split())
# Words of a sentence, never of a heading ("Members were thanked", "Officers would report"):
# a numbered sentence without its full stop is prose. The verbs minute-takers write ("The
# Committee noted Ofsted") too, but as a heading's last word ("Alternative options
# considered", "Actions agreed").
_AUXILIARY_TEXT = (
    "is are was were be been being has have had will would should could can may might must "
    "shall did does do not"
)
_MINUTE_VERB_TEXT = (
    "asked noted agreed thanked received advised confirmed reported requested welcomed "
    "commented explained discussed said stated queried raised resolved informed highlighted "
    "suggested presented considered felt added told gave made took provided introduced "
    "outlined summarised circulated tabled declared expressed sought proposed approved "
    "endorsed accepted apologised attended spoke showed acknowledged recognised praised "
    "congratulated emphasised stressed reiterated clarified responded replied answered "
    "undertook offered wanted needed notes agrees asks thanks"
)
_AUXILIARIES = frozenset(_AUXILIARY_TEXT.split())
_MINUTE_VERBS = frozenset(_MINUTE_VERB_TEXT.split())
# A full stop, !, ? (and what may close a quotation or bracket after it) then a capital. Only
# the space is taken out: the closing mark stays with its sentence.
_CLOSERS = "\"'”’)"
_SENTENCE_END = re.compile(
    rf"(?:(?<=[.!?])|(?<=[.!?][{_CLOSERS}])|(?<=[.!?][{_CLOSERS}][{_CLOSERS}]))"
    r"\s+(?=[A-Z0-9“\"'(])"
)
# A line ending so ends its sentence or clause; a line ending otherwise goes on in the next.
_CLAUSE_END = re.compile(rf"[.!?:;][{_CLOSERS}]*$")


# Where a timescale may start after the owners: after a dash set off by a space ("Fiona Smith
# - by end of June"; a hyphen inside "Monk-Meyer" is part of the name), a comma or semicolon,
# or at a deadline word ("Fiona Smith by March").
_TAIL_START = re.compile(r"\s+[-–—]+\s*|\s*[,;]\s*|\s+(?=(?:by|before|due|no later than)\s)", re.I)
_DEADLINE_LEAD = re.compile(r"^(?:(?:by|before|due|no later than)\s+)+", re.I)
# Timescales that name no date: kept as written, never part of a name.
_UNDATED = re.compile(
    r"^(?:asap|a\.s\.a\.p\.?|as soon as (?:possible|practicable)|immediately|immediate|urgent|"
    r"urgently|ongoing|on\s*-?\s*going|continuous|continuing|as required|as needed|tbc|tba|tbd|"
    r"to be (?:confirmed|agreed))\.?$",
    re.I,
)
_NEXT_MEETING = re.compile(r"\bnext\s+(?:[a-z]+\s+)?meeting\b", re.I)
# A committee's next meeting named by the committee ("before next CPAC"): a timescale.
_NEXT_NAMED = re.compile(
    r"^(?:by|before|prior\s+to|ahead\s+of|in\s+time\s+for)\s+(?:the\s+)?next\s+\S", re.I
)
# Words a timescale has; other brackets ("Head of Service (Fostering)") are part of the name.
_DATE_WORD = re.compile(
    r"\d|\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"|spring|summer|autumn|"
    r"winter|week|month|year|quarter|q[1-4]|term|christmas|easter|meeting|end)\b",
    re.I,
)
# Every word a timescale may be made of, read as a date or not ("end of Q3", "by Christmas");
# a capitalised word not among them is a name or a post ("Fiona", "VSH").
_TIMESCALE_WORD_TEXT = (
    "due no later than start beginning following coming years quarter term half half-term "
    "christmas easter holiday holidays school academic financial calendar within two three "
    "four six w/c wc eom eoy eow"
)
_TIMESCALE_WORDS = frozenset(MONTHS) | TIMESCALE_WORDS | frozenset(_TIMESCALE_WORD_TEXT.split())
_WORD = re.compile(r"[a-z][a-z0-9/'’-]*", re.I)
_NUMBER = re.compile(r"(?<![a-z])\d", re.I)  # a number of its own, not a word's ("Q3")
_READ_FROM = date(2000, 1, 1)  # any day: only whether the text names a date matters here


# An age band ("Leaving Care Team (16+)", "(0-5)", "(11 to 18)"), which a date reader would
# take for a day of the month.
_AGE_BAND = re.compile(r"\d{1,2}\s*(?:\+|(?:[-–]|to)\s*\d{1,2})(?:\s*(?:yrs?|years?))?", re.I)


def is_timescale(text: str) -> bool:
    """Whether ``text`` after an owner is a timescale rather than part of a name: a date
    ("by end of June", "31/03/2016"), a period that names no day ("end of Q3", "by
    Christmas") or words that name no date ("ASAP", "ongoing", "by next meeting")."""
    core = _DEADLINE_LEAD.sub("", text.strip()).strip()
    if not core or _AGE_BAND.fullmatch(core.strip("()[] ")):
        return False
    if _UNDATED.match(core) or _NEXT_MEETING.search(core) or _NEXT_NAMED.match(text.strip()):
        return True
    words = _WORD.findall(core)
    if any(w[0].isupper() and w.lower() not in _TIMESCALE_WORDS for w in words):
        return False
    if not _DATE_WORD.search(core):
        return False
    if parse_due(text, _READ_FROM) is not None:
        return True
    return (
        bool(words)
        and not _NUMBER.search(core)
        and all(w.lower() in _TIMESCALE_WORDS for w in words)
    )


def _tail_candidates(who: str) -> list[tuple[str, str]]:
    """Each (owners, tail) split of ``who`` at a separator outside brackets, the longest tail
    first, and the last bracket's contents when ``who`` ends with one."""
    out: list[tuple[int, str, str]] = []
    depth, opened = 0, -1
    outside = [False] * len(who)
    for i, char in enumerate(who):
        if char in "([":
            if depth == 0:
                opened = i
            depth += 1
        outside[i] = depth == 0
        if char in ")]" and depth > 0:
            depth -= 1
    for m in _TAIL_START.finditer(who):
        if m.start() > 0 and outside[m.start()]:
            out.append((m.start(), who[: m.start()], who[m.end() :]))
    if who.endswith((")", "]")) and depth == 0 and opened > 0:
        out.append((opened, who[:opened], who[opened + 1 : -1]))
    return [(owners, tail) for _, owners, tail in sorted(out)]


def _deadline_words(text: str) -> bool:
    """A deadline, read as a date or not ("by Friday", "by 31/04/2027"): a deadline word and
    then no capitalised word but a timescale's ("supported by June Example" is a name)."""
    lead = _DEADLINE_LEAD.match(text.strip())
    if lead is None:
        return False
    rest = _WORD.findall(text.strip()[lead.end() :])
    return not any(w[0].isupper() and w.lower() not in _TIMESCALE_WORDS for w in rest)


def split_owners_and_timescale(who: str) -> tuple[str, str]:
    """(owners, timescale) from what follows ``Action:``: "Fiona Smith (by March)" and "Fiona
    Smith - by end of June" are owned by Fiona Smith, with that timescale; "Fiona Smith -
    ASAP" too (a timescale that names no date is kept as written). "By next meeting" is
    what actions arising are due by anyway, so it gives no timescale of its own. Without a
    timescale the text is all owners."""
    for owners, tail in _tail_candidates(who):
        owners = owners.strip(" ,;-–—")
        tail = tail.strip().rstrip(".").strip()
        if tail.startswith("(") and tail.endswith(")"):
            tail = tail[1:-1].strip()
        if not owners or not (is_timescale(tail) or _deadline_words(tail)):
            continue
        return owners, "" if _NEXT_MEETING.search(tail) else tail
    return who, ""


# What may join the words of owners' names ("Head of Service", "Ann Testsmith and AD",
# "HoS / IRO"); any other word in lower case is a sentence's, not a name's.
_NAME_JOINERS = frozenset({"and", "&", "of", "for", "the", "/", "+", "in", "at"})
# Groups minutes name as owners in lower case too ("all to note", "officers to circulate").
_GROUP_OWNERS = frozenset({"all", "officers", "members", "everyone", "chair", "clerk", "panel"})
# "Ann Testsmith to add …": the owners, then the task from its verb on.
_TO_TASK = re.compile(r"\s+to\s+(?=[a-z])")
# "Dev Mockford - re-audit …", "Ann Testsmith – Review the policy", "Ann Testsmith: review …":
# the owners, a dash set off by spaces (or a colon), then the task.
_DASH_TASK = re.compile(r"(?:\s+[-–—]+|\s*:)\s+(?:to\s+)?(?=[A-Za-z])")


def _names_only(text: str) -> bool:
    """Whether ``text`` reads as owners' names or posts: capitalised words (``Fiona Smith``,
    ``HoS``, ``VSH``), joined by "and", "of", "/"…, or a group (``all``, ``officers``), and
    never a sentence's words."""
    words = text.replace("/", " / ").split()
    if len(words) == 1 and words[0].lower() in _GROUP_OWNERS:
        return True
    return 0 < len(words) <= 10 and all(
        w[0].isupper() or not w[0].isalpha() or w.lower() in _NAME_JOINERS for w in words
    )


def _starts_as_timescale(text: str) -> bool:
    """Whether what follows the names is a timescale ("by end of June", "March 2027",
    "ASAP") rather than a task that may end with one ("review the policy by March")."""
    if _deadline_words(text) or _UNDATED.match(text.strip()) is not None:
        return True
    first = text.split()[0].lower().strip(".,;:") if text.split() else ""
    return (first in _TIMESCALE_WORDS or first[:1].isdigit()) and is_timescale(text)


def split_task(who: str) -> tuple[str, str]:
    """(owners, task) from what follows ``Action:`` when it says what is to be done as well
    as who does it, as minutes often do: "Ann Testsmith to add a trend chart – by end of
    February", "Dev Mockford - re-audit the weaker PEPs". The task keeps its timescale for
    :func:`split_owners_and_timescale` to find; ("Fiona Smith - by end of June", "HOS",
    "Fiona Smith (VSH)") have no task: (``who``, "")."""
    for pattern in (_TO_TASK, _DASH_TASK):
        for m in pattern.finditer(who):
            owners, task = who[: m.start()].strip(" ,;"), who[m.end() :].strip()
            if not _names_only(owners) or _starts_as_timescale(task):
                continue
            if pattern is _DASH_TASK and _names_only(task):
                continue  # "Fiona Smith – VSH": a post, not a task
            return owners, task
    return who, ""


def task_and_timescale(task: str) -> tuple[str, str]:
    """A task as an action's text, and the timescale it ends with: "add a chart – by end of
    February." -> ("Add a chart", "by end of February")."""
    task, timescale = split_owners_and_timescale(task)
    task = task.rstrip(" .;,–—-")
    return task[:1].upper() + task[1:], timescale


@dataclass
class MinuteAction:
    """One action found in minutes: who, the text it closes, and where it was."""

    minute: str
    owners_text: str
    text: str
    line: int
    ordinal: int = 0
    context: str = ""
    timescale: str = ""
    # Deadlines of further Action lines for the same text, not used: "“by 31 March” (Lena …)".
    unused_timescales: list[str] = field(default_factory=list)
    # What a csbot before it split a task from its owners read as the owners of this line
    # ("Ann Testsmith to add a trend chart"): an action it stored is matched by it.
    read_before: str = ""

    def __post_init__(self) -> None:
        if not self.timescale:
            self.owners_text, self.timescale = split_owners_and_timescale(self.owners_text)

    @property
    def ref(self) -> str:
        """``CPAC343/1``: the minute number and the action's counter within it."""
        return f"{self.minute}/{self.ordinal}"

    @property
    def title(self) -> str:
        """A short title: the closing sentence (with the one before it when very short)."""
        return title_from(self.text)


@dataclass
class _Block:
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each line's number in the minutes
    first_line: int = 0
    minute: str = ""
    kind: str | None = None  # the kind of bullet its first line starts with, if any
    inline: set[str] = field(default_factory=set)  # kinds of bullet going on with a sentence
    actions: list[MinuteAction] = field(default_factory=list)  # its inline actions, once whole

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())

    @property
    def sentence_goes_on(self) -> bool:
        """True when its last line stops mid-sentence, so the next line continues it."""
        return bool(self.lines) and not _CLAUSE_END.search(self.lines[-1])

    def add(self, line: str, number: int, minute: str) -> None:
        """Add a line of text (its own first line and minute when it has none yet)."""
        if not self.lines:
            self.first_line, self.minute = number, minute
            self.kind = _bullet_kind(line)
        else:
            kind = _bullet_kind(line)
            if kind is not None:
                self.inline.add(kind)  # a line added mid-block goes on with its sentence
        self.lines.append(line.strip().strip("*").strip())
        self.numbers.append(number)

    def line_at(self, offset: int) -> int:
        """The number of the line holding character ``offset`` of its lines joined by spaces."""
        end = -1
        for line, number in zip(self.lines, self.numbers, strict=True):
            end += len(line) + 1
            if offset <= end:
                return number
        return self.numbers[-1]


def _bullet_kind(line: str) -> str | None:
    """The kind of bullet a line starts with ("-", "•", "1.", "1)", "(a)"), or None."""
    m = _BULLET.match(line)
    if m is None:
        return None
    mark = m.group().strip()
    if mark[0].isdigit():
        return "1" + mark[-1]
    return "(a)" if mark.startswith("(") else mark


def _starts_item(block: _Block, line: str) -> bool:
    """Whether a line that begins like a bullet starts a new item. It does unless it goes on
    with a sentence its block left unfinished, with another mark than the block's own item
    started with: a wrapped "which\n– as the Chair said –" or "aged\n16. The …" is no new
    item, nor is the next bullet of an inline list ("the focus on\n1. local placements
    and\n2. support for carers,\nand asked …"). The next item of a list the block is one of
    does."""
    kind = _bullet_kind(line)
    if kind is None:
        return False
    if not block.sentence_goes_on or kind == block.kind:
        return True
    if kind not in block.inline:
        return False
    # A list's items may end without a full stop ("Recommendation\n1. Managers …\n2. A
    # twin …"); an inline list's go on into the next ("1. local placements and\n2. support").
    goes_on = _LIST_LINK.search(block.lines[-1]) or _BULLET.sub("", line)[:1].islower()
    return not goes_on


def _goes_on_over_a_break(line: str) -> bool:
    """Whether the first line after a blank line (and page furniture) goes on with a sentence
    left unfinished before it: it starts in lower case or with a number ("17 and placed …"),
    not like a bullet, a numbered paragraph ("2.1 Background"), a minute heading or an
    Action line."""
    bare = line.strip().lstrip("*").lstrip()
    if not bare or _BULLET.match(line) or _ACTION_LINE.match(line) or _LETTERED.match(bare):
        return False
    if bare[0].isdigit():
        return not _PARAGRAPH_NUMBER.match(bare)
    return bare[0].islower()


def _next_text(lines: list[str], start: int) -> tuple[int, bool]:
    """The index of the first line from ``lines[start]`` on that is neither blank nor page
    furniture (``len(lines)`` when none is), and whether a blank line came before it."""
    blank = False
    for index in range(start, len(lines)):
        if not lines[index].strip():
            blank = True
        elif not _is_furniture_at(lines, index):
            return index, blank
    return len(lines), blank


def _line(lines: list[str], index: int) -> str:
    return lines[index] if index < len(lines) else ""


def _is_furniture_at(lines: list[str], index: int) -> bool:
    """True for page furniture, and for the meeting's date a running head has on its second
    line ("**MINUTES OF … COMMITTEE\nMONDAY 5 OCTOBER 2015**")."""
    line = lines[index]
    if _is_page_furniture(line):
        return True
    previous = " ".join(lines[index - 1].strip("* ").split()) if index > 0 else ""
    return bool(_RUNNING_HEAD.match(previous)) and _is_page_furniture(previous) and _is_date(line)


def _is_date(line: str) -> bool:
    """True for a line that is only a date, perhaps with its weekday ("MONDAY 5 OCTOBER 2015")."""
    bare = " ".join(line.strip("* ").split())
    m = _HEADED_DATE.search(bare)
    return m is not None and _is_label(bare[: m.start()] + bare[m.end() :])


def _is_label(words: str) -> bool:
    """True for the words of a heading or a footer: none in lower case but "of", "the"…"""
    return not any(
        w[:1].islower() and w.lower() not in _LABEL_WORDS
        for w in (word.strip("()[]“”\"'‘’,–-") for word in words.split())
    )


def _is_page_furniture(line: str) -> bool:
    """True for what a printed page repeats (its running head "MINUTES OF …", its number
    "CPAC343 Page 3") and a blank page's note: never for a line of the minutes' prose."""
    bare = " ".join(line.strip("* ").split())
    if _BLANK_PAGE.match(bare):
        return True
    if _CLAUSE_END.search(bare):
        return False  # a sentence ("Minutes of the last meeting were agreed.")
    if _RUNNING_HEAD.match(bare):
        return _is_label(bare)
    page = _PAGE_NUMBER.search(bare)
    return page is not None and _is_label(bare[: page.start()])


def _heading_text(rest: str, following: str, after_blank: bool = False) -> str:
    """The minute's own text on its heading's line after the number, or "" when the line is
    only its heading ("CPAC343. PERFORMANCE"). Prose there is kept: a sentence, or words the
    next line of text goes on with ("CPAC400. The Committee RECEIVED the report of\nthe …"),
    across a blank line (a page break) only when it starts in lower case or with a number."""
    rest = rest.strip().strip("*").strip()
    if not rest:
        return ""
    if any(c.islower() for c in rest) and _CLAUSE_END.search(rest):
        return rest
    if after_blank:
        return rest if _goes_on_over_a_break(following) else ""
    nxt = following.strip()
    if not nxt or _ACTION_LINE.match(following) or _MINUTE_HEAD.match(nxt):
        return ""
    if _BULLET.match(following):
        # "CPAC343. Performance report" over a list is a heading; prose going on into an
        # inline list ("… strategy. Members welcomed the focus on\n1. local placements and")
        # is the minute's text.
        prose = len(sentences(rest)) > 1 or _BULLET.sub("", nxt)[:1].islower()
        return rest if prose and not _is_label(rest) else ""
    # "CPAC343. Performance report" over its paragraph is a heading; "CPAC400. The Chair" over
    # "thanked …", or words no heading has, are the start of a sentence.
    return rest if nxt[:1].islower() or not _reads_as_title(rest) else ""


def _is_heading(block: _Block, line: str, following: str) -> bool:
    """Whether a line is a heading over the text on the next line, with no blank line between
    ("2. PERFORMANCE", "Item 2 – Performance", "ANY OTHER BUSINESS"): in capitals, or
    numbered and short with words that read as a title (see :func:`_reads_as_title`), without
    a full stop. A
    line going on with a sentence before it (unless it starts "Item 2"), or into the next
    line (which starts in lower case), is prose, and so is a line an `Action:` line closes."""
    nxt = following.strip()
    if not nxt or nxt[:1].islower() or _ACTION_LINE.match(following):
        return False
    bare = " ".join(line.strip().strip("*").split())
    item = _ITEM_NUMBER.match(bare)
    if block.sentence_goes_on and (item is None or bare[:1].islower()):
        return False  # "… aged\n16. THE …", "the focus on\n1. LAC", "under\nitem 2 – …"
    number = item or _PARAGRAPH_NUMBER.match(bare)
    words = bare[number.end() :].strip() if number else bare
    if _CLAUSE_END.search(bare) or len(words.split()) > MAX_HEADING_WORDS:
        return False
    if number is None and _BULLET.match(bare):
        return False  # an item of a list ("- NONE")
    capitals = sum(c.isupper() for c in words) >= 2 and not any(c.islower() for c in words)
    return capitals or (number is not None and _reads_as_title(words))


def _reads_as_title(words: str) -> bool:
    """Whether the words after a heading's number read as its title: none in lower case but
    "of", "the"… ("Performance Report"), or a short phrase that starts with a capital and
    says nothing ("Performance report", "Fostering service update and sufficiency"). Words
    a sentence has ("Members were thanked"), a line ending on a word that goes on ("Review
    of") or a long line (a numbered sentence wrapped: "Members asked about Care\nLeavers …")
    are prose."""
    if not any(c.isalpha() for c in words):
        return False
    if _is_label(words):
        return True
    found = [w.strip("()[]“”\"'‘’,–-:") for w in words.split()]
    found = [w for w in found if w]
    if not found or len(found) > MAX_TITLE_WORDS or not found[0][:1].isupper():
        return False
    if words.rstrip()[-1:] in ",–-&/" or found[-1].lower() in _LINK_WORDS:
        return False
    lower = [w.lower() for w in found if w[:1].islower()]
    last = found[-1].lower()
    return not any(w in _AUXILIARIES or (w in _MINUTE_VERBS and w != last) for w in lower)


def _wrapped_into(block: _Block, prefix: str, minute: str) -> bool:
    """True when what looks like a minute heading ("KS2. Results …") goes on with a sentence
    its block left unfinished and is not numbered as the minutes' headings are."""
    numbered = re.match(r"[A-Z]{2,8}(?=\d)", minute)
    return block.sentence_goes_on and numbered is not None and numbered.group() != prefix


def sentences(text: str) -> list[str]:
    """Split prose into sentences (a full stop, ! or ? followed by a capital)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def title_from(text: str) -> str:
    """The title of an action: the last sentence of the text it closes, within the limit."""
    parts = sentences(_BULLET.sub("", text).strip())
    if not parts:
        return ""
    title = parts[-1]
    i = len(parts) - 2
    while len(title) < MIN_TITLE_CHARS and i >= 0:
        title = f"{parts[i]} {title}"
        i -= 1
    return clip(title, MAX_TITLE_CHARS)


def _clean_line(line: str) -> str:
    return line.replace("\u00a0", " ").rstrip()


# A line on its own that reads like an Action line without its colon or dash: "Action Jon
# Abbey", "Action HOS". Capitalised words only, none of them small words, so a heading
# ("Action Plan") or prose ("Action for Children") is no such line.
_ACTION_WITHOUT_COLON = re.compile(
    r"^\s*[-•*]?\s*actions?\s+(?P<who>(?:[A-Z][\w'’.-]*\s*){1,5})$", re.I
)
_NOT_IN_AN_OWNER = frozenset({"for", "of", "the", "and", "plan", "plans", "points", "log"})


def lines_like_action_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, line, who it names) of each line that reads like an `Action:` line
    without its colon ("Action Jon Abbey"): it makes no action, so the report names it."""
    found: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _ACTION_LINE.match(line):
            continue
        m = _ACTION_WITHOUT_COLON.match(line)
        if m is None:
            continue
        words = m["who"].split()
        named_well = len(words) >= 2 or words[0].isupper()  # a full name, or "HOS"
        if named_well and not any(w.lower() in _NOT_IN_AN_OWNER for w in words):
            found.append((number, line.strip(), " ".join(words)))
    return found


def parse_minutes(text: str, default_minute: str) -> list[MinuteAction]:
    """Every action in the minutes, in order, with refs numbered within each minute."""
    found: list[MinuteAction] = []
    block = _Block()
    closed: _Block | None = None  # the block an Action line would close
    last_action: MinuteAction | None = None
    minute = default_minute

    def end_block() -> None:
        nonlocal block, closed
        if block.lines:
            # Found once the block is whole: a marker may wrap onto the next line, and an
            # action's minute text is all of its paragraph, not the lines up to the marker.
            block.actions = _inline_actions(block)
            found.extend(block.actions)
            closed = block
        block = _Block(minute=minute)

    lines = [_clean_line(raw) for raw in text.splitlines()]
    ahead = -1  # the index of the line of text after the blank lines being read
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            # A page break between blank lines may fall mid-sentence: the block goes on.
            if block.sentence_goes_on and ahead < number:
                ahead = _next_text(lines, number)[0]  # once for a run of blank lines
            if not (block.sentence_goes_on and _goes_on_over_a_break(_line(lines, ahead))):
                end_block()
            continue
        m = _ACTION_LINE.match(line)
        if m:
            end_block()
            who, task = split_task(m["who"].strip(" .;*"))
            if task:
                # "Action: Ann Testsmith to add …": an action of its own, whatever is above
                # it (the paragraph it follows is its minute's text).
                title, timescale = task_and_timescale(task)
                last_action = MinuteAction(
                    minute=(closed.minute if closed is not None else "") or minute,
                    owners_text=who,
                    text=title,
                    line=number,
                    context=closed.text if closed is not None else "",
                    timescale=timescale,
                    read_before=split_owners_and_timescale(m["who"].strip(" .;*"))[0],
                )
                found.append(last_action)
                closed = None
                continue
            if last_action is not None and closed is None:
                _add_owners(last_action, who)  # a second Action line for the same text
                continue
            if closed is None:
                raise ImportFailed(
                    "an `Action:` line must follow the paragraph or bullet it closes.",
                    line=number,
                )
            left = left_by_inline(closed.text)
            if closed.actions and not any(c.isalnum() for c in left):
                # Its inline actions closed all of the paragraph: the line names more owners of
                # the last, as a second Action line does.
                last_action = closed.actions[-1]
                _add_owners(last_action, who)
            else:
                last_action = MinuteAction(
                    minute=closed.minute or minute,
                    owners_text=who,
                    text=left,
                    line=number,
                    context=closed.text,
                )
                found.append(last_action)
            closed = None
            continue
        if _is_furniture_at(lines, number - 1):
            continue
        head = _MINUTE_HEAD.match(line.strip())
        if head and not _wrapped_into(block, head["prefix"], minute):
            # A minute heading starts a new item; an Action line cannot close a heading, only
            # the minute's text when its heading's line carries some.
            end_block()
            minute = f"{head['prefix']}{head['number']}"
            block = _Block(minute=minute)
            closed = None
            last_action = None
            index, after_blank = _next_text(lines, number)
            own = _heading_text(line.strip()[head.end() :], _line(lines, index), after_blank)
            if not own:
                continue
            line = own
            heading = False
        else:
            index, after_blank = _next_text(lines, number)
            heading = not after_blank and _is_heading(block, line, _line(lines, index))
            if heading or _starts_item(block, line):
                end_block()
        block.add(line, number, minute)
        last_action = None
        closed = None
        if heading:
            end_block()  # the text under a heading is a paragraph of its own
    end_block()
    _number(found)
    return found


_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?])")


def _inline_actions(block: _Block) -> list[MinuteAction]:
    """The inline ``(Action: X)`` markers of a whole block, each closing its sentence, with
    the line it ends on and the block's text without its markers."""
    text = " ".join(block.lines)
    # Without its markers, and the space each leaves before a full stop or comma.
    context = _SPACE_BEFORE_STOP.sub(r"\1", _INLINE.sub("", text)).strip()
    out: list[MinuteAction] = []
    start = 0
    for m in _INLINE.finditer(text):
        parts = sentences(text[start : m.start()])
        who, task = split_task(m["who"].strip())
        title, timescale = task_and_timescale(task) if task else ("", "")
        read_before = split_owners_and_timescale(m["who"].strip())[0] if task else ""
        out.append(
            MinuteAction(
                minute=block.minute,
                owners_text=who,
                timescale=timescale,
                read_before=read_before,
                text=title or (parts[-1] if parts else ""),
                line=block.line_at(m.end() - 1),
                context=context,
            )
        )
        start = m.end()
    return out


# What follows an inline marker that ends its sentence: the sentence's full stop (and a
# closing mark), then the next sentence or the end of the paragraph.
_AFTER_MARKER = re.compile(rf"[.!?]?[{_CLOSERS}]*(?=\s+[A-Z0-9“\"'(]|\s*$)")


def _inline_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) in ``text`` of each sentence an inline ``(Action: X)`` marker closes:
    from where the sentence starts (as :func:`_inline_actions` reads it) to the full stop
    after the marker, or to the end of the sentence a marker stands inside ("… circulate it
    (Action: X) with the report.")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _INLINE.finditer(text):
        if m.start() < start:
            continue  # in the sentence the marker before it closed
        ends = list(_SENTENCE_END.finditer(text[start : m.start()]))
        begin = start + (ends[-1].end() if ends else 0)
        after = _AFTER_MARKER.match(text, m.end())
        if after is not None:
            start = after.end()
        else:
            following = _SENTENCE_END.search(text, m.end())
            start = following.start() if following is not None else len(text)
        spans.append((begin, start))
    return spans


def left_by_inline(text: str) -> str:
    """What of a paragraph its inline actions leave for an `Action:` line after it to close:
    the sentences no ``(Action: X)`` marker closes ("Officers would update the pledge. A
    report would come to the October meeting (Action: Jane Testperson)." leaves "Officers
    would update the pledge.")."""
    kept: list[str] = []
    at = 0
    for begin, end in _inline_spans(text):
        kept.append(text[at:begin])
        at = end
    kept.append(text[at:])
    return " ".join(" ".join(kept).split())


def _add_owners(action: MinuteAction, who: str) -> None:
    """Add the owners of another Action line for the same text to ``action`` (and its
    timescale, when the action has none yet)."""
    owners, timescale = split_owners_and_timescale(who)
    action.owners_text += f"/{owners}"
    if timescale and action.timescale and timescale != action.timescale:
        # One action has one deadline: the report names the one not used.
        action.unused_timescales.append(f"“{timescale}” ({owners})")
    action.timescale = action.timescale or timescale


def _number(found: list[MinuteAction]) -> None:
    counters: dict[str, int] = {}
    for action in found:
        counters[action.minute] = counters.get(action.minute, 0) + 1
        action.ordinal = counters[action.minute]


# -- storing ----------------------------------------------------------------------------------


def arising_plan(repos: Repositories, meeting: Meeting, now: datetime) -> Plan:
    """The plan holding a committee's actions arising (created on first use): found by its
    name, which names the committee; a new one's slug is the committee's short name (as in
    its meeting labels: ``cpac-actions-arising``), or its whole name when another committee's
    plan has that slug already."""
    committee = meeting.committee
    name = f"{committee.name} — actions arising"
    plan = next((p for p in repos.plans.all() if p.name == name), None)
    if plan is None:
        short = meeting_label(meeting).rsplit(" ", 1)[0]
        slug = plan_slug(f"{short} actions arising")
        if repos.plans.by_slug(slug) is not None:
            slug = new_plan_slug(repos, f"{committee.name} actions arising")
        plan = Plan(
            workspace_id=repos.plans.workspace_id,
            name=name,
            slug=slug,
            description=f"Actions arising from the minutes of {committee.name}.",
            columns=["Minute", "Meeting"],
            created_at=now,
        )
        repos.plans.add(plan)
        repos.plans.flush()
    return plan


def _meeting_section(repos: Repositories, plan: Plan, meeting: Meeting) -> Section:
    ref = meeting.meeting_date.isoformat()
    section = repos.plans.section_by_ref(plan.id, ref)
    if section is None:
        sections = repos.plans.sections(plan.id)
        section = Section(
            workspace_id=plan.workspace_id,
            plan_id=plan.id,
            ref=ref,
            title=f"Actions arising from {meeting_label(meeting)}",
            position=max((s.position for s in sections), default=0) + 1,
        )
        repos.plans.add(section)
        repos.plans.flush()
    return section


UNDATED_ARISING = "Before the next meeting"  # the timescale of actions arising, no meeting yet


def _own_timescale(repos: Repositories, timescale: str, meeting: Meeting) -> str:
    """An action's own timescale from its minutes, or "" when it says what every action
    arising is due by: before the committee's next meeting ("before next CPAC" in CPAC's
    minutes)."""
    if not timescale:
        return ""
    following = next_meeting_due(repos, timescale, meeting.starts_at)
    same = following is not None and following.committee.id == meeting.committee_id
    return "" if same and following is not None and following.before else timescale


def due_before_next(repos: Repositories, meeting: Meeting) -> tuple[date | None, str]:
    """The due date of actions arising: the day before the committee's next meeting."""
    following = next_meeting_of(repos, meeting)
    if following is None:
        return None, UNDATED_ARISING
    return following.meeting_date - timedelta(days=1), f"Before {meeting_label(following)}"


def fill_arising_due_dates(repos: Repositories, meeting: Meeting) -> int:
    """Give undated actions arising from the meeting before ``meeting`` its date as due date.

    Called when a meeting is added after minutes were imported; returns how many changed.
    An action whose minutes gave it a timescale of its own ("ongoing", "end of Q3") keeps it.
    """
    earlier = [
        m
        for m in repos.meetings.meetings_of(meeting.committee_id)
        if m.starts_at < meeting.starts_at
    ]
    if not earlier:
        return 0
    changed = 0
    due, due_text = due_before_next(repos, earlier[-1])
    for action in repos.actions.arising_from(earlier[-1].id):
        undated = action.due_date is None and action.due_text == UNDATED_ARISING
        if undated and action.source_key and due is not None:
            action.due_date, action.due_text = due, due_text
            changed += 1
    return changed


def arising_dated_words(count: int, before: str, after: str) -> str:
    """``2 actions arising from CPAC 2026-10-05 are now due before CPAC 2027-01-05 (4 Jan
    2027).``: what :func:`fill_arising_due_dates` did, ``before`` and ``after`` naming the
    two meetings (``the meeting before``, ``it``)."""
    verb = "is" if count == 1 else "are"
    return f"{plural(count, 'action')} arising from {before} {verb} now due before {after}."


def normalised_title(title: str) -> str:
    """A title reduced to its lower-case words, for matching corrected minutes."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def _ordinal(ref: str) -> tuple[str, int]:
    minute, _, number = ref.rpartition("/")
    return minute, int(number) if number.isdigit() else 0


def _highest_ordinals(existing: list[Action]) -> dict[str, int]:
    """The highest action counter already used in each minute of the meeting."""
    highest: dict[str, int] = {}
    for action in existing:
        minute, number = _ordinal(action.ref)
        highest[minute] = max(highest.get(minute, 0), number)
    return highest


def match_existing(found: list[MinuteAction], existing: list[Action]) -> dict[int, Action]:
    """The stored action each action in the minutes is, keyed by ``id(item)``.

    Corrected minutes may add, drop or reorder actions, so refs made from positions shift:
    an action is matched by its (normalised) title, preferring the same minute; then by a
    closely similar title (a corrected wording); then by its ref only when its owners are
    unchanged. So updates and statuses stay with the action they were given to.
    """
    matched: dict[int, Action] = {}
    taken: set[int] = set()

    def claim(item: MinuteAction, action: Action) -> None:
        matched[id(item)] = action
        taken.add(id(action))

    stored = {id(a): normalised_title(minutes_title(a)) for a in existing}
    for same_minute in (True, False):
        for item in found:
            if id(item) in matched:
                continue
            title = normalised_title(item.title)
            for action in existing:
                if id(action) in taken or stored[id(action)] != title:
                    continue
                if same_minute and _ordinal(action.ref)[0] != item.minute:
                    continue
                claim(item, action)
                break
    pairs = sorted(
        (
            (_similarity(item.title, minutes_title(action)), n, m)
            for n, item in enumerate(found)
            for m, action in enumerate(existing)
            if id(item) not in matched and id(action) not in taken
        ),
        reverse=True,
    )
    for ratio, n, m in pairs:
        if ratio < SIMILAR_TITLE and not (
            found[n].ref == existing[m].ref and found[n].owners_text == existing[m].lead_text
        ):
            continue
        if id(found[n]) not in matched and id(existing[m]) not in taken:
            claim(found[n], existing[m])
    # Stored by a csbot that read the whole line as its owners (made-up roles, the paragraph
    # above as the title): the same action, put right in place, with its ref and history.
    for item in found:
        if id(item) in matched or not item.read_before:
            continue
        for action in existing:
            if id(action) in taken or action.lead_text != item.read_before:
                continue
            if _ordinal(action.ref)[0] == item.minute:
                claim(item, action)
                break
    return matched


def minutes_title(action: Action) -> str:
    """The wording the minutes last gave an action (its title, unless retitled in chat since:
    ``/actions title``), kept in its import snapshot."""
    snapshot = action.import_snapshot or {}
    title = snapshot.get("title")
    return title if isinstance(title, str) else action.title


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, normalised_title(a), normalised_title(b)).ratio()


def _note_missing(report: ImportReport, existing: list[Action], kept: set[int]) -> None:
    """Say which actions imported before are no longer in the minutes (they are kept)."""
    gone = [a for a in existing if id(a) not in kept]
    if not gone:
        return
    listed = "; ".join(f"{a.ref} “{a.title}”" for a in gone)
    report.notes.append(
        f"{plural(len(gone), 'action')} imported before "
        + ("is" if len(gone) == 1 else "are")
        + " no longer in these minutes; I left "
        + (
            "it and its updates as they are (close it if it was dropped)"
            if len(gone) == 1
            else "them and their updates as they are (close them if they were dropped)"
        )
        + f": {listed}"
    )


def _unread_timescale(ref: str, timescale: str, due: date | None) -> list[str]:
    """``CPAC400/1 “end of Q3”`` when the minutes gave an action a timescale that names no
    date I can read ("ASAP", "end of Q3"; not "ongoing" or "TBC", which mean no date)."""
    if not timescale or due is not None or NO_DATE_WORDS.match(timescale):
        return []
    return [f"{ref} “{clip(timescale, 60)}”"]


def _next_minutes_ref(
    repos: Repositories, plan: Plan, minute: str, next_ordinal: dict[str, int]
) -> str:
    """The ref of a new action arising under ``minute``: its next number, past any taken by
    an action of the plan that came from no minutes (``/actions add`` gives the plan's next
    ref, CPAC370/3, which corrected minutes with a third action would otherwise be refused
    over, as if they were other minutes)."""
    while True:
        next_ordinal[minute] = next_ordinal.get(minute, 0) + 1
        ref = f"{minute}/{next_ordinal[minute]}"
        taken = repos.actions.by_ref(ref, plan.id)
        if not any(not (a.source_key or "").startswith("minutes:") for a in taken):
            return ref


def _added_in_chat(in_chat: list[Action], item: MinuteAction, adopted: set[int]) -> Action | None:
    """The action added in chat to the actions-arising plan (``/actions add … plan …``;
    ``in_chat``, read once per import) that a new action of the minutes is: the one of the
    same title (compared as titles are), not taken by another already."""
    key = title_key(item.title)
    return next((a for a in in_chat if a.id not in adopted and title_key(a.title) == key), None)


def _refuse_a_ref_of_another_meeting(
    repos: Repositories, plan: Plan, ref: str, label: str, line: int
) -> None:
    """Minute numbers run on across a committee's meetings, so an action arising with this
    ref already in the plan came from other minutes: these are most likely the same minutes
    filed against another meeting."""
    for other in repos.actions.by_ref(ref, plan.id):
        held = repos.meetings.meeting_by_id(other.meeting_id) if other.meeting_id else None
        source = meeting_label(held) if held is not None else "other minutes"
        raise ImportFailed(
            f"action {ref} already arose from {source}, not {label}: are these the minutes "
            f"of {source}? Name that meeting with --meeting, or correct the minute numbers.",
            line=line,
        )


_HEADED_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


# A line that heads the minutes themselves ("**MINUTES OF CORPORATE PARENTING ADVISORY
# COMMITTEE", "Minutes of the meeting held on …"), not an agenda's item ("6. MINUTES").
_MINUTES_HEADING = re.compile(r"^[\W_]*minutes\b", re.IGNORECASE)
# How many of a file's first (non-blank) lines are its heading.
_HEADING_LINES = 12


def heading_dates(text: str) -> list[date]:
    """The dates the minutes' first lines name ("MONDAY 5 OCTOBER 2015"), in order: the
    meeting's, and perhaps others (an agenda published a week before). A file that starts
    with something else (an agenda pack: the notice of the next meeting, with the minutes of
    the last one further on) is headed by its first ``MINUTES OF …`` line after those first
    lines, when that line or one of the two after it names a date."""
    lines = [line for line in text.splitlines() if line.strip()]
    at = next((i for i, line in enumerate(lines) if _MINUTES_HEADING.match(line)), None)
    if at is not None and at >= _HEADING_LINES:
        dates = _dates_in(lines[at : at + 3])
        if dates:
            return dates
    return _dates_in(lines[:_HEADING_LINES])


def _dates_in(lines: list[str]) -> list[date]:
    """The dates written out in ``lines`` ("5th October, 2015"), in order."""
    found: list[date] = []
    for line in lines:
        for day, month, year in _HEADED_DATE.findall(line):
            number = MONTHS.get(month.lower())
            if number is None:
                continue
            try:
                found.append(date(int(year), number, int(day)))
            except ValueError:
                continue
    return found


def _refuse_another_meetings_minutes(
    repos: Repositories, named: str, target: Meeting, text: str
) -> None:
    """Minutes headed with another date than the meeting's are another meeting's: refused,
    naming the meeting of that date to give instead (whether the meeting was named by its
    date, by its id or by the committee alone, its last meeting held)."""
    dates = heading_dates(text)
    if not dates or target.meeting_date in dates:
        return  # the meeting's date is among the heading's (another may be a publication's)
    headed = dates[0]
    name = parse_meeting_name(named)
    other = next(
        (m for m in repos.meetings.meetings_of(target.committee_id) if m.meeting_date == headed),
        None,
    )
    hint = (
        f'if they are its minutes, name that meeting: --meeting "{meeting_label(other)}"'
        if other is not None
        else "name the meeting they are of, or add it first with /meeting add"
    )
    if name.on is None and name.meeting_id is None:
        which = f"the last meeting of {target.committee.name} held is {meeting_label(target)}"
    else:
        when = f"{target.meeting_date.day} {target.meeting_date:%B %Y}"
        which = f"the meeting named is {meeting_label(target)} ({when})"
    raise ImportFailed(f"The minutes are headed {headed.day} {headed:%B %Y}, but {which}: {hint}.")


def import_minutes(uow: UnitOfWork, text: str, *, meeting: str, today: date) -> ImportReport:
    """Create (or update) the actions arising from a meeting's minutes. Never commits."""
    repos = uow.repos
    now: datetime = uow.session.info.get("now") or utcnow()
    try:
        target = find_meeting(repos, meeting, now, default="last")
    except UserError as exc:
        raise ImportFailed(exc.message) from exc
    label = meeting_label(target)
    _refuse_another_meetings_minutes(repos, meeting, target, text)
    if target.meeting_date > today:
        raise ImportFailed(
            f"{label} has not been held yet, so it can have no minutes. Name the meeting the "
            "minutes are of: --meeting '<committee> <YYYY-MM-DD>', or the committee alone "
            "for its last meeting held."
        )
    if len(text) > MAX_MINUTES_CHARS:
        raise ImportFailed(
            f"The minutes are too long ({len(text):,} characters; the limit is "
            f"{MAX_MINUTES_CHARS:,})."
        )
    if not text.strip():
        raise ImportFailed("The minutes are empty.")
    default_minute = f"M{target.meeting_date:%Y%m%d}"
    found = parse_minutes(text, default_minute)
    report = ImportReport(kind="minutes", target=label)
    for item in found:
        if item.unused_timescales:
            report.notes.append(
                f"{item.ref}: a further `Action:` line for the same text gave another deadline, "
                f"{', '.join(item.unused_timescales[:3])}, not used: an action has one (its "
                f"first, “{item.timescale}”); to give each owner their own deadline, write "
                "the text again above each line."
            )
    for number, line, who in lines_like_action_lines(text)[:10]:
        report.notes.append(
            f"Line {number} “{clip(line, 60)}” reads like an `Action:` line without its colon, "
            f"so it made no action: write `Action: {clip(who, 40)}` if it is one."
        )
    digest = hashlib.sha256(text.strip().encode()).hexdigest()
    if not found:
        report.notes.append("I found no `Action: <name>` lines, so no actions arising were made.")
        if target.minutes_hash != digest:
            target.minutes_hash = digest  # loaded: summaries say no actions arose
            report.notes.append(
                f"The minutes are recorded for {label}: it now counts as held, with no actions "
                "arising."
            )
            report.updated += 1  # the meeting's record changed: "Nothing changed" is not true
        return report
    for item in found:
        if not split_lead(item.owners_text):
            raise ImportFailed(
                f"“Action: {item.owners_text}” names nobody I can recognise.", line=item.line
            )
        if not item.title:
            raise ImportFailed("this `Action:` line closes no text.", line=item.line)
    plan = arising_plan(repos, target, now)
    section = _meeting_section(repos, plan, target)
    due, due_text = due_before_next(repos, target)
    position = repos.actions.max_position(plan.id)
    existing = [
        a
        for a in repos.actions.arising_from(target.id)
        if (a.source_key or "").startswith(f"minutes:{target.id}:")
    ]
    matched = match_existing(found, existing)
    next_ordinal = _highest_ordinals(existing)
    adopted: set[int] = set()
    in_chat = [a for a in repos.actions.in_plan(plan.id) if a.source_key == ADDED_IN_CHAT]
    readings = OwnerReadings(repos)
    readings.expect(item.owners_text for item in found)  # alike whichever line comes first
    people_before = people_ids(repos)
    unread: list[str] = []
    dated: list[str] = []
    quarters: list[TimescaleReading | None] = []
    meetings_read: list[TimescaleReading] = []
    days_off: dict[date, list[str]] = {}  # due dates that are no working day: refs on each
    for item in found:
        extra = {"Minute": item.context, "Meeting": label}
        action = matched.get(id(item))
        item_due, item_due_text = due, due_text
        timescale = _own_timescale(repos, item.timescale, target)
        meeting_read = None  # a committee's next meeting the timescale names, as read
        if timescale:
            item_due = parse_due(timescale, target.meeting_date)
            item_due_text = timescale
            if item_due is not None:
                quarters.append(quarter_reading("line", item.line, timescale, item_due))
            elif (
                following := next_meeting_due(
                    repos, timescale, target.starts_at, target.meeting_date
                )
            ) and (following.due is not None):
                item_due = following.due
                meeting_read = TimescaleReading(
                    "line", item.line, timescale, f"{fmt_date(item_due)}, {following.words()}"
                )
        if action is None and (chat := _added_in_chat(in_chat, item, adopted)) is not None:
            # Added in chat to the plan before the minutes came: this is it, now theirs.
            adopted.add(chat.id)
            chat.meeting_id = target.id
            chat.source_key = f"minutes:{target.id}:{chat.ref}"
            chat.import_snapshot = {"title": item.title}
            if chat.extra != extra:
                chat.extra = extra
            report.updated += 1
            continue
        if action is None:
            ref = _next_minutes_ref(repos, plan, item.minute, next_ordinal)
            _refuse_a_ref_of_another_meeting(repos, plan, ref, label, item.line)
            position += 1
            action = Action(
                workspace_id=plan.workspace_id,
                plan_id=plan.id,
                section_id=section.id,
                ref=ref,
                title=item.title,
                lead_text=item.owners_text,
                due_text=item_due_text,
                due_date=item_due,
                status="not_started",
                extra=extra,
                position=position,
                meeting_id=target.id,
                source_key=f"minutes:{target.id}:{ref}",
                created_at=now,
                import_snapshot={"title": item.title},
            )
            action.plan = plan
            repos.actions.add(action)
            set_action_owners(action, readings.resolve(item.owners_text))
            report.created += 1
            if item_due is not None and not_working_words(item_due):
                days_off.setdefault(item_due, []).append(ref)
            unread += _unread_timescale(ref, timescale, item_due)
            meetings_read += [meeting_read] if meeting_read else []
            continue
        unread += _unread_timescale(action.ref, timescale, item_due)
        moved = bool(timescale) and action.due_text != timescale
        # The same timescale, which an earlier import could not read (a date set in chat
        # changes the timescale too, so this is the minutes' own).
        if timescale and not moved and action.due_date is None and item_due is not None:
            moved = True
            dated.append(f"{action.ref} ({clip(timescale, 40)}: {fmt_date(item_due)})")
        # Owners an earlier import read wrongly from the same text (see OwnerReadings).
        reread = action.lead_text == item.owners_text and readings.reads_otherwise(
            action.owners, item.owners_text
        )
        # A title changed in chat since (/actions title) stands while the minutes word the
        # action as they did; their new wording replaces it.
        retitled = item.title not in (action.title, minutes_title(action))
        if not (moved or reread or retitled) and (action.lead_text, action.extra) == (
            item.owners_text,
            extra,
        ):
            if (action.import_snapshot or {}).get("title") != item.title:
                action.import_snapshot = {"title": item.title}
            report.unchanged += 1
            continue
        if moved:
            action.due_text, action.due_date = item_due_text, item_due
            if item_due is not None and not_working_words(item_due):
                days_off.setdefault(item_due, []).append(action.ref)
            meetings_read += [meeting_read] if meeting_read else []
        if retitled:
            action.title = item.title
            twin = _added_in_chat(in_chat, item, adopted)
            if twin is not None and is_outstanding(twin.status):
                # Reworded to the title of an action added in chat (most often the same one,
                # added before the correction): both stay, and the report says so.
                report.notes.append(
                    f"⚠️ {action.ref} is now worded “{clip(item.title, 80)}”, as the action "
                    f"{twin.ref} added in chat is: if they are one action, close {twin.ref} "
                    f"(`/actions done {twin.ref}`) or give it its own title (`/actions title "
                    f"{twin.ref} …`)."
                )
        if (action.import_snapshot or {}).get("title") != item.title:
            action.import_snapshot = {"title": item.title}
        if action.extra != extra:
            action.extra = extra
        if action.lead_text != item.owners_text:
            action.lead_text = item.owners_text
            set_action_owners(action, readings.resolve(item.owners_text))
        elif reread:
            readings.record(action.owners, f"{action.ref} ({item.owners_text[:60]})")
            set_action_owners(action, readings.resolve(item.owners_text))
        report.updated += 1
    _note_missing(report, existing, set(map(id, matched.values())))
    report.note_dated(dated)
    readings.close(report.notes, "action", cells="`Action:` lines")
    uow.session.flush()
    report.notes.extend(new_people_notes(repos, people_before))
    for day, refs in sorted(days_off.items()):
        report.notes.append(
            f"⚠️ {some_of(refs, 5)} {'is' if len(refs) == 1 else 'are'} due {fmt_date(day)}, "
            f"{not_working_words(day)}: the working day before is "
            f"{fmt_date(previous_working_day(day))} (`/actions due <ref> <date>` moves one)."
        )
    report.note_unread_timescales(unread)
    report.note_next_meetings(meetings_read)
    report.note_quarters(quarters)
    if target.minutes_hash != digest:
        target.minutes_hash = digest
    uow.session.flush()
    report.notes.append(f"Actions arising are in the plan “{plan.name}” ({plan.slug}).")
    return report
