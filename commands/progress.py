"""Progress updates typed in a plan's channel: ``2.3: KASS team recruited #on-track``.

Accepted shapes (the ref comes first, so ordinary chat is left alone):
- ``2.3: text``, ``10: text``, ``CPAC343/1: text`` (a colon right after the ref, not a time
  such as ``10:30``); a ref may have a ``#`` before it (``#2.3: text``);
- ``[4.2] text``;
- ``2.3 – text`` (the dash form only for dotted refs, so ``10 - 12 people`` is chat);
- ``update 2.3: text``, ``Update 10 - text`` (also ``progress``/``action`` instead of update).

The status comes from a hashtag anywhere (``#on-track``, ``#done``, ``#amber``) or from the
words ``RAG amber`` / ``status: at risk``; those are taken out of the text that is stored. An
update that is only a status word (``2.3: done``, ``2.3: on track.``) is that status.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz, process

from commands.action_updates import (
    check_update_length,
    clean_text,
    logged_view,
    record_update,
    retract_update,
    supersede_update,
)
from commands.errors import NotAllowed, NotFound, UserError
from commands.formatting import and_listed
from commands.handler_context import HandlerContext
from commands.lookup import find_action
from commands.meeting_lookup import committee_initials, committee_matches, committee_short
from commands.mentions import readable_mentions
from commands.permissions import can_take_back_update, require_can_change_action
from commands.refs import normalise_ref
from commands.status import (
    known_words,
    label,
    parse_rag_letter,
    parse_status,
    parse_status_cell,
    status_words,
)
from commands.typed_message import message_deleted, was_deleted
from commands.views import Notice, View
from storage.models import Action, Plan, Update

log = logging.getLogger(__name__)

_ANY_REF = r"[A-Za-z]{0,8}[0-9]+(?:[./][0-9]+)*[A-Za-z]?"
_DOTTED = r"[0-9]+(?:\.[0-9]+)+[A-Za-z]?"
_CODED = r"[A-Za-z]{1,8}[0-9]+(?:[./][0-9]+)+"
_PLAIN = r"[0-9]+[A-Za-z]?"
_DASH = r"[-–—]"
# A colon that is not the middle of a time ("10:30").
_COLON = r"\s*:(?![0-9])"

# A ref may be written with a "#" before it, as item numbers often are ("#2.3: text").
_HASH = r"\#?"
# ... and in bold or italics, as Slack and Teams write them ("*2.2*: text", "**2.2**: text",
# "_2.2:_ text"): the same mark closes it, before or after the colon.
_MARK = r"(?P<mark>\*\*|[*_]|)"
_FORMS = [
    re.compile(
        rf"^\s*\[\s*{_HASH}(?P<ref>{_ANY_REF})\s*\]\.?\s*(?:[:]|{_DASH})?\s*(?P<text>.*)$", re.S
    ),
    re.compile(
        rf"^\s*(?:update|progress|action)\s+(?:on\s+|for\s+)?\[?{_HASH}(?P<ref>{_ANY_REF})\]?"
        rf"(?:{_COLON}|\s*{_DASH}\s)\s*(?P<text>.*)$",
        re.S | re.I,
    ),
    re.compile(
        rf"^\s*{_MARK}{_HASH}(?P<ref>{_DOTTED}|{_CODED}|{_PLAIN})"
        rf"(?:(?P=mark){_COLON}|{_COLON}[ \t]*(?P=mark))\s*(?P<text>.*)$",
        re.S,
    ),
    re.compile(
        rf"^\s*{_MARK}{_HASH}(?P<ref>{_DOTTED}|{_CODED})(?P=mark)\s+{_DASH}\s+(?P<text>.*)$",
        re.S,
    ),
]
# The head of a message is enough to tell an update from chat; the body may be long.
_HEAD_CHARS = 120
# The number of an action arising from minutes ("343/1", "343-1"), and the name or initials
# of its committee written before it with a space ("CPAC 343/1: done", "Corporate Parenting
# Advisory Committee 343/1: done"): an update only where the workspace has a committee those
# words name and the channel's plan an action of that ref (see ``_minutes_update``), so
# "CPAC tomorrow: 10am" and "CPAC 12/3: papers due" (a date) stay chat.
_MINUTES_NUMBER = r"[0-9]+(?:[/-][0-9]+)+"
_COMMITTEE_FORM = re.compile(
    r"^\s*(?P<committee>[A-Za-z][A-Za-z&'’-]*(?:[ \t]+[A-Za-z&][A-Za-z&'’-]*){0,7})[ \t]+"
    rf"{_HASH}(?P<number>{_MINUTES_NUMBER}){_COLON}\s*(?P<text>.*)$",
    re.S,
)
# ... or with no space ("CPAC343/1: done"), for an action whose ref is the number alone.
_CODED_MINUTES = re.compile(rf"(?P<committee>[A-Za-z]{{1,8}})(?P<number>{_MINUTES_NUMBER})")
# The most letters a ref's prefix has (see commands/refs.py).
_MAX_PREFIX = 8
# Several refs before one colon ("1.1, 2.3: both progressing", "Actions 1.1 and 1.2: done"):
# an update meant for several actions, which csbot logs one action at a time.
_SEVERAL_REFS_RE = re.compile(
    rf"^\s*(?:actions?\s+)?(?P<refs>{_HASH}(?:{_DOTTED}|{_CODED}|{_PLAIN})"
    rf"(?:\s*(?:,|&|/|\band\b)\s*{_HASH}(?:{_DOTTED}|{_CODED}|{_PLAIN}))+){_COLON}\s*\S",
    re.I,
)

# "#amber", and a RAG of two colours as plans write them: "#amber/green", "#amber / green".
_HASHTAG_RE = re.compile(r"(?<![\w&#/])#([A-Za-z][A-Za-z_-]*(?:[ \t]*/[ \t]*[A-Za-z][A-Za-z_-]*)*)")
# The colours of a RAG rating, which "#amber-green" joins as "#amber/green" does.
_RAG_COLOURS = frozenset({"red", "amber", "green", "blue"})
_PHRASE_RE = re.compile(
    r"\b(?P<kw>RAG|status)\b(?:\s+(?:status|rating|rated))?\s*(?::|=|-|–|\bis\b|\bnow\b)?\s*"
    r"(?P<words>[A-Za-z][A-Za-z'-]*(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,2})",
    re.I,
)
_EDGE_PUNCT = " \t\r\n,;:-–—"


@dataclass(frozen=True)
class ProgressUpdate:
    """A parsed progress message: the ref it is about, its text and its status (if any)."""

    ref: str
    text: str
    status: str | None = None
    # False for the weakest shape ("2.3 – text"): an unknown ref then means it was just chat.
    explicit: bool = True
    # Several different statuses given (the writer must choose), and mistyped status tags.
    conflicting: tuple[str, ...] = ()
    near_misses: tuple[str, ...] = ()
    # The plan named before the ref ("other-plan:4.2: done"), as csbot suggests naming an
    # action of another plan than the channel's.
    plan: str | None = None


@dataclass(frozen=True)
class StatusRead:
    """What free text says about status: the text without the status words, the status (None
    when none was given or several different ones were), the different statuses given (two or
    more means the writer must choose) and hashtags that look like a mistyped status."""

    text: str
    status: str | None = None
    conflicting: tuple[str, ...] = ()
    near_misses: tuple[str, ...] = ()


def read_status(text: str) -> StatusRead:
    """Take the status out of free text.

    ``#on-track``/``#done``/``#amber`` anywhere, or ``RAG amber``/``status: at risk``. Unknown
    hashtags are left in the text; those close to a status word (``#at-rsik``) are reported.
    """
    found = _hashtag_statuses(text) + _phrase_statuses(text)
    near = tuple(
        m.group(0)
        for m in _HASHTAG_RE.finditer(text)
        if not _tag_statuses(m.group(1)) and _is_near_status(m.group(1))
    )
    if not found:
        return StatusRead(text.strip(), near_misses=near)
    found.sort(key=lambda f: f[:2])  # by place, a tag's statuses as written
    distinct = tuple(dict.fromkeys(status for _, _, status in found))
    kept: list[str] = []
    pos = 0
    for start, end, _ in found:
        if start >= pos:
            kept.append(text[pos:start])
            pos = end
    kept.append(text[pos:])
    cleaned = _tidy("\x00".join(kept))
    if len(distinct) > 1:
        return StatusRead(cleaned, None, conflicting=distinct, near_misses=near)
    return StatusRead(cleaned, distinct[0], near_misses=near)


# An update that is only a status, as typed: "done", "Complete.", "on track!", "not started".
_ONLY_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,2}")


def read_update_status(text: str) -> StatusRead:
    """The status of an update's text (see :func:`read_status`); an update that is nothing
    but a status word ("2.3: done", "complete.", "On track") is that status, with no text:
    logged as the note "done", it left the action as it was, which nobody who typed it meant."""
    read = read_status(text)
    if read.status is not None or read.conflicting:
        return read
    words = read.text.rstrip(".!").strip()
    status = parse_status(words) if _ONLY_WORDS.fullmatch(words) else None
    if status is None:
        return read
    return StatusRead("", status, near_misses=read.near_misses)


def extract_status(text: str) -> tuple[str, str | None]:
    """(the text without its status words, the status or None); see ``read_status``."""
    read = read_status(text)
    return read.text, read.status


def status_tags_text() -> str:
    """The status hashtags there are, for messages: ``#on-track, #at-risk, ...``."""
    return ", ".join(f"#{w}" for w in known_words())


def _tag_statuses(tag: str) -> list[str]:
    """The statuses a hashtag gives: one ("#amber"; "#amber/green" and "#amber-green" read as
    a plan's RAG cell is), each of three or more ("#amber/green/red": the writer must choose),
    or none."""
    parts = [p.strip() for p in tag.split("/")]
    if len(parts) == 1 and parse_status(tag) is None:
        colours = re.split(r"[-_]", tag)
        if len(colours) == 2 and all(c.lower() in _RAG_COLOURS for c in colours):
            parts = colours
    if len(parts) == 1:
        status = parse_status(tag) if len(re.sub(r"[^A-Za-z]", "", tag)) >= 2 else None
        return [status] if status else []
    statuses = [st for st in map(parse_status, parts) if st]
    if len(statuses) < len(parts):
        return []
    if len(parts) == 2:  # the first colour, or "#achieved/ongoing": monitoring
        return [parse_status_cell("/".join(parts)) or statuses[0]]
    return list(dict.fromkeys(statuses))


# Status words that are everyday words too: tagged inside a sentence ("we #met the carers",
# "the #new team"), they are the sentence's words, not its status.
_EVERYDAY_TAGS = frozenset({"new", "open", "ongoing", "started", "met", "late", "behind", "risk"})
# What follows a tag that a sentence runs on after: a word later on the same line (Slack's
# emoji codes, ":tada:", are not words).
_RUNS_ON = re.compile(r"[^\n]*?[A-Za-z0-9]")
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")
_OPEN_EMOJI_AT_END = re.compile(r"(?:^|\s|:):[a-z0-9_+-]+$")


def _hashtag_statuses(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _HASHTAG_RE.finditer(text):
        tag, end = m.group(1), m.end()
        statuses = _tag_statuses(tag)
        if not statuses and "/" in tag:  # "#done/dusted": the status is "#done"
            tag = tag.split("/", 1)[0].rstrip()
            end = m.start(1) + len(tag)
            statuses = _tag_statuses(tag)
        if not statuses:
            continue
        rest = _EMOJI_CODE.sub("", text[end:].split("\n", 1)[0])
        if tag.lower() in _EVERYDAY_TAGS and _RUNS_ON.match(rest):
            continue
        found.extend((m.start(), end, status) for status in statuses)
    return found


def _phrase_statuses(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _PHRASE_RE.finditer(text):
        words = m.group("words").split()
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            letters = re.sub(r"[^A-Za-z]", "", candidate)
            if len(letters) < 2 and m.group("kw").lower() != "rag":
                continue
            status = parse_status(candidate)
            if status is None and m.group("kw").lower() == "rag":
                status = parse_rag_letter(candidate)
            if status is not None:
                end = m.start("words") + _span_of_words(m.group("words"), n)
                found.append((m.start(), end, status))
                break
    return found


def _is_near_status(tag: str) -> bool:
    """True when a hashtag is a close misspelling of a status word (``#compelte``)."""
    key = re.sub(r"[^a-z]", "", tag.lower())
    if len(key) < 4:
        return False
    return process.extractOne(key, status_words(), scorer=fuzz.ratio, score_cutoff=80) is not None


# Left where a status was taken out: "(#done)" -> "()", "#done!" -> " !", "#done#" -> "#".
_CUT = "\x00"
_RESIDUE = [
    (re.compile(r"[(\[{]\s*\x00\s*[)\]}]"), _CUT),
    # '"#done"' -> "": quotes round nothing but the status.
    (re.compile(r"[\"“'‘]\s*\x00\s*[\"”'’]"), _CUT),
    # "(see notes #met)" -> "(see notes)"; "(#on-track, see notes)" -> "(see notes)".
    (re.compile(r"[ \t]*\x00[ \t]*(?=[)\]}])"), ""),
    (re.compile(r"(?<=[(\[{])[ \t]*\x00[ \t]*[,;:]?[ \t]*"), ""),
    (re.compile(r"\x00#+(?![\w])"), _CUT),
    # "done, #met!" -> "done!": a comma or the like left before the end of a sentence.
    (re.compile(r"[ \t]*[,;:][ \t]*\x00[ \t]*(?=[.!?]|$)", re.M), ""),
    # "done #met." -> "done.", but "review #late :(" keeps its emoticon apart.
    (re.compile(r"[ \t]*\x00[ \t]*(?=[.,;:!?](?:\s|$|[.,;:!?]))", re.M), ""),
]


def _tidy(joined: str) -> str:
    """The text with its status words cut out (each cut marked NUL) and no residue left."""
    for pattern, repl in _RESIDUE:
        joined = pattern.sub(repl, joined)
    joined = re.sub(r"[ \t]*\x00[ \t]*", " ", joined)
    joined = re.sub(r"[ \t]{2,}", " ", joined).strip(_EDGE_PUNCT)
    tidied = joined.lstrip(".!?)]} \t").strip(_EDGE_PUNCT)
    # An emoji code at the end (":tada:") keeps the colon that closes it.
    return tidied + ":" if _OPEN_EMOJI_AT_END.search(tidied) else tidied


def _span_of_words(words: str, n: int) -> int:
    """The length of the first ``n`` whitespace-separated words of ``words``."""
    spans = list(re.finditer(r"\S+", words))
    return spans[n - 1].end()


def _match(text: str) -> tuple[re.Match[str], bool] | None:
    """The first shape the head of the message has, and whether it is an explicit one."""
    head = text[:_HEAD_CHARS]
    for form in _FORMS:
        m = form.match(head)
        if m is not None:
            return m, form is not _FORMS[-1]
    return None


# A list's bullet before a line's ref ("• 4.2: …", "- 4.2: …").
_BULLET = re.compile(r"^\s*(?:[•·◦▪*+-]|[0-9]+[.)])\s+(?=\S)")


# A plan's slug written before the ref, with a colon ("other-plan:4.2: done"): at least one
# letter, so that a time ("10:30: meeting") is not one.
_PLAN_WRITTEN = re.compile(r"^\s*(?P<plan>(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*):(?=\S)")


def _unbulleted(text: str) -> str:
    """``text`` without a list's bullet before an update's ref ("• 2.3: done"), where the ref
    has a dot or a committee's code: a bullet before a plain number ("* 2: a point") is a
    list in chat."""
    unbulleted = _BULLET.sub("", text, count=1)
    if unbulleted == text:
        return text
    found = _match(_PLAN_WRITTEN.sub("", unbulleted[:_HEAD_CHARS], count=1))
    if found is None or re.fullmatch(_PLAIN, found[0].group("ref")):
        return text
    return unbulleted


def split_plan_written(text: str) -> tuple[str | None, str]:
    """(the plan's slug written before the ref, the rest) of a message shaped like an update
    with its plan named ("other-plan:4.2: done"); (None, the text) for any other. A list's
    bullet before it ("• 2.3: done") is left out."""
    text = _unbulleted(text)
    m = _PLAN_WRITTEN.match(text[:_HEAD_CHARS])
    if m is None or _match(text[m.end() :]) is None:
        return None, text
    return m["plan"], text[m.end() :]


def looks_like_progress(text: str) -> bool:
    """Cheap check: does the message start like a progress update (ref first)?"""
    text = split_plan_written(text)[1]
    found = _match(text)
    if found is None:
        return False
    return bool(text[found[0].start("text") :].strip())


def looks_like_channel_update(text: str) -> bool:
    """Cheap check of a channel message: shaped like a progress update, or like an update to
    an action arising from minutes with its committee's name before the number ("CPAC 343/1:
    done"), which only the workspace's committees can tell from chat."""
    if looks_like_progress(text):
        return True
    found = _COMMITTEE_FORM.match(text[:_HEAD_CHARS])
    return found is not None and bool(text[found.start("text") :].strip())


def _minutes_shape(text: str) -> tuple[str, str, int] | None:
    """(the committee's words, the minute number, where the update's text starts) of a
    message starting with a minutes ref: "CPAC 343/1: …" or "CPAC343/1: …"; None for any
    other."""
    head = text[:_HEAD_CHARS]
    spaced = _COMMITTEE_FORM.match(head)
    if spaced is not None:
        return spaced["committee"], spaced["number"], spaced.start("text")
    found = _match(text)
    if found is None:
        return None
    coded = _CODED_MINUTES.fullmatch(found[0]["ref"])
    if coded is None:
        return None
    return coded["committee"], coded["number"], found[0].start("text")


def minutes_refs(h: HandlerContext, words: str, number: str) -> list[str]:
    """The refs an action arising from the minutes of the committee ``words`` names (its name
    or initials, any case) may have, the way they were written first: the minute number after
    the letters typed, after the committee's initials or short name, and alone ("CPAC343/1",
    "343/1"); none when no committee of the workspace answers to ``words``."""
    committees = committee_matches(h.repos.meetings.committees(), words)
    if not committees:
        return []
    names = [name for c in committees for name in (committee_initials(c), committee_short(c))]
    prefixes = [words, *names]
    refs = [
        normalise_ref(f"{p}{number}")
        for p in prefixes
        if p.isascii() and p.isalpha() and len(p) <= _MAX_PREFIX
    ]
    refs.append(normalise_ref(number))
    return list(dict.fromkeys(refs))


def _minutes_update(
    h: HandlerContext, text: str, plan: Plan
) -> tuple[ProgressUpdate, Action] | None:
    """The update a message starting with a minutes ref after its committee's name is, and
    the action of ``plan`` it is on (see ``minutes_refs``); None when the message has no
    such start, no committee answers to the name, or the plan has no such action: then it
    is chat ("CPAC 12/3: papers due")."""
    shape = _minutes_shape(text)
    if shape is None:
        return None
    words, number, start = shape
    for ref in minutes_refs(h, words, number):
        found = h.repos.actions.by_ref(ref, plan.id)
        if found:
            read = read_update_status(text[start:])
            if not read.text and read.status is None and not read.conflicting:
                return None
            update = ProgressUpdate(
                ref=found[0].ref,
                text=read.text,
                status=read.status,
                conflicting=read.conflicting,
                near_misses=read.near_misses,
            )
            return update, found[0]
    return None


def several_refs(text: str) -> list[str]:
    """The refs of a message shaped like one update for several actions ("1.1, 2.3: both
    progressing"); none for anything else."""
    found = _SEVERAL_REFS_RE.match(text[:_HEAD_CHARS])
    if found is None:
        return []
    return [
        normalise_ref(r) for r in re.split(r"\s*(?:,|&|/|\band\b)\s*", found["refs"], flags=re.I)
    ]


# The binding that marks an ``/actions update`` typed as ``4.3: …`` in a direct message (the
# update then keeps the message's id: see ``commands.handlers.actions_write``).
FROM_MESSAGE = "from_message"
# ... and, for one run by a click on a pick of its plan, the pick's generation (see
# ``commands.typed_message``): refused when the message was edited or deleted since.
PICK_GENERATION = "pick_generation"


def typed_update(text: str) -> tuple[str, str] | None:
    """(the ref, the text after it as typed, status words kept) of a message shaped like a
    progress update; None for anything else. A direct message to the bot of this shape is
    the ``/actions update <ref> <text>`` it stands for (its plan's slug before the ref when
    the message names it: ``other-plan:4.2``)."""
    plan, text = split_plan_written(text)
    found = _match(text)
    if found is None:
        return None
    m = found[0]
    ref, rest = normalise_ref(m.group("ref")), text[m.start("text") :].strip()
    if plan is not None and ref:
        ref = f"{plan}:{ref}"
    return (ref, rest) if ref and rest else None


def parse_progress(text: str) -> ProgressUpdate | None:
    """The update a channel message is, or None for ordinary chat."""
    plan, text = split_plan_written(text)
    found = _match(text)
    if found is None:
        return None
    m, explicit = found
    ref = normalise_ref(m.group("ref"))
    read = read_update_status(text[m.start("text") :])
    if not ref or (not read.text and read.status is None and not read.conflicting):
        return None
    return ProgressUpdate(
        ref=ref,
        text=read.text,
        status=read.status,
        explicit=explicit,
        conflicting=read.conflicting,
        near_misses=read.near_misses,
        plan=plan,
    )


def status_tags(statuses: Sequence[str]) -> str:
    """Statuses as the hashtags users type: ``#on-track or #off-track``."""
    return and_listed([f"#{s.replace('_', '-')}" for s in statuses], "or")


def refuse_conflicting_statuses(ref: str, conflicting: tuple[str, ...]) -> None:
    """Raise UserError asking which status was meant when a message gives several."""
    if len(conflicting) < 2:
        return
    tags = status_tags(conflicting)
    raise UserError(
        f"Which status did you mean for {ref}: {tags}? The message gives "
        f"{len(conflicting)} different ones. Nothing was logged: send it again with one."
    )


def near_miss_note(h: HandlerContext, update: Update, near_misses: tuple[str, ...]) -> str:
    """The confirmation's first line when a hashtag looked like a mistyped status, else ''."""
    if not near_misses:
        return ""
    action = h.repos.actions.by_id(update.action_id)
    where = f"Logged on {action.ref} ({action.plan.name})." if action is not None else "Logged."
    tags = ", ".join(f"“{t}”" for t in near_misses)
    is_not = "is not a status" if len(near_misses) == 1 else "are not statuses"
    return (
        f"{where} {tags} {is_not} I know, so it was kept as text and the status was "
        f"not changed. Statuses: {status_tags_text()}."
    )


# -- channel handlers (called by commands/core.py) -----------------------------------------


def message_source_key(h: HandlerContext) -> str | None:
    """``platform:channel:message`` for a chat message; None when it has no id (console)."""
    if h.msg.channel_id is None or h.msg.message_id is None:
        return None
    return f"{h.platform}:{h.msg.channel_id}:{h.msg.message_id}"


def handle_progress_message(h: HandlerContext, text: str) -> View | None:
    """Log a progress message in a plan's channel; None when it is not one."""
    parsed = parse_progress(text)
    if parsed is not None and parsed.plan is not None:
        # Another plan's action named with its plan, in a plan's channel (elsewhere, chat).
        if h.channel_plan() is None:
            return None
        plan, action = h.repos.plans.by_slug(parsed.plan), None
        if plan is None and "-" in parsed.plan:
            # A slug mistyped ("word:2.3: …" is more likely chat): said, not ignored.
            raise UserError(
                f"There is no plan “{parsed.plan}”: the words before the ref name a plan by "
                "its short name, as csbot writes it (`other-plan:4.2: …`). Nothing was logged."
            )
    elif parsed is not None:
        plan, action = h.channel_plan_and_action(normalise_ref(parsed.ref))
    elif _minutes_shape(text) is not None:
        plan, action = h.channel_plan(), None
    else:
        return None
    if plan is None:
        return None
    if action is None:
        minutes = _minutes_update(h, text, plan)
        if minutes is not None:
            parsed, action = minutes
    if parsed is None:
        return None
    if was_deleted(h):
        # Delivered after its deletion (Slack's retry of a message csbot had not answered in
        # time): answered without a word, so that Slack stops retrying.
        log.info("a %s message delivered after its deletion was not logged", h.platform)
        return None
    source_key = message_source_key(h)
    try:
        check_update_length(parsed.text)
        view = _log_unless_chat(h, plan, parsed, source_key, action)
    except UserError:
        # A message logged already is shown as logged, whatever has changed since.
        view = None
        if source_key is not None:
            view = _already_logged(h, source_key)
        if view is None:
            raise
    if view is None and source_key is not None:
        return _already_logged(h, source_key)
    return view


def _already_logged(h: HandlerContext, source_key: str) -> View | None:
    existing = h.repos.actions.update_by_source_key(source_key)
    return logged_view(h, existing) if existing is not None else None


def _log_unless_chat(
    h: HandlerContext,
    plan: Plan,
    parsed: ProgressUpdate,
    source_key: str | None,
    action: Action | None = None,
) -> View | None:
    """Log the update; a weak shape naming no ref of the plan is taken as chat (None).
    ``action``: the action the ref names, when already loaded."""
    try:
        return _log(h, plan, parsed, source_key, action)
    except NotFound:
        if parsed.explicit:
            raise
        return None  # "10.30 - see you there": a time, not a ref of this plan


def _log(
    h: HandlerContext,
    plan: Plan,
    parsed: ProgressUpdate,
    source_key: str | None,
    action: Action | None,
) -> View:
    if action is None:
        action = find_action(h, parsed.ref, plan=plan)
    refuse_updates_of_other_lines(h, plan, action, parsed.text)
    refuse_conflicting_statuses(action.ref, parsed.conflicting)
    require_can_change_action(h.me, action)
    if not parsed.text and parsed.status == action.status:
        return Notice(text=f"{action.ref} is already {label(action.status)}. Nothing was logged.")
    update = record_update(
        h,
        action,
        parsed.text,
        status=parsed.status,
        source="chat",
        source_key=source_key,
        channel_id=h.msg.channel_id,
        message_ts=h.msg.message_id,
        permalink=h.msg.permalink,
        # A key taken already is found by the insert (and handled by the callers).
        source_key_checked=True,
        # A message edited into an update: a later-delivered older edit must not change it.
        edited_ts=h.msg.edited_at,
    )
    return logged_view(h, update, message=near_miss_note(h, update, parsed.near_misses))


def refuse_updates_of_other_lines(h: HandlerContext, plan: Plan, action: Action, text: str) -> None:
    """Refuse an update whose later lines start with other actions' refs of the plan
    ("2.3: audit done⏎3.1: handbook published #on-track"): logged as one, all of it would go
    on the first action, a status meant for another with it."""
    others: list[str] = []
    for line in text.splitlines()[1:]:
        named, line = split_plan_written(line)
        found = _match(line.strip())
        if found is None or not found[1]:
            continue
        ref = normalise_ref(found[0].group("ref"))
        of = h.repos.plans.by_slug(named) if named is not None else plan
        if of is None or not ref or (of.id == plan.id and ref == action.ref):
            continue
        shown = ref if of.id == plan.id else f"{of.slug}:{ref}"
        if shown not in others and h.repos.actions.by_ref(ref, of.id):
            others.append(shown)
    if others:
        refs = [action.ref, *others]
        each = " and ".join(f"`{ref}: …`" for ref in refs[:5])
        raise UserError(
            f"This message holds updates for {', '.join(refs[:-1])} and {refs[-1]}: send "
            f"{each} as separate messages, and each is logged on its own action (one message "
            "is one update, which editing or deleting the message changes). Nothing was logged."
        )


def _live_updates(h: HandlerContext) -> list[Update]:
    """The message's live updates, their actions held until the work ends: an edit and a
    delete of one message (or two edits) arriving at once take turns, and the second reads
    them as the first left them (else both would work from the same updates: a deleted
    message's edit left live, or two edits each superseding the same update)."""
    if h.msg.channel_id is None or h.msg.message_id is None:
        return []
    channel, message = h.msg.channel_id, h.msg.message_id
    live = list(h.repos.actions.updates_for_message(channel, message))
    held: set[int] = set()
    while missing := {u.action_id for u in live} - held:
        h.repos.actions.lock_actions(missing)
        held |= missing
        # Again, now that no other request can change them: an edit may have moved the
        # message's update to another action meanwhile (held in turn).
        live = list(h.repos.actions.updates_for_message(channel, message, fresh=True))
    return live


def _older_than_an_edit_seen(h: HandlerContext) -> bool:
    """Whether this edit (its time, ``msg.edited_at``) is older than an edit of the same
    message that made or retracted one of its updates."""
    mine = h.msg.edited_at
    if mine is None or h.msg.channel_id is None or h.msg.message_id is None:
        return False
    seen = h.repos.actions.edit_times(h.msg.channel_id, h.msg.message_id)
    try:
        return any(Decimal(mine) < Decimal(other) for other in seen)
    except InvalidOperation:
        return False


def _read_update(
    h: HandlerContext, text: str, plan: Plan | None
) -> tuple[ProgressUpdate | None, Action | None]:
    """The update a message is (``parse_progress``), or one to an action arising from minutes
    written after its committee's name (``_minutes_update``), with its action of ``plan``
    when that was looked up."""
    parsed = parse_progress(text)
    if plan is None or _minutes_shape(text) is None:
        return parsed, None
    if parsed is not None and h.repos.actions.by_ref(normalise_ref(parsed.ref), plan.id):
        return parsed, None
    minutes = _minutes_update(h, text, plan)
    if minutes is None:
        return parsed, None
    return minutes


def handle_progress_edit(h: HandlerContext, new_text: str) -> View | None:
    """A chat message was edited: supersede its update, or retract it when the new text is no
    longer an update. A message edited *into* an update is logged. None when nothing applies,
    or when the edit is older than one that changed the message's update already (Slack can
    deliver an earlier edit again after a later one)."""
    live = _live_updates(h)
    if _older_than_an_edit_seen(h):
        return None
    if not live:
        if was_deleted(h):
            return None  # an edit Slack delivered after the message's deletion
        channel_plan = h.channel_plan()
        if channel_plan is None:
            return None
        parsed, action = _read_update(h, new_text, channel_plan)
        if parsed is None:
            return None
        check_update_length(parsed.text)
        source_key = message_source_key(h)
        if source_key is not None and h.repos.actions.update_by_source_key(source_key):
            source_key = None  # that key belongs to the message's retracted update
        return _log_unless_chat(h, channel_plan, parsed, source_key, action)
    old = live[-1]
    old_action = h.repos.actions.by_id(old.action_id)
    plan = h.channel_plan() or (old_action.plan if old_action is not None else None)
    parsed, action = _read_update(h, new_text, plan)
    if parsed is not None and parsed.plan is not None:
        plan = h.repos.plans.by_slug(parsed.plan) or plan
    if parsed is None:
        return _retract_all(
            h, live, "your edited message no longer reads as an update", because="edited"
        )
    check_update_length(parsed.text)
    if action is None:
        action = find_action(h, parsed.ref, plan=plan)
    if plan is not None:
        refuse_updates_of_other_lines(h, plan, action, parsed.text)
    refuse_conflicting_statuses(action.ref, parsed.conflicting)
    unchanged = (
        old.text == readable_mentions(h, clean_text(parsed.text))
        and old.status_after == parsed.status
    )
    if action.id == old.action_id and unchanged:
        return logged_view(h, old)  # the same edit delivered again
    require_can_change_action(h.me, action)
    if not can_take_back_update(h.me, old, old_action):
        ref = old_action.ref if old_action is not None else "its action"
        raise NotAllowed(
            f"The update logged from this message on {ref} was logged by {old.author_name}: "
            f"only they, the owners of {ref} or an administrator can change it. "
            "Nothing was changed."
        )
    was = {a.id: (a.ref, a.status) for a in (old_action, action) if a is not None}
    new = supersede_update(h, old, action, parsed.text, status=parsed.status)
    for extra in live[:-1]:
        if _may_take_back(h, extra):
            retract_update(h, extra, because="edited")
    # The status each action had before the edit, and has now: the new update's own "before"
    # is the status the old one's undoing left, so it alone would not show the change.
    moves = []
    for changed in (old_action, action):
        if changed is None or changed.id not in was:
            continue
        ref, status = was.pop(changed.id)
        # The reply's own status line (the new update's change) says where this action is.
        shown = changed is action and new.status_after not in (None, new.status_before)
        if changed.status != status and not shown:
            moves.append(f"{ref} {label(status)} → {label(changed.status)}")
    said = f" Status: {'; '.join(moves)}." if moves else ""
    return logged_view(h, new, message=f"Updated from your edited message: {action.ref}.{said}")


def handle_progress_delete(h: HandlerContext) -> View | None:
    """A chat message was deleted: retract its update. None when it had none, or none the
    caller may take back (see :func:`_retract_all`)."""
    live = _live_updates(h)
    if not live:
        # Not logged (yet): a direct message whose plan is still to be picked, or a message
        # whose delivery is still to come (Slack's retry).
        message_deleted(h)
        return None
    return _retract_all(h, live, "its message was deleted", because="deleted")


def _may_take_back(h: HandlerContext, update: Update) -> bool:
    return can_take_back_update(h.me, update, h.repos.actions.by_id(update.action_id))


def _retract_all(h: HandlerContext, live: list[Update], why: str, *, because: str) -> View | None:
    """Retract the updates the caller may take back (logged by them, or on an action they may
    change); the others stay, silently. None when none was retracted."""
    parts: list[str] = []
    for update in live:
        before = h.repos.actions.by_id(update.action_id)
        if not can_take_back_update(h.me, update, before):
            continue
        status_was = before.status if before is not None else None
        action = retract_update(h, update, because=because)
        if action is None:
            continue
        change = ""
        if status_was is not None and action.status != status_was:
            change = f" (status back to {label(action.status)})"
        parts.append(f"{action.ref}{change}")
    if not parts:
        return None
    return Notice(
        level="info",
        text=f"Retracted the update on {', '.join(parts)}: {why}. History keeps it, struck out.",
    )
