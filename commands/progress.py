"""Progress updates typed in a plan's channel: ``2.3: KASS team recruited #on-track``.

Accepted shapes (the ref comes first, so ordinary chat is left alone):
- ``2.3: text``, ``10: text``, ``CPAC343/1: text`` (a colon right after the ref, not a time
  such as ``10:30``);
- ``[4.2] text``;
- ``2.3 – text`` (the dash form only for dotted refs, so ``10 - 12 people`` is chat);
- ``update 2.3: text``, ``Update 10 - text`` (also ``progress``/``action`` instead of update).

The status comes from a hashtag anywhere (``#on-track``, ``#done``, ``#amber``) or from the
words ``RAG amber`` / ``status: at risk``; those are taken out of the text that is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commands.action_updates import (
    check_update_length,
    clean_text,
    logged_view,
    record_update,
    retract_update,
    supersede_update,
)
from commands.errors import NotFound, UserError
from commands.handler_context import HandlerContext
from commands.lookup import find_action
from commands.permissions import require_can_change_action
from commands.refs import normalise_ref
from commands.status import label, parse_rag_letter, parse_status
from commands.views import Notice, View
from storage.models import Action, Plan, Update

_ANY_REF = r"[A-Za-z]{0,8}[0-9]+(?:[./][0-9]+)*[A-Za-z]?"
_DOTTED = r"[0-9]+(?:\.[0-9]+)+[A-Za-z]?"
_CODED = r"[A-Za-z]{1,8}[0-9]+(?:[./][0-9]+)+"
_PLAIN = r"[0-9]+[A-Za-z]?"
_DASH = r"[-–—]"
# A colon that is not the middle of a time ("10:30").
_COLON = r"\s*:(?![0-9])"

_FORMS = [
    re.compile(rf"^\s*\[\s*(?P<ref>{_ANY_REF})\s*\]\.?\s*(?:[:]|{_DASH})?\s*(?P<text>.*)$", re.S),
    re.compile(
        rf"^\s*(?:update|progress|action)\s+(?:on\s+|for\s+)?\[?(?P<ref>{_ANY_REF})\]?"
        rf"(?:{_COLON}|\s*{_DASH}\s)\s*(?P<text>.*)$",
        re.S | re.I,
    ),
    re.compile(rf"^\s*(?P<ref>{_DOTTED}|{_CODED}|{_PLAIN}){_COLON}\s*(?P<text>.*)$", re.S),
    re.compile(rf"^\s*(?P<ref>{_DOTTED}|{_CODED})\s+{_DASH}\s+(?P<text>.*)$", re.S),
]
# The head of a message is enough to tell an update from chat; the body may be long.
_HEAD_CHARS = 120

_HASHTAG_RE = re.compile(r"(?<![\w&#/])#([A-Za-z][A-Za-z_-]*)")
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


def extract_status(text: str) -> tuple[str, str | None]:
    """Take the status out of free text: (the text without it, the status or None).

    ``#on-track``/``#done``/``#amber`` anywhere, or ``RAG amber``/``status: at risk``. When
    several are given the last one wins. Unknown hashtags are left in the text.
    """
    found: list[tuple[int, int, str]] = []
    for m in _HASHTAG_RE.finditer(text):
        tag = m.group(1)
        status = parse_status(tag) if len(re.sub(r"[^A-Za-z]", "", tag)) >= 2 else None
        if status is not None:
            found.append((m.start(), m.end(), status))
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
    if not found:
        return text.strip(), None
    found.sort()
    status = found[-1][2]
    kept: list[str] = []
    pos = 0
    for start, end, _ in found:
        if start >= pos:
            kept.append(text[pos:start])
            pos = end
    kept.append(text[pos:])
    cleaned = re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip(_EDGE_PUNCT)
    return cleaned, status


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


def looks_like_progress(text: str) -> bool:
    """Cheap check: does the message start like a progress update (ref first)?"""
    found = _match(text)
    if found is None:
        return False
    return bool(text[found[0].start("text") :].strip())


def parse_progress(text: str) -> ProgressUpdate | None:
    """The update a channel message is, or None for ordinary chat."""
    found = _match(text)
    if found is None:
        return None
    m, explicit = found
    ref = normalise_ref(m.group("ref"))
    body, status = extract_status(text[m.start("text") :])
    if not ref or (not body and status is None):
        return None
    return ProgressUpdate(ref=ref, text=body, status=status, explicit=explicit)


# -- channel handlers (called by commands/core.py) -----------------------------------------


def message_source_key(h: HandlerContext) -> str | None:
    """``platform:channel:message`` for a chat message; None when it has no id (console)."""
    if h.msg.channel_id is None or h.msg.message_id is None:
        return None
    return f"{h.platform}:{h.msg.channel_id}:{h.msg.message_id}"


def handle_progress_message(h: HandlerContext, text: str) -> View | None:
    """Log a progress message in a plan's channel; None when it is not one."""
    parsed = parse_progress(text)
    if parsed is None:
        return None
    plan, action = h.channel_plan_and_action(normalise_ref(parsed.ref))
    if plan is None:
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
    )
    return logged_view(h, update)


def _live_updates(h: HandlerContext) -> list[Update]:
    if h.msg.channel_id is None or h.msg.message_id is None:
        return []
    return list(h.repos.actions.updates_for_message(h.msg.channel_id, h.msg.message_id))


def handle_progress_edit(h: HandlerContext, new_text: str) -> View | None:
    """A chat message was edited: supersede its update, or retract it when the new text is no
    longer an update. A message edited *into* an update is logged. None when nothing applies."""
    live = _live_updates(h)
    if not live:
        channel_plan = h.channel_plan()
        parsed = parse_progress(new_text) if channel_plan is not None else None
        if channel_plan is None or parsed is None:
            return None
        check_update_length(parsed.text)
        source_key = message_source_key(h)
        if source_key is not None and h.repos.actions.update_by_source_key(source_key):
            source_key = None  # that key belongs to the message's retracted update
        return _log_unless_chat(h, channel_plan, parsed, source_key)
    old = live[-1]
    parsed = parse_progress(new_text)
    if parsed is None:
        return _retract_all(h, live, "your edited message no longer reads as an update")
    check_update_length(parsed.text)
    old_action = h.repos.actions.by_id(old.action_id)
    plan = h.channel_plan() or (old_action.plan if old_action is not None else None)
    action = find_action(h, parsed.ref, plan=plan)
    unchanged = old.text == clean_text(parsed.text) and old.status_after == parsed.status
    if action.id == old.action_id and unchanged:
        return logged_view(h, old)  # the same edit delivered again
    require_can_change_action(h.me, action)
    new = supersede_update(h, old, action, parsed.text, status=parsed.status)
    for extra in live[:-1]:
        retract_update(h, extra)
    return logged_view(h, new, message=f"Updated from your edited message: {action.ref}.")


def handle_progress_delete(h: HandlerContext) -> View | None:
    """A chat message was deleted: retract its update. None when it had none."""
    live = _live_updates(h)
    if not live:
        return None
    return _retract_all(h, live, "its message was deleted")


def _retract_all(h: HandlerContext, live: list[Update], why: str) -> View:
    parts: list[str] = []
    for update in live:
        before = h.repos.actions.by_id(update.action_id)
        status_was = before.status if before is not None else None
        action = retract_update(h, update)
        if action is None:
            continue
        change = ""
        if status_was is not None and action.status != status_was:
            change = f" (status back to {label(action.status)})"
        parts.append(f"{action.ref}{change}")
    return Notice(
        level="info",
        text=f"Retracted the update on {', '.join(parts)}: {why}. History keeps it, struck out.",
    )
