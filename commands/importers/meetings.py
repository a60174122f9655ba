"""Import an agenda-planning table: one row per agenda item (seed 004's planning table).

Columns: committee, date, time, item, lead, report_due, publication_date, channel (or what
councils write: "Corporate Parenting meeting Date", "Agenda Items", "Lead Officer", "Draft
reports due", "Publication"). A blank committee, date or time repeats the row above, as merged
cells do. A report-due cell may hold the whole sentence councils write ("Draft Reports will be
due with Jon Abbey on 19th June and due for publication on 26th June"); dates without a year
are the ones before the meeting. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from commands.dates import MONTHS, parse_due
from commands.errors import UserError
from commands.importers.headers import MEETING_SYNONYMS, expected_columns, find_header
from commands.importers.plan_rows import clean_cell
from commands.importers.report import ImportFailed, ImportReport
from commands.importers.table import Row, Table
from commands.meeting_lookup import committee_initials, committee_key, initials_of
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    parse_channel,
    parse_time,
    starts_at,
    title_key,
)
from storage.models import Committee, Meeting
from storage.unit_of_work import UnitOfWork

REQUIRED = ("committee", "date", "item")
# A blank cell repeats the row above: the committee and date always, the rest only on rows that
# continue the same meeting (committee and date both blank, as merged cells leave them).
_CARRIED = ("committee", "date")
_CARRIED_IN_MEETING = ("time", "report_due", "publication_date", "channel")

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?(?:\s+(\d{4}))?\b"
)
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
_MAX_CHANNEL = 128
_MAX_COMMITTEE = 300


@dataclass(frozen=True)
class _Columns:
    """Where each field is, and the header text to name in errors."""

    index: dict[str, int]
    names: dict[str, str]

    def name(self, key: str) -> str:
        return self.names.get(key) or key.replace("_", " ")


def _find_columns(table: Table) -> tuple[Row, _Columns]:
    match = find_header(table.rows[:30], MEETING_SYNONYMS, min_fields=3)
    if match is None or match.strength < 3:
        raise ImportFailed(
            "no header row found: expected columns "
            + expected_columns(MEETING_SYNONYMS, tuple(MEETING_SYNONYMS))
            + " (committee, date and item are needed)"
        )
    missing = [c for c in REQUIRED if c not in match.fields]
    if missing:
        raise ImportFailed(
            f"the header has no {' or '.join(m.replace('_', ' ') for m in missing)} column",
            row=match.row.number,
        )
    names = {k: match.row.cells[i] for k, i in match.fields.items()}
    return match.row, _Columns(dict(match.fields), names)


def _date_in(text: str, before: date | None) -> date | None:
    """The first date ``text`` names. Without a year it is the latest such day on or before
    ``before`` (report deadlines come before their meeting); None when there is none."""
    for m in _ISO.finditer(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    for m in _NUMERIC.finditer(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _safe(year, int(m[2]), int(m[1]))
    for m in _DAY_MONTH.finditer(text):
        month = MONTHS.get(m[2].lower())
        if month is None:
            continue
        day = int(m[1])
        if m[3]:
            return _safe(int(m[3]), month, day)
        if before is None:
            return None
        found = _safe(before.year, month, day)
        if found is not None and found > before:
            found = _safe(before.year - 1, month, day)
        return found
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A day of the month standing on its own: not part of a year, a "2026/27" or "Mar-26".
_DAY_NUMBER = re.compile(r"(?<![\d/-])\b\d{1,2}(?:st|nd|rd|th)?\b(?![/\d])", re.I)


def parse_meeting_date(text: str) -> date | None:
    """A meeting date: 2016-01-05, 05/01/2016, "5 Jan 2016", "6 th July 2015".

    A meeting is held on a day: a month ("March 2027"), a quarter or an impossible date
    ("2027-13-01") is not a meeting date.
    """
    found = _date_in(text, None)
    if found is None and re.search(r"\b(19|20)\d{2}\b", text) and _DAY_NUMBER.search(text):
        found = parse_due(text, date(2000, 1, 1))
    return found


def deadlines(text: str, meeting_day: date) -> tuple[date | None, date | None]:
    """(report due, publication) from a deadline cell; either may be None.

    "Draft Reports will be due with Jon Abbey on 19th June and due for publication on 26th June"
    gives both; "18 March 2016" gives the report deadline only.
    """
    low = text.lower()
    cut = low.find("publication")
    if cut < 0:
        return _date_in(text, meeting_day), None
    return _date_in(text[:cut], meeting_day), _date_in(text[cut:], meeting_day)


class _MeetingsWriter:
    """Writes agenda rows into the unit of work, counting what changed."""

    def __init__(self, uow: UnitOfWork, tz: str) -> None:
        self.uow = uow
        self.repos = uow.repos
        self.tz = tz
        self.report = ImportReport(kind="meetings")
        self.committees: dict[str, Committee] = {}
        self.order: dict[int, list[int]] = {}
        self.meetings: dict[int, Meeting] = {}

    def committee(self, name: str) -> tuple[Committee, bool]:
        key = committee_key(name)
        if key in self.committees:
            return self.committees[key], False
        bare = key.replace(" ", "")
        initials = initials_of(name).lower() if len(name.split()) > 1 else ""
        for c in self.repos.meetings.committees():
            # "CPAC" in one file and "Corporate Parenting Advisory Committee" in another.
            if c.name_key in (key, initials) or committee_initials(c).lower() == bare:
                self.committees[key] = c
                return c, False
        committee, created = get_or_create_committee(self.repos, name)
        self.committees[key] = committee
        return committee, created

    def existing_meeting(self, committee: Committee, on: date) -> Meeting | None:
        """The committee's meeting on ``on`` already stored, if any."""
        return next(
            (m for m in self.repos.meetings.meetings_of(committee.id) if m.meeting_date == on),
            None,
        )

    def meeting(self, committee: Committee, on: date, at: time | None) -> tuple[Meeting, bool]:
        existing = self.existing_meeting(committee, on)
        if existing is not None and at is None:
            return existing, False  # no time in the file: keep the one the meeting has
        meeting, created = get_or_create_meeting(
            self.repos, committee, on, starts_at(on, at, self.tz)
        )
        if created:
            from commands.importers.minutes import fill_arising_due_dates

            fill_arising_due_dates(self.repos, meeting)
        return meeting, created

    def positions(self) -> None:
        """Agenda items in file order, then any others the meeting has (added in chat)."""
        for meeting_id, ids in self.order.items():
            items = list(self.repos.meetings.agenda(meeting_id))
            ranked = sorted(
                items, key=lambda i: (ids.index(i.id) if i.id in ids else len(ids), i.position)
            )
            for position, item in enumerate(ranked, start=1):
                if item.position != position:
                    item.position = position
        self.uow.session.flush()


def _channel(text: str, row: int, column: str) -> str | None:
    if not text:
        return None
    channel = parse_channel(text)
    if channel is None and _CHANNEL_NAME.match(text.lower()):
        channel = text.lower()
    if channel is None or len(channel) > _MAX_CHANNEL:
        raise ImportFailed(
            f"“{text[:40]}” is not a channel (write e.g. #cpac)", row=row, column=column
        )
    return channel


def import_meetings(uow: UnitOfWork, table: Table, *, tz: str) -> ImportReport:
    """Create or update committees, meetings and agenda items; idempotent."""
    header, cols = _find_columns(table)
    writer = _MeetingsWriter(uow, tz)
    carry: dict[str, str] = {}  # what a blank cell repeats from the row above (merged cells)
    seen: set[tuple[int, str]] = set()
    for raw in table.rows:
        if raw.number <= header.number:
            continue
        row = Row(raw.number, tuple(clean_cell(c) for c in raw.cells))

        def cell(name: str, row: Row = row) -> str:
            return row.cell(cols.index[name]) if name in cols.index else ""

        values = {name: cell(name) for name in cols.index}
        if not values.get("item"):
            if any(values.get(k) for k in ("lead", "report_due", "publication_date")):
                raise ImportFailed(
                    "the agenda item is missing", row=row.number, column=cols.name("item")
                )
            continue  # a blank or note row between meetings
        same_meeting = not (values.get("committee") or values.get("date"))
        for name in (*_CARRIED, *_CARRIED_IN_MEETING):
            if name not in cols.index:
                continue
            if values[name]:
                carry[name] = values[name]
            elif name in _CARRIED or same_meeting:
                values[name] = carry.get(name, "")
            else:
                carry.pop(name, None)
        for name in ("committee", "date"):
            if not values.get(name):
                raise ImportFailed(
                    f"the {name} is missing (and there is no row above to repeat)",
                    row=row.number,
                    column=cols.name(name),
                )
        _row(writer, row.number, values, cols, seen)
    if not writer.meetings:
        raise ImportFailed("the file has a header but no agenda items")
    writer.positions()
    report = writer.report
    report.target = f"{len(writer.meetings)} meeting(s)"
    return report


def _row(
    writer: _MeetingsWriter,
    number: int,
    values: dict[str, str],
    cols: _Columns,
    seen: set[tuple[int, str]],
) -> None:
    on = parse_meeting_date(values["date"])
    if on is None:
        raise ImportFailed(
            f"“{values['date'][:40]}” is not a date (write e.g. 2016-01-05 or 5 Jan 2016)",
            row=number,
            column=cols.name("date"),
        )
    at = None
    if values.get("time"):
        # Spreadsheets write times with seconds ("14:00:00"); a meeting starts on the minute.
        at = parse_time(re.sub(r"^(\d{1,2}[:.]\d{2})[:.]00$", r"\1", values["time"]))
        if at is None:
            raise ImportFailed(
                f"“{values['time'][:20]}” is not a time (write e.g. 18:30 or 6.30pm)",
                row=number,
                column=cols.name("time"),
            )
    report_due, publication = None, None
    if values.get("report_due"):
        report_due, publication = deadlines(values["report_due"], on)
        if report_due is None and publication is None:
            raise ImportFailed(
                f"“{values['report_due'][:40]}” names no date (write e.g. 2015-12-17)",
                row=number,
                column=cols.name("report_due"),
            )
    if values.get("publication_date"):
        publication = _date_in(values["publication_date"], on)
        if publication is None:
            raise ImportFailed(
                f"“{values['publication_date'][:40]}” is not a date (write e.g. 2015-12-23)",
                row=number,
                column=cols.name("publication_date"),
            )
    channel = _channel(values.get("channel", ""), number, cols.name("channel"))
    if len(values["committee"]) > _MAX_COMMITTEE:
        raise ImportFailed(
            f"the committee name is longer than {_MAX_COMMITTEE} characters",
            row=number,
            column=cols.name("committee"),
        )
    try:
        committee, new_committee = writer.committee(values["committee"])
        previous = writer.existing_meeting(committee, on)
        start_before = previous.starts_at if previous is not None else None
        meeting, new_meeting = writer.meeting(committee, on, at)
        before = (start_before, *_state(writer, meeting, values["item"])[1:])
        if channel and meeting.channel_id != channel:
            meeting.channel_id = channel
        if channel and not committee.channel_id:
            committee.channel_id = channel
        item, created = add_agenda_item(
            writer.repos, meeting, values["item"], values.get("lead", ""), report_due, publication
        )
    except UserError as exc:
        raise ImportFailed(exc.message, row=number) from exc
    changed = new_meeting or new_committee or before != _state(writer, meeting, values["item"])
    if (meeting.id, item.title_key) in seen:
        raise ImportFailed(
            f"“{values['item'][:60]}” is on the agenda of {committee.name} {on} twice",
            row=number,
            column=cols.name("item"),
        )
    seen.add((meeting.id, item.title_key))
    writer.meetings[meeting.id] = meeting
    writer.order.setdefault(meeting.id, []).append(item.id)
    report = writer.report
    if created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _state(writer: _MeetingsWriter, meeting: Meeting, title: str) -> tuple[object, ...]:
    """What an import row can change: the meeting's start and channel, and the item's fields."""
    key = title_key(" ".join(title.split()))
    item = next((i for i in writer.repos.meetings.agenda(meeting.id) if i.title_key == key), None)
    fields = (item.lead_text, item.report_due, item.publication_date) if item is not None else None
    return (meeting.starts_at, meeting.channel_id, fields)
