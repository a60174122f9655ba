"""/meeting item add, report in and report awaited: a meeting's agenda items and their reports."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from commands.dates import MONTHS, TIMESCALE_WORDS, impossible_day, parse_due
from commands.errors import NotFound, UserError
from commands.formatting import fmt_date, role_label
from commands.grammar import Bindings
from commands.handler_context import HandlerContext
from commands.handlers.actions_write import resolve_command_owners
from commands.handlers.meetings import agenda_view, meeting_here, slot_text
from commands.handlers.meetings_write import (
    natural_day_words,
    require_committee_change,
    require_report_change,
)
from commands.jobs.working_days import day_words, not_working_words, previous_working_day
from commands.meeting_lookup import (
    find_meeting,
    meeting_label,
    parse_meeting_name,
)
from commands.meeting_store import (
    add_agenda_item,
    title_key,
)
from commands.permissions import require_known
from commands.registry import REGISTRY
from commands.summary import is_held
from commands.views import View
from storage.models import AgendaItem, Meeting, Person


def _split_item(spec: str, h: HandlerContext) -> tuple[Meeting, str]:
    """(meeting, title): the meeting is named first, by date (or ``next Tuesday``) or id."""
    typed = spec.split()
    # A date as such wins, so that "next Monday" in a title stays in the title.
    for words in (typed, natural_day_words(typed, h.today)):
        for i in range(len(words)):
            name = parse_meeting_name(" ".join(words[: i + 1]))
            if (name.meeting_id is not None and i == 0) or name.on is not None:
                meeting = find_meeting(h.repos, " ".join(words[: i + 1]), h.now)
                return meeting, " ".join(words[i + 1 :])
    raise UserError(
        "Name the meeting before the title, like "
        "`/meeting item add CPAC next Tuesday Performance lead Margaret Gallagher`. "
        "Nothing was changed."
    )


@REGISTRY.command(
    "meeting",
    "item add <spec...> [lead <lead...>] [report due <due...>]",
    "Add an agenda item with its lead officers, report deadline and (last) `publication "
    "<date>`; for an item already on the agenda (same title), change only what you give.",
    writes=True,
    examples=(
        "/meeting item add CPAC next Tuesday Performance lead Margaret Gallagher "
        "report due tomorrow",
    ),
)
def meeting_item_add(h: HandlerContext, args: Bindings) -> View:
    """Add an agenda item, or change the leads or report deadline of the item with that title
    (what is not given is kept)."""
    require_committee_change(h, "add or change agenda items")
    meeting, title = _split_item(str(args["spec"]), h)
    due_text = slot_text(args, "due")
    lead_given = slot_text(args, "lead")
    # ``publication <date>`` ends whichever part comes last: the report date, the leads or
    # the title (there only when a date follows it, so "Publication scheme" stays a title).
    publication_text = None
    if due_text is not None:
        due_text, publication_text = _split_publication(due_text, h, always=True)
    elif lead_given is not None:
        # No one's name holds the word: whatever follows it is the date, read or refused.
        lead_given, publication_text = _split_publication(lead_given, h, always=True)
    else:
        title, publication_text = _split_publication(title, h)
    if (due_text is not None or lead_given is not None) and _split_publication(title, h)[1]:
        raise UserError(
            "`publication <date>` goes last, after the leads and the report date, like "
            f"`/meeting item add {meeting_label(meeting)} <title> lead <leads> report due "
            "<date> publication <date>`. Nothing was changed."
        )
    if not title:
        raise UserError("The agenda item needs a title after the meeting.")
    if due_text is None:
        _refuse_due_without_report(h, meeting, title, lead_given, publication_text)
    report_due = _item_date(h, meeting, due_text, "report due") if due_text else None
    if due_text is not None and report_due is None:
        raise UserError(
            "`report due` needs a date, like "
            f"`report due {fmt_date(meeting.meeting_date - timedelta(days=14))}`. "
            "Nothing was changed."
        )
    publication = (
        _item_date(h, meeting, publication_text, "publication") if publication_text else None
    )
    if publication_text is not None and publication is None:
        raise UserError(
            "`publication` needs a date, like "
            f"`publication {fmt_date(meeting.meeting_date - timedelta(days=7))}`. "
            "Nothing was changed."
        )
    note = report_due_note(meeting, report_due) if report_due is not None else ""
    label = meeting_label(meeting)
    existing = _item_titled(h, meeting, title)
    if publication is not None:
        known_due = existing.report_due if existing is not None else None
        _check_publication(meeting, publication, report_due or known_due)
    elif report_due is not None and existing is not None and existing.publication_date:
        # A new report deadline must still come before the papers' publication.
        _check_publication(meeting, existing.publication_date, report_due)
    if existing is None and lead_given is None:
        raise UserError(
            f"{label} has no agenda item “{' '.join(title.split())}”, and a new one needs its "
            f"leads: `/meeting item add {label} {' '.join(title.split())} lead <leads>`. "
            f"Items: {_item_titles(h, meeting)}. Nothing was changed."
        )
    if existing is not None and lead_given is None:
        return _change_item_deadline(h, meeting, existing, report_due, note, publication)
    before = _lead_pairs(existing) if existing is not None else []
    old_due = existing.report_due if existing is not None else None
    old_publication = existing.publication_date if existing is not None else None
    # As for actions: unknown leads are refused, never created from a typo.
    owners, added = resolve_command_owners(h, str(lead_given))
    lead_text = ", ".join(o.name if isinstance(o, Person) else o.key for o in owners)
    item, created = add_agenda_item(
        h.repos, meeting, title, lead_text, report_due, publication, owners=owners
    )
    if created:
        message = " ".join([f"Added item {item.position} of {label}.", *added])
        return agenda_view(h, meeting, f"{message} {note}".strip())
    after = _lead_pairs(item)
    changes = [
        *_lead_change_words(before, after),
        *_deadline_words(old_due, item.report_due),
        *_publication_words(old_publication, item.publication_date),
    ]
    if not changes:
        return agenda_view(
            h,
            meeting,
            f"Item {item.position} ({item.title}) of {label} already has these leads "
            f"({_names(after)}) and report deadline ({_due_or_none(item.report_due)}). "
            "Nothing was changed.",
        )
    message = " ".join([f"Updated item {item.position} of {label}.", *changes, *added])
    return agenda_view(h, meeting, f"{message} {note}".strip())


_DUE_WORDS = ("due", "deadline")


def _bare_due(text: str, h: HandlerContext) -> tuple[str, str] | None:
    """(words before, ``due <date>``) when ``text`` ends so (or ``deadline <date>``)."""
    words = text.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i].lower().rstrip(":") not in _DUE_WORDS:
            continue
        rest = " ".join(words[i + 1 :])
        if (parse_due(rest, h.today, h.tz) or impossible_day(rest)) and not _extra_words(rest):
            return " ".join(words[:i]), f"{words[i]} {rest}"
    return None


def _refuse_due_without_report(
    h: HandlerContext,
    meeting: Meeting,
    title: str,
    lead_given: str | None,
    publication_text: str | None,
) -> None:
    """Refuse ``due <date>`` written without ``report`` at the end of the leads (where it read
    as people's names, and was refused naming "2" of ``1/2/2027``) or of a title no item has
    (where it would have become part of a new item's title), offering the command meant."""
    label = meeting_label(meeting)
    publication = f" publication {publication_text}" if publication_text else ""
    if lead_given is not None:
        found = _bare_due(lead_given, h)
        if found is None:
            return
        leads, typed = found
        where = "the leads"
        meant = f"{title} lead {leads or '<leads>'} report due {typed.split(None, 1)[1]}"
    else:
        found = _bare_due(title, h)
        if found is None or _item_titled(h, meeting, title) is not None:
            return
        title, typed = found
        where = "the title"
        on = typed.split(None, 1)[1]
        existing = _item_titled(h, meeting, title)
        meant = f"{title} report due {on}" if existing else f"{title} lead <leads> report due {on}"
    raise UserError(
        f"“{typed}” after {where} is not read as the report deadline: write `report due`, "
        f"like `/meeting item add {label} {meant}{publication}`. Nothing was changed."
    )


_PUBLICATION_WORDS = ("publication", "published", "publish")
# Words a report or publication date may hold ("next Friday", "end of March", "5th Jan 2027");
# any other word after the date is refused, never dropped.
_DATE_WORD_TEXT = "mon tue tues wed thu thur thurs fri sat sun on day days"
_DATE_WORDS = set(MONTHS) | TIMESCALE_WORDS | set(_DATE_WORD_TEXT.split())
_DATE_TOKEN = re.compile(r"^\d{1,4}(?:st|nd|rd|th)?[,.]?$|^\d{1,4}(?:[/.-]\w{1,9}){1,2}$", re.I)


def _split_publication(
    text: str, h: HandlerContext, *, always: bool = False
) -> tuple[str, str | None]:
    """(text before, the publication date's words) when ``text`` ends ``publication <date>``;
    with ``always`` (the report date, which holds no such word) at the first such word."""
    words = text.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower().rstrip(":") not in _PUBLICATION_WORDS:
            continue
        rest = " ".join(words[i + 1 :])
        dated = rest and (parse_due(rest, h.today, h.tz) or impossible_day(rest))
        if always or (dated and not _extra_words(rest)):
            return " ".join(words[:i]), rest
    return text, None


def _extra_words(text: str) -> str:
    """The words of a date from the first one that no date holds (``17/12/2026 please``:
    ``please``); "" when there are none."""
    words = text.split()
    for i, word in enumerate(words):
        if word.lower().strip(",.") not in _DATE_WORDS and not _DATE_TOKEN.match(word):
            return " ".join(words[i:])
    return ""


def _item_date(h: HandlerContext, meeting: Meeting, text: str, what: str) -> date:
    """The date ``report due …`` or ``publication …`` gives; refused, saying why, when it is no
    day (``31/09/2026``: September has 30 days), unreadable or followed by other words."""
    example = fmt_date(meeting.meeting_date - timedelta(days=14))
    impossible = impossible_day(text)
    if impossible is not None:
        raise UserError(
            f"“{text}” is not a day: {impossible}. Give the {what} date like `{example}`. "
            "Nothing was changed."
        )
    extra = _extra_words(text)
    date_part = text[: len(text) - len(extra)].strip()
    on = parse_due(text, h.today, h.tz)
    if on is None and extra and date_part:
        # "20/12 lead Fiona Smith": a date, then words no date holds (said below)
        on = parse_due(date_part, h.today, h.tz)
    if on is None:
        raise UserError(
            f"I couldn't read “{text}” as a date ({what}). Try `{example}` or `next Friday`. "
            "Nothing was changed."
        )
    if extra:
        raise UserError(
            f"I didn't understand “{extra}” after the {what} date “{date_part}”"
            f"{_after_date_hint(extra, what)}. Nothing was changed."
        )
    return on


def _after_date_hint(extra: str, what: str) -> str:
    """What may follow the ``what`` date, for words typed after it: the leads go before the
    report date, ``publication <date>`` after it."""
    if extra.split()[0].lower() == "lead":
        return ": `lead <leads>` goes before `report due <date>`"
    return "" if what == "publication" else " (`publication <date>` comes after it)"


def _check_publication(meeting: Meeting, publication: date, report_due: date | None) -> None:
    """Papers are published on or before the meeting, and after the report is due."""
    label = meeting_label(meeting)
    if publication > meeting.meeting_date:
        raise UserError(
            f"The publication date {fmt_date(publication)} is after the meeting {label} "
            f"({day_words(meeting.meeting_date, year=True)}): give a date on or before it. "
            "Nothing was changed."
        )
    if report_due is not None and report_due > publication:
        raise UserError(
            f"The publication date {fmt_date(publication)} is before the report deadline "
            f"{fmt_date(report_due)}: a report is published after it is in. Nothing was changed."
        )


def _publication_words(old: date | None, new: date | None) -> list[str]:
    if old == new or new is None:
        return []
    if old is None:
        return [f"Publication date set to {fmt_date(new)} (it had none)."]
    return [f"Publication date moved from {fmt_date(old)} to {fmt_date(new)}."]


def _item_titled(h: HandlerContext, meeting: Meeting, title: str) -> AgendaItem | None:
    """The meeting's agenda item with this title (as ``add_agenda_item`` matches titles)."""
    key = title_key(" ".join(title.split()))
    return next((i for i in h.repos.meetings.agenda(meeting.id) if i.title_key == key), None)


def _item_titles(h: HandlerContext, meeting: Meeting) -> str:
    items = list(h.repos.meetings.agenda(meeting.id))
    return "; ".join(f"{i.position}. {i.title}" for i in items) or "none yet"


def _lead_pairs(item: AgendaItem) -> list[tuple[tuple[int | None, int | None], str]]:
    """((person id, role id), shown name) of each lead of ``item``, in order."""
    pairs = []
    for owner in item.owners:
        if owner.person is not None:
            name = owner.person.name
        elif owner.role is not None:
            name = role_label(owner.role.key, owner.role.title)
        else:
            continue
        pairs.append(((owner.person_id, owner.role_id), name))
    return pairs


def _names(pairs: list[tuple[tuple[int | None, int | None], str]]) -> str:
    return ", ".join(name for _, name in pairs) or "none"


def _due_or_none(due: date | None) -> str:
    return f"due {fmt_date(due)}" if due is not None else "none"


def _lead_change_words(
    before: list[tuple[tuple[int | None, int | None], str]],
    after: list[tuple[tuple[int | None, int | None], str]],
) -> list[str]:
    """``Leads: removed Dominic Porter-Moore; added Fiona Smith.`` (nothing when the same)."""
    old_keys, new_keys = {k for k, _ in before}, {k for k, _ in after}
    removed = [name for k, name in before if k not in new_keys]
    gained = [name for k, name in after if k not in old_keys]
    if not removed and not gained:
        return []
    parts = []
    if removed:
        parts.append(f"removed {', '.join(removed)}")
    if gained:
        parts.append(f"added {', '.join(gained)}")
    return [f"Leads: {'; '.join(parts)} (now {_names(after)})."]


def _deadline_words(old: date | None, new: date | None) -> list[str]:
    if old == new:
        return []
    if old is None:
        return [f"Report deadline set to {fmt_date(new)} (it had none)."] if new else []
    return [f"Report deadline moved from {fmt_date(old)} to {fmt_date(new)}."] if new else []


def _change_item_deadline(
    h: HandlerContext,
    meeting: Meeting,
    item: AgendaItem,
    report_due: date | None,
    note: str,
    publication: date | None = None,
) -> View:
    """``item add`` naming an existing item without leads: only its report deadline (and
    publication date) changes; its leads are kept."""
    label = meeting_label(meeting)
    leads = _names(_lead_pairs(item))
    published = _publication_words(item.publication_date, publication)
    if published:
        item.publication_date = publication
        h.repos.meetings.flush()
    if (report_due is None or report_due == item.report_due) and published:
        message = f"Item {item.position} ({item.title}) of {label}: {' '.join(published)}"
        return agenda_view(h, meeting, f"{message} Leads unchanged: {leads}. {note}".strip())
    if report_due is None or report_due == item.report_due:
        state = (
            f"its report is already due {fmt_date(item.report_due)}"
            if item.report_due is not None
            else "no report deadline was given"
        )
        return agenda_view(
            h,
            meeting,
            f"Item {item.position} ({item.title}) of {label}: {state}; leads unchanged: "
            f"{leads}. Nothing was changed.",
        )
    old = item.report_due
    item.report_due = report_due
    h.repos.meetings.flush()
    moved = (
        f"moved from {fmt_date(old)} to {fmt_date(report_due)}"
        if old is not None
        else f"set to {fmt_date(report_due)} (it had none)"
    )
    message = " ".join(
        [
            f"Report deadline of item {item.position} ({item.title}) of {label} {moved}; "
            f"leads unchanged: {leads}.",
            *published,
        ]
    )
    return agenda_view(h, meeting, f"{message} {note}".strip())


def report_due_note(meeting: Meeting, report_due: date) -> str:
    """What to say about a report deadline; raises UserError when it is after the meeting."""
    if report_due > meeting.meeting_date:
        raise UserError(
            f"The report deadline {fmt_date(report_due)} is after the meeting "
            f"{meeting_label(meeting)} ({day_words(meeting.meeting_date, year=True)}): give a "
            "date on or before it. Nothing was changed."
        )
    why = not_working_words(report_due)
    if why is None:
        return ""
    before = day_words(previous_working_day(report_due), year=True)
    return (
        f"The report deadline {day_words(report_due, year=True)} is {why}: leads will be asked "
        f"to send it by {before}, the working day before."
    )


def _agenda_item(h: HandlerContext, meeting: Meeting, number: str) -> AgendaItem:
    items = list(h.repos.meetings.agenda(meeting.id))
    wanted = number.strip().rstrip(".")
    for item in items:
        if str(item.position) == wanted:
            return item
    numbers = ", ".join(str(i.position) for i in items) or "none yet"
    raise NotFound(f"{meeting_label(meeting)} has no agenda item {wanted}. Items: {numbers}.")


def _item_number(h: HandlerContext, args: Bindings, verb: str) -> str:
    """The item number ``report in``/``report awaited`` was given; refused, with the usage,
    when the words there are not a number (``report in CPAC 2027-01-05 Performance``)."""
    usage = f"/meeting report {verb} <number> [<meeting...>]"
    if slot_text(args, "number") is None:
        raise UserError(
            f"`report {verb}` needs the agenda item's number: `{usage}`, like "
            f"`/meeting report {verb} 1 CPAC`. Numbers are shown by `/meeting agenda <meeting>`. "
            "Nothing was changed."
        )
    number = str(args["number"]).strip().rstrip(".")
    if number.isdigit():
        return number
    typed = " ".join([str(args["number"]), slot_text(args, "meeting") or ""])
    meeting, item = _item_named(h, typed)
    if item is not None and meeting is not None:
        label = meeting_label(meeting)
        example = (
            f"“{item.title}” is item {item.position} of {label}: "
            f"`/meeting report {verb} {item.position} {label}`."
        )
    elif meeting is not None:
        example = f"Items of {meeting_label(meeting)}: {_item_titles(h, meeting)}."
    else:
        example = "Numbers are shown by `/meeting agenda <meeting>`."
    raise UserError(
        f"`report {verb}` needs the agenda item's number before the meeting: `{usage}`. "
        f"{example} Nothing was changed."
    )


def _item_named(h: HandlerContext, typed: str) -> tuple[Meeting | None, AgendaItem | None]:
    """The meeting named at the start of ``typed`` (``CPAC 2027-01-05 Performance``) and the
    one agenda item of it whose title the rest is, or starts."""
    words = typed.split()
    for i in range(len(words)):
        head = " ".join(words[: i + 1])
        try:
            if parse_meeting_name(head).on is None:
                continue
            meeting = find_meeting(h.repos, head, h.now)
        except UserError:
            continue
        key = title_key(" ".join(words[i + 1 :]))
        items = h.repos.meetings.agenda(meeting.id)
        exact = [it for it in items if key and it.title_key == key]
        starts = [it for it in items if key and it.title_key.startswith(key)]
        found = exact or starts
        return meeting, found[0] if len(found) == 1 else None
    return None, None


@REGISTRY.command(
    "meeting",
    "report in [<number>] [<meeting...>]",
    "Mark an agenda item's report as received.",
    writes=True,
    examples=("/meeting report in 1 CPAC",),
)
def meeting_report_in(h: HandlerContext, args: Bindings) -> View:
    """Record that an item's report has arrived (its lead is no longer reminded); with no
    meeting named, of the next meeting as :func:`meeting_here` finds it."""
    require_known(h.me)
    number = _item_number(h, args, "in")
    meeting = meeting_here(h, slot_text(args, "meeting"))
    item = _agenda_item(h, meeting, number)
    require_report_change(h, item)
    what = f"Report for item {item.position} ({item.title})"
    if item.report_received_at is not None:
        since = item.report_received_at.astimezone(ZoneInfo(h.tz)).date()
        return agenda_view(
            h, meeting, f"{what} was already in (since {fmt_date(since)}). Nothing was changed."
        )
    item.report_received_at = h.now
    return agenda_view(h, meeting, f"{what} is in.")


@REGISTRY.command(
    "meeting",
    "report awaited [<number>] [<meeting...>]",
    "Mark an agenda item's report as not received yet.",
    writes=True,
)
def meeting_report_awaited(h: HandlerContext, args: Bindings) -> View:
    """Undo ``report in``."""
    require_known(h.me)
    number = _item_number(h, args, "awaited")
    meeting = meeting_here(h, slot_text(args, "meeting"))
    item = _agenda_item(h, meeting, number)
    require_report_change(h, item)
    what = f"Report for item {item.position} ({item.title})"
    if item.report_received_at is None:
        return agenda_view(h, meeting, f"{what} was not marked in. Nothing was changed.")
    item.report_received_at = None
    # A meeting held awaits no report: its agenda now shows it as not received.
    now = "marked not received" if is_held(meeting, h.now) else "awaited"
    return agenda_view(h, meeting, f"{what} is {now}.")
