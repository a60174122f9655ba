"""Import an agenda-planning table: one row per agenda item (seed 004's planning table).

Columns: committee, date, time, item, lead, report_due, publication_date, channel (or what
councils write: "Corporate Parenting meeting Date", "Agenda Items", "Lead Officer", "Draft
reports due", "Publication"). A blank committee, date or time repeats the row above, as merged
cells do. A report-due cell may hold the whole sentence councils write ("Draft Reports will be
due with Jon Abbey on 19th June and due for publication on 26th June"); dates without a year
are the ones before the meeting. Re-importing the same file changes nothing, and a lead
cell that did not change since the last import leaves a lead changed in chat since (a
hand-over) as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from commands.dates import MONTHS, NO_DATE_WORDS, local_today, parse_day
from commands.errors import UserError
from commands.formatting import clip, fmt_date, some_of
from commands.importers.headers import MEETING_SYNONYMS, expected_columns, find_header
from commands.importers.new_people import new_people_notes, people_ids
from commands.importers.plan_rows import MAX_CELL, clean_cell
from commands.importers.report import (
    HeaderLacks,
    ImportFailed,
    ImportReport,
    NoHeader,
    plural,
)
from commands.importers.table import Row, Table
from commands.jobs.meeting_notices import tell_of_move, told_words
from commands.jobs.planner import workspace_platform
from commands.jobs.working_days import day_words, not_working_words, previous_working_day
from commands.meeting_lookup import (
    NO_INITIALS,
    close_committees,
    committee_initials,
    committee_key,
    committee_matches,
    committee_short,
    full_name_initials,
    initials_holder,
    initials_taken_words,
    meeting_label,
)
from commands.meeting_store import (
    DEFAULT_START,
    full_name_taken_words,
    get_or_create_committee,
    is_teams_channel,
    parse_channel,
    parse_time,
    starts_at,
    take_full_name,
    title_key,
    too_far_ahead_words,
)
from commands.owner_store import OwnerReadings, lines_to_read, owner_rows
from storage.models import AgendaItem, AgendaItemOwner, Committee, Meeting, Person, Role, utcnow
from storage.unit_of_work import UnitOfWork

REQUIRED = ("committee", "date", "item")
# A blank cell repeats the row above: the committee and date always, the rest only on rows that
# continue the same meeting (committee and date both blank, as merged cells leave them).
_CARRIED = ("committee", "date")
_CARRIED_IN_MEETING = ("time", "report_due", "publication_date", "channel")

# A date, also as a workbook writes one with its time ("2027-04-05T18:30:00").
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:\b|(?=T\d))")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?(?:\s+(\d{4}))?\b"
)
# A time written in a date cell ("05/04/2027 10:00", "Mon 5 April 2027 at 2pm", a workbook's
# "2027-04-05T18:30:00"): after a space, a comma, a bracket or the T, never inside a date
# ("05.04.2027").
_TIME_IN_DATE = re.compile(
    r"(?:^|(?<=[\s,(T]))(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]m|[ap]\.m\.)?|"
    r"\d{1,2}\s*(?:[ap]m|[ap]\.m\.))(?=$|[\s,)])",
    re.I,
)
_BEFORE_TIME = re.compile(r"(?:,|\s+at|T)?\s*$", re.I)
_MIDNIGHT = re.compile(r"^0{1,2}[:.]00(?:[:.]00)?$")
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
        raise NoHeader(
            "no header row found: expected columns "
            + expected_columns(MEETING_SYNONYMS, tuple(MEETING_SYNONYMS))
            + " (committee, date and item are needed)"
        )
    missing = [c for c in REQUIRED if c not in match.fields]
    if missing:
        # Another table's header (a later sheet of the workbook may hold the agenda).
        raise HeaderLacks(
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


def split_date_time(text: str) -> tuple[str, str]:
    """A date cell's date and the time written in it (``""`` when none): "Mon 5 April 2027
    at 2pm" -> ("Mon 5 April 2027", "2pm"). Midnight is no time: it is how a spreadsheet
    writes a date alone with a time of day ("05/04/2027 00:00")."""
    m = _TIME_IN_DATE.search(text)
    if m is None:
        return text, ""
    day = re.sub(r"\(\s*\)", "", f"{_BEFORE_TIME.sub('', text[: m.start()])} {text[m.end() :]}")
    return day.strip(), "" if _MIDNIGHT.match(m["time"]) else m["time"]


def parse_meeting_date(text: str) -> date | None:
    """A meeting date: 2016-01-05, 05/01/2016, 05/01/16, "5 Jan 2016", "6 th July 2015",
    "January 5, 2016", Excel's "5-Jan-16". Chat's ``/meeting add`` reads dates with it too.

    A meeting is held on a day: a month ("March 2027", "Mar-27"), a quarter or an impossible
    date ("2027-13-01") is not a meeting date.
    """
    return _date_in(text, None) or parse_day(text)


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
    """Writes agenda rows into the unit of work, counting what changed.

    Each committee's meetings, each meeting's agenda and each lead cell's owners are loaded
    once per import and kept here: a 10,000-row file would otherwise reload them on every row.
    """

    def __init__(self, uow: UnitOfWork, tz: str, today: date) -> None:
        self.uow = uow
        self.repos = uow.repos
        self.tz = tz
        self.today = today  # meeting dates more than MAX_YEARS_AHEAD after it are refused
        self.report = ImportReport(kind="meetings")
        self.committees: dict[str, Committee] = {}
        self.all_committees: list[Committee] | None = None
        self.dates: dict[int, dict[date, Meeting]] = {}
        self.agendas: dict[int, dict[str, AgendaItem]] = {}
        self.owners: dict[str, list[Person | Role]] = {}
        # Unchanged leads read otherwise than an earlier import read them.
        self.readings = OwnerReadings(uow.repos)
        self.order: dict[int, list[AgendaItem]] = {}
        self.new_items: set[int] = set()  # id() of items this import created
        self.meetings: dict[int, Meeting] = {}
        self.untimed: dict[int, int] = {}  # new meetings without a time: id -> first row
        self.created_meetings: set[int] = set()
        self.moved: dict[int, datetime] = {}  # stored meetings whose start moved: id -> old start
        # Stored meetings whose channel the file changed: id -> the channel they had.
        self.rechannelled: dict[int, str | None] = {}
        # Committees this import created: (committee, first row, near misses it may be a typo of).
        self.new_committees: list[tuple[Committee, int, list[Committee]]] = []
        # Initials -> the first row naming a committee by them alone (``CPAC``), as written.
        self.bare: dict[str, tuple[int, str]] = {}
        # Initials -> the first row naming a committee known by its full name as another
        # committee has its initials, and that committee.
        self.kept_apart: dict[str, tuple[int, Committee]] = {}
        # Initials -> the row whose full name a committee known by them took, it, its old name.
        self.renamed: dict[str, tuple[int, Committee, str]] = {}
        # The time and channel each meeting was first given in the file, and on which row.
        self.given: dict[tuple[int, date, str], tuple[str, int]] = {}
        # Report deadlines and publication dates on a weekend or bank holiday: rows of each.
        self.days_off: dict[tuple[str, date], list[int]] = {}

    def agree(
        self, committee: Committee, on: date, field: str, value: str, row: int, column: str
    ) -> None:
        """Refuse a row that gives a meeting another start time (or channel) than an earlier
        row did: importing it would flip the meeting between the two on every import."""
        first = self.given.setdefault((committee.id, on, field), (value, row))
        if first[0] != value:
            where = "at" if field == "time" else "in"
            raise ImportFailed(
                f"{value}, but row {first[1]} gives {committee.name} {on} {where} {first[0]}: "
                f"a meeting has one {field}, so its rows must agree",
                row=row,
                column=column,
            )

    def committee(self, name: str, row: int) -> tuple[Committee, bool]:
        """The committee ``name`` means (``meeting_lookup.committee_matches``, the rule chat
        uses too), created when new; and whether this row created or renamed it."""
        key = committee_key(name)
        if key in self.committees:
            return self.committees[key], False
        if self.all_committees is None:
            self.all_committees = list(self.repos.meetings.committees())
        matched = committee_matches(self.all_committees, name)
        if len(matched) > 1:
            listed = "; ".join(c.name for c in matched)
            raise ImportFailed(
                f"“{name}” could be several committees ({listed}): write the committee's full name",
                row=row,
                column="committee",
            )
        if matched:
            committee = matched[0]
            self.committees[key] = committee
            self._note_use(committee, name, row)
            return committee, self._take_full_name(committee, name, row)
        # Looked for before it is created: committees stored, and those new earlier in the file.
        close = close_committees(self.repos, name)
        committee, created = get_or_create_committee(self.repos, name)
        self.committees[key] = committee
        self.all_committees.append(committee)
        self._note_use(committee, name, row)
        if created:
            near = [c for c in close if c.id != committee.id]
            self.new_committees.append((committee, row, near))
        return committee, created

    def _note_use(self, committee: Committee, name: str, row: int) -> None:
        """Remember the first row naming a committee by bare initials (``CPAC``), and the
        first naming one kept apart from the committee with its initials (see
        ``check_initials``)."""
        key = committee_key(name)
        if " " not in key and committee.name_key != key:
            self.bare.setdefault(key, (row, name))
        initials = full_name_initials(committee.name)
        if committee.initials == NO_INITIALS and initials:
            self.kept_apart.setdefault(initials, (row, committee))

    def _take_full_name(self, committee: Committee, name: str, row: int) -> bool:
        """Name a committee known only by its initials by the full name this row gives
        (``meeting_store.take_full_name``), and say so; True when renamed."""
        assert self.all_committees is not None
        old = take_full_name(self.all_committees, committee, name)
        if old is None:
            return False
        self.renamed.setdefault(committee_initials(committee).lower(), (row, committee, old))
        self.report.notes.append(f"Row {row}: {full_name_taken_words(old, committee, 'this file')}")
        return True

    def check_initials(self) -> None:
        """Refuse a file that leaves csbot to guess which of two committees sharing initials
        a row means: one that names a committee known only by its initials (``CPAC``) by a
        full name and another committee by another full name with the same initials, or
        that writes bare initials beside a committee kept apart from their holder."""
        for initials, (row, apart) in sorted(self.kept_apart.items()):
            if initials in self.renamed:
                first, committee, old = self.renamed[initials]
                raise ImportFailed(
                    f"“{old}” was known only by its initials, and this file names two "
                    f"committees with them: “{committee.name}” (row {first}) and "
                    f"“{apart.name}” (row {row}), so I cannot tell which one {old} is. Name "
                    f"{old} in full alone first (a file giving only its full name, or "
                    f"`/meeting add <full name> <date>` in chat), then import this file again",
                    row=row,
                    column="committee",
                )
            if initials in self.bare:
                bare_row, bare = self.bare[initials]
                holder = initials_holder(self.all_committees or [], initials, besides=apart)
                meant = f"{holder.name} (which answers to it) or " if holder else ""
                raise ImportFailed(
                    f"“{bare}” could mean {meant}“{apart.name}” (row {row}), which has the "
                    f"same initials: write the committee's full name",
                    row=bare_row,
                    column="committee",
                )

    def set_channel(self, meeting: Meeting, channel: str) -> None:
        """Give the meeting the file's channel, remembering a stored meeting's old one."""
        if meeting.channel_id == channel:
            return
        if meeting.id not in self.created_meetings:  # a new meeting reports no move
            self.rechannelled.setdefault(meeting.id, meeting.channel_id)
        meeting.channel_id = channel

    def _dates(self, committee: Committee) -> dict[date, Meeting]:
        if committee.id not in self.dates:
            self.dates[committee.id] = {
                m.meeting_date: m for m in self.repos.meetings.meetings_of(committee.id)
            }
        return self.dates[committee.id]

    def existing_meeting(self, committee: Committee, on: date) -> Meeting | None:
        """The committee's meeting on ``on`` already stored, if any."""
        return self._dates(committee).get(on)

    def meeting(
        self, committee: Committee, on: date, at: time | None, channel: str | None = None
    ) -> tuple[Meeting, bool]:
        """The committee's meeting on ``on``, made when new (with ``channel``, so that it is
        stored with it rather than updated after); a stored meeting's start moves to ``at``."""
        existing = self.existing_meeting(committee, on)
        if existing is not None:
            start = starts_at(on, at, self.tz)
            if at is not None and existing.starts_at != start:
                if existing.id not in self.created_meetings:  # new ones report no move
                    self.moved.setdefault(existing.id, existing.starts_at)
                existing.starts_at = start
            return existing, False  # no time in the file: keep the one the meeting has
        # As meeting_store.get_or_create_meeting does, without reloading the committee's
        # meetings: they are cached here.
        meeting = Meeting(
            workspace_id=self.repos.meetings.workspace_id,
            committee_id=committee.id,
            meeting_date=on,
            starts_at=starts_at(on, at, self.tz),
            channel_id=channel or None,
        )
        meeting.committee = committee
        self.repos.meetings.add(meeting)
        self.repos.meetings.flush()
        self._dates(committee)[on] = meeting
        self.agendas[meeting.id] = {}
        self.created_meetings.add(meeting.id)
        return meeting, True

    def fill_arising(self) -> None:
        """Date the undated actions arising from a meeting that a new meeting now follows.

        Only meetings stored before this import can have actions arising, so only a new
        meeting whose previous meeting is such a one needs it.
        """
        from commands.importers.minutes import (
            arising_dated_words,
            due_before_next,
            fill_arising_due_dates,
        )

        for by_date in self.dates.values():
            ordered = sorted(by_date.values(), key=lambda m: m.starts_at)
            for before, meeting in pairwise(ordered):
                if meeting.id in self.created_meetings and before.id not in self.created_meetings:
                    filled = fill_arising_due_dates(self.repos, meeting)
                    if filled:
                        due, _ = due_before_next(self.repos, before)
                        after = f"{meeting_label(meeting)} ({fmt_date(due)})"
                        words = arising_dated_words(filled, meeting_label(before), after)
                        self.report.notes.append(words)

    def agenda(self, meeting: Meeting) -> dict[str, AgendaItem]:
        """The meeting's agenda items by title key, loaded once: with those of the committee's
        later meetings stored (in one query, not one per meeting: a file usually goes on to
        them), while the committee's earlier history is left unread."""
        if meeting.id not in self.agendas:
            later = [
                m.id
                for m in self.dates.get(meeting.committee_id, {}).values()
                if m.meeting_date >= meeting.meeting_date and m.id not in self.agendas
            ]
            loaded = self.repos.meetings.agendas([meeting.id, *later])
            for meeting_id in {meeting.id, *later}:
                self.agendas[meeting_id] = {i.title_key: i for i in loaded.get(meeting_id, [])}
        return self.agendas[meeting.id]

    def _owners(self, lead: str) -> list[Person | Role]:
        if lead not in self.owners:
            self.owners[lead] = self.readings.resolve(lead)
        return self.owners[lead]

    def add_item(
        self,
        meeting: Meeting,
        title: str,
        lead: str,
        report_due: date | None,
        publication: date | None,
        read_from: str | None = None,
    ) -> tuple[AgendaItem, bool]:
        """Add an item to the agenda, or update the item with the same title (as
        meeting_store.add_agenda_item does, from the cached agenda). Its owners are read from
        ``read_from`` (the lead with its line breaks) when given, else from ``lead``."""
        read_from = read_from or lead
        title = " ".join(title.split())
        if not title:
            raise UserError("An agenda item needs a title.")
        key = title_key(title)
        items = self.agenda(meeting)
        item = items.get(key)
        created = item is None
        if item is None:
            item = AgendaItem(
                workspace_id=self.repos.meetings.workspace_id,
                meeting_id=meeting.id,
                position=max((i.position for i in items.values()), default=0) + 1,
                title=title,
                title_key=key,
            )
            self.repos.meetings.add(item)
            items[key] = item
            self.new_items.add(id(item))
        if created or (lead != item.lead_text and lead != item.imported_lead_text):
            # The file names another lead than its last import did (a lead set in chat since,
            # by a hand-over say, stands while the file still names the old one).
            item.owners = owner_rows(self._owners(read_from), AgendaItemOwner)
            item.lead_text = lead
        elif lead == item.lead_text and self.readings.reads_otherwise(item.owners, read_from):
            # The same lead, read wrongly by an earlier import (see OwnerReadings).
            self.readings.record(item.owners, f"{title[:60]} ({lead[:60]})")
            item.owners = owner_rows(self._owners(read_from), AgendaItemOwner)
        if item.imported_lead_text != lead:
            item.imported_lead_text = lead
        if report_due is not None and item.report_due != report_due:
            item.report_due = report_due
        if publication is not None and item.publication_date != publication:
            item.publication_date = publication
        return item, created

    def positions(self) -> None:
        """Agenda items in file order; items not in the file keep their places, and a new
        item goes after the row above it in the file (or after the agenda it joins)."""
        for meeting_id, listed in self.order.items():
            ranked = _ranked(
                sorted(self.agendas[meeting_id].values(), key=lambda i: i.position),
                listed,
                {id(i) for i in listed if id(i) in self.new_items},
            )
            for position, item in enumerate(ranked, start=1):
                if item.position != position:
                    item.position = position
        self.uow.session.flush()


def _ranked(agenda: list[AgendaItem], listed: list[AgendaItem], new: set[int]) -> list[AgendaItem]:
    """The agenda's new order: the file's items already on it take, in file order, the places
    those items had; each new item follows the file's row above it, else comes last."""
    current = [i for i in agenda if id(i) not in new]
    if not current:
        return list(listed)
    old_listed = [i for i in listed if id(i) not in new]
    in_file = {id(i) for i in old_listed}
    places = [n for n, i in enumerate(current) if id(i) in in_file]
    for place, item in zip(places, old_listed, strict=True):
        current[place] = item
    for n, item in enumerate(listed):
        if id(item) not in new:
            continue
        above = listed[n - 1] if n else None
        at = next((k for k, i in enumerate(current) if i is above), None)
        current.insert(len(current) if at is None else at + 1, item)
    return current


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


def _require_teams_channel(channel: str, row: int, column: str) -> None:
    """Refuse a channel a Teams workspace cannot post to: Teams posts by a channel's id, so a
    name (``#cpac``) would leave every summary to it undelivered."""
    if not is_teams_channel(channel):
        raise ImportFailed(
            f"Teams posts to a channel by its id, not by a name such as “#{channel[:40]}”: "
            "write the channel's id (#19:…@thread.tacv2), or leave the cell blank and mention "
            "the channel in Teams (`@csbot meeting channel <committee> @channel`)",
            row=row,
            column=column,
        )


def _cleaned(raw: Row) -> Row:
    """A row with each cell (and each line of it) cleaned as agenda cells are read."""
    lined = tuple("\n".join(map(clean_cell, c.split("\n"))) for c in raw.lined)
    return Row(raw.number, tuple(clean_cell(c) for c in raw.cells), lined)


def import_meetings(
    uow: UnitOfWork, table: Table, *, tz: str, today: date | None = None
) -> ImportReport:
    """Create or update committees, meetings and agenda items; idempotent. ``today`` (default:
    the unit of work's day in ``tz``) is what a meeting date too far ahead is judged by."""
    header, cols = _find_columns(table)
    if today is None:
        today = local_today(uow.session.info.get("now") or utcnow(), tz)
    people_before = people_ids(uow.repos)
    writer = _MeetingsWriter(uow, tz, today)
    carry: dict[str, str] = {}  # what a blank cell repeats from the row above (merged cells)
    seen: set[tuple[int, str]] = set()
    passed_over: list[str] = []  # rows of words with no agenda item: "row 14 “Items for …”"
    # After such a row (a footer: "Items for future meetings:"), items with no committee or
    # date of their own belong to no meeting above: they are passed over too.
    after_note = False
    rows = [_cleaned(raw) for raw in table.rows if raw.number > header.number]
    if "lead" in cols.index:  # every lead first: one name alone is read alike in any order
        lead = cols.index["lead"]
        writer.readings.expect(lines_to_read(r.cell(lead), r.cell_lines(lead)) for r in rows)
    for row in rows:

        def cell(name: str, row: Row = row) -> str:
            return row.cell(cols.index[name]) if name in cols.index else ""

        values = {name: cell(name) for name in cols.index}
        # The lead with its line breaks, which its owners are read from (see lines_to_read).
        values["lead_lines"] = row.cell_lines(cols.index["lead"]) if "lead" in cols.index else ""
        if not values.get("item"):
            if any(values.get(k) for k in ("lead", "report_due", "publication_date")):
                raise ImportFailed(
                    "the agenda item is missing", row=row.number, column=cols.name("item")
                )
            words = " ".join(c for c in row.cells if c)
            if re.search(r"[A-Za-z]{2}", words):
                passed_over.append(f"row {row.number} “{clip(words, 60)}”")
                after_note = True
            continue  # a blank or note row between meetings
        if values.get("committee") or values.get("date"):
            after_note = False
        elif after_note:
            passed_over.append(f"row {row.number} “{clip(values['item'], 60)}”")
            continue
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
    writer.check_initials()
    writer.positions()
    writer.fill_arising()
    report = writer.report
    report.target = plural(len(writer.meetings), "meeting")
    _new_committee_notes(writer)
    _moved_notes(writer)
    _channel_notes(writer)
    _untimed_note(writer)
    _no_channel_notes(writer)
    _days_off_notes(writer)
    writer.readings.close(report.notes, "agenda item")
    uow.session.flush()
    report.notes.extend(new_people_notes(uow.repos, people_before))
    unread = [f"“{c}”" for i, c in enumerate(header.cells) if c and i not in cols.index.values()]
    if unread:
        report.notes.append(
            f"Columns not imported (not among the columns a meetings file has): "
            f"{some_of(unread, 10)}."
        )
    if passed_over:
        report.notes.append(
            f"Not read, having no agenda item or no meeting: {some_of(passed_over, 10)} (a "
            "note, or items under it for a meeting not yet dated)."
        )
    return report


def _committee_choice(committee: Committee) -> str:
    """``CPAC (Corporate Parenting Advisory Committee)``: what to type, then the full name."""
    short = committee_short(committee)
    return short if short == committee.name else f"{short} ({committee.name})"


def _new_committee_notes(writer: _MeetingsWriter) -> None:
    """Name every committee the file created, and warn about one whose name is a near miss of
    another committee's (``CAPC`` for CPAC): a typo in a file would otherwise start a committee
    without a word, where ``/meeting add`` asks. The file is not refused for it: a new committee
    can have a name close to an existing one, and a file has no way to say "new"."""
    if not writer.new_committees:
        return
    listed = [f"{c.name} (row {row})" for c, row, _ in writer.new_committees[:10]]
    more = len(writer.new_committees) - len(listed)
    heading = "New committee" if len(writer.new_committees) == 1 else "New committees"
    writer.report.notes.append(
        f"{heading}: {', '.join(listed)}{f' and {more} more' if more > 0 else ''}."
    )
    for committee, row, near in writer.new_committees:
        _initials_taken_note(writer, committee, row)
        if not near:
            continue
        meant = " or ".join(_committee_choice(c) for c in near[:3])
        dates = sorted(
            m.meeting_date for m in writer.meetings.values() if m.committee_id == committee.id
        )
        cancel = " and ".join(f"`/meeting cancel {committee.name} {d}`" for d in dates[:3])
        writer.report.notes.append(
            f"⚠️ New committee “{committee.name}” (row {row}): did you mean {meant}? "
            f"If not, nothing more is needed. If so, correct the committee in the file, import "
            f"it again and cancel what went to “{committee.name}” "
            f"({cancel}{' …' if len(dates) > 3 else ''})."
        )


def _initials_taken_note(writer: _MeetingsWriter, committee: Committee, row: int) -> None:
    """Warn that a new committee is kept apart from the one answering to its initials, and
    say why it is known by its full name."""
    first = min(
        (m for m in writer.meetings.values() if m.committee_id == committee.id),
        key=lambda m: m.meeting_date,
        default=None,
    )
    example = meeting_label(first) if first is not None else committee.name
    taken = initials_taken_words(writer.repos, committee, example)
    initials = full_name_initials(committee.name)
    holder = initials_holder(writer.repos.meetings.committees(), initials, besides=committee)
    if taken is None or holder is None:
        return
    writer.report.notes.append(
        f"⚠️ Row {row}: “{committee.name}” is a committee of its own, kept apart from "
        f"{holder.name}, as they share initials; nothing of this row went to {holder.name}. "
        f"{taken} If the row meant {holder.name}, write {committee_short(holder)} there and "
        "import the file again."
    )


def _moved_notes(writer: _MeetingsWriter) -> None:
    """Say, for each stored meeting whose start the file moved, from what time to what time."""
    zone = ZoneInfo(writer.tz)
    for meeting_id, before in writer.moved.items():
        meeting = writer.meetings.get(meeting_id)
        if meeting is None or meeting.starts_at == before:
            continue  # moved and moved back within the file: nothing changed
        was, now = (f"{t.astimezone(zone):%H:%M}" for t in (before, meeting.starts_at))
        moment = writer.uow.session.info.get("now") or utcnow()
        told = tell_of_move(writer.uow.session, meeting, before, writer.tz, moment)
        tell = f" ({told_words(told, 'of the new time')})" if told else ""
        writer.report.notes.append(
            f"{meeting.committee.name} {meeting.meeting_date}: start moved {was} → {now}{tell}."
        )


def _channel_notes(writer: _MeetingsWriter) -> None:
    """Say, for each stored meeting the file moved to another channel, from where to where."""
    for meeting_id, before in writer.rechannelled.items():
        meeting = writer.meetings.get(meeting_id)
        if meeting is None or meeting.channel_id == before:
            continue
        now = f"#{meeting.channel_id}"
        change = f"channel moved #{before} → {now}" if before else f"channel set to {now}"
        writer.report.notes.append(f"{meeting.committee.name} {meeting.meeting_date}: {change}.")


def _untimed_note(writer: _MeetingsWriter) -> None:
    """Name the new meetings that start at the default time because the file gave none."""
    if not writer.untimed:
        return
    listed = [
        f"{writer.meetings[mid].committee.name} {writer.meetings[mid].meeting_date} (row {row})"
        for mid, row in list(writer.untimed.items())[:10]
    ]
    more = f" and {len(writer.untimed) - 10} more" if len(writer.untimed) > 10 else ""
    writer.report.notes.append(
        f"No time given for {', '.join(listed)}{more}: "
        f"{'they start' if len(writer.untimed) > 1 else 'it starts'} at "
        f"{DEFAULT_START:%H:%M}. Give a time in the Time column (or after the date) and import "
        "again to change it."
    )


def _no_channel_notes(writer: _MeetingsWriter) -> None:
    """Warn, once per committee, when a meeting of the file has no channel for its scheduled
    summaries (the meeting's nor its committee's): they would otherwise silently not go out."""
    warned: set[int] = set()
    for meeting in writer.meetings.values():
        committee = meeting.committee
        if committee.id in warned or not committee.summary_days_before:
            continue  # summaries off: nothing goes without a channel
        if meeting.channel_id or committee.channel_id:
            continue
        warned.add(committee.id)
        writer.report.notes.append(
            f"No channel yet for {committee.name}, so its scheduled summaries have nowhere "
            f"to go: add one with /meeting channel {committee_short(committee)} #channel."
        )


def _days_off_notes(writer: _MeetingsWriter) -> None:
    """Warn about each report deadline or publication date on a weekend or bank holiday,
    naming its rows and the working day before (the file is not refused for it)."""
    for (what, day), rows in sorted(writer.days_off.items(), key=lambda kv: kv[1][0]):
        listed = ", ".join(map(str, rows[:10])) + (
            f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        )
        writer.report.notes.append(
            f"⚠️ Row{'s' if len(rows) > 1 else ''} {listed}: the {what} "
            f"{day_words(day, year=True)} is {not_working_words(day)}; the working day before "
            f"is {day_words(previous_working_day(day), year=True)}."
        )


def _note_day_off(writer: _MeetingsWriter, what: str, day: date | None, row: int) -> None:
    """Remember a deadline on a day nobody works, for ``_days_off_notes``."""
    if day is not None and not_working_words(day) is not None:
        rows = writer.days_off.setdefault((what, day), [])
        if row not in rows:
            rows.append(row)


def _row(
    writer: _MeetingsWriter,
    number: int,
    values: dict[str, str],
    cols: _Columns,
    seen: set[tuple[int, str]],
) -> None:
    _check_lengths(values, number, cols)
    day, time_in_date = split_date_time(values["date"])
    on = parse_meeting_date(day)
    if on is None:
        raise ImportFailed(
            f"“{values['date'][:40]}” is not a date (write e.g. "
            f"{(example := writer.today + timedelta(days=28)).isoformat()} or "
            f"{fmt_date(example)})",
            row=number,
            column=cols.name("date"),
        )
    too_far = too_far_ahead_words(on, day, writer.today)
    if too_far is not None:
        raise ImportFailed(too_far, row=number, column=cols.name("date"))
    at, time_column = _start_time(values.get("time", ""), time_in_date, values, number, cols)
    if at is not None:
        try:
            starts_at(on, at, writer.tz)  # a time the clocks skip is refused here, by column
        except UserError as exc:
            raise ImportFailed(_unsaid(exc.message), row=number, column=time_column) from exc
    report_due, publication = None, None
    if _no_date(values.get("report_due", "")):
        values["report_due"] = ""
    if _no_date(values.get("publication_date", "")):
        values["publication_date"] = ""
    if values.get("report_due"):
        report_due, publication = deadlines(values["report_due"], on)
        if report_due is None and publication is None:
            raise ImportFailed(
                f"“{values['report_due'][:40]}” names no date (write e.g. "
                f"{(on - timedelta(days=14)).isoformat()}, two weeks before the meeting)",
                row=number,
                column=cols.name("report_due"),
            )
    if report_due is not None and report_due > on:
        raise ImportFailed(
            f"the report is due on {_day(report_due)}, after the meeting on {_day(on)}: "
            "a report is due before its meeting",
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
    # The publication date comes from its own column, else from the report-due sentence.
    publication_column = cols.name(
        "publication_date" if values.get("publication_date") else "report_due"
    )
    if publication is not None and publication > on:
        raise ImportFailed(
            f"the papers are published on {_day(publication)}, after the meeting on {_day(on)}: "
            "a meeting's papers are published before it",
            row=number,
            column=publication_column,
        )
    channel = _channel(values.get("channel", ""), number, cols.name("channel"))
    if channel and workspace_platform(writer.uow.workspace) == "teams":
        _require_teams_channel(channel, number, cols.name("channel"))
    _note_day_off(writer, "report deadline", report_due, number)
    _note_day_off(writer, "publication date", publication, number)
    if len(values["committee"]) > _MAX_COMMITTEE:
        raise ImportFailed(
            f"the committee name is longer than {_MAX_COMMITTEE} characters",
            row=number,
            column=cols.name("committee"),
        )
    try:
        committee, committee_changed = writer.committee(values["committee"], number)
        if at is not None:
            writer.agree(committee, on, "time", f"{at:%H:%M}", number, time_column)
        if channel:
            writer.agree(committee, on, "channel", f"#{channel}", number, cols.name("channel"))
        previous = writer.existing_meeting(committee, on)
        start_before = previous.starts_at if previous is not None else None
        meeting, new_meeting = writer.meeting(committee, on, at, channel)
        before = (start_before, *_state(writer, meeting, values["item"])[1:])
        if channel:
            writer.set_channel(meeting, channel)
        if channel and not committee.channel_id:
            committee.channel_id = channel
        rereads = len(writer.readings.reread)
        lead = values.get("lead", "")
        item, created = writer.add_item(
            meeting,
            values["item"],
            lead,
            report_due,
            publication,
            lines_to_read(lead, values.get("lead_lines", "")),
        )
        reread = len(writer.readings.reread) > rereads
        if report_due is not None or publication is not None:
            _check_publication(item, number, cols, publication_column if publication else None)
    except UserError as exc:
        raise ImportFailed(_unsaid(exc.message), row=number) from exc
    changed = (
        new_meeting
        or committee_changed
        or reread
        or before != _state(writer, meeting, values["item"])
    )
    if (meeting.id, item.title_key) in seen:
        raise ImportFailed(
            f"“{values['item'][:60]}” is on the agenda of {committee.name} {on} twice",
            row=number,
            column=cols.name("item"),
        )
    seen.add((meeting.id, item.title_key))
    writer.meetings[meeting.id] = meeting
    writer.order.setdefault(meeting.id, []).append(item)
    if new_meeting and at is None:
        writer.untimed.setdefault(meeting.id, number)
    elif at is not None:
        writer.untimed.pop(meeting.id, None)  # a later row of the meeting gave its time
    report = writer.report
    if created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _time(text: str, number: int, column: str) -> time:
    """A time cell (or the time in a date cell), refused by row and column when not a time."""
    # Spreadsheets write times with seconds ("14:00:00"); a meeting starts on the minute.
    at = parse_time(re.sub(r"^(\d{1,2}[:.]\d{2})[:.]00$", r"\1", text))
    if at is None:
        raise ImportFailed(
            f"“{text[:20]}” is not a time (write e.g. 18:30 or 6.30pm)", row=number, column=column
        )
    return at


def _start_time(
    cell: str, in_date: str, values: dict[str, str], number: int, cols: _Columns
) -> tuple[time | None, str]:
    """The meeting's start from the Time cell, else from the time written with the date
    ("05/04/2027 10:00"), with the column it came from; a row whose two differ is refused."""
    at = _time(cell, number, cols.name("time")) if cell else None
    if not in_date:
        return at, cols.name("time")
    dated = _time(in_date, number, cols.name("date"))
    if at is None:
        return dated, cols.name("date")
    if at != dated:
        raise ImportFailed(
            f"the {cols.name('time')} column gives {at:%H:%M}, but the {cols.name('date')} "
            f"column gives {dated:%H:%M} (“{values['date'][:40]}”): give the meeting's time "
            "once, or the same in both",
            row=number,
            column=cols.name("time"),
        )
    return at, cols.name("time")


def _day(on: date) -> str:
    return f"{on.day} {on:%b %Y}"


def _unsaid(message: str) -> str:
    """A chat refusal's message without its closing "Nothing was changed.": the import's
    refusal says "Nothing was imported." once, itself."""
    return message.removesuffix(" Nothing was changed.").removesuffix("Nothing was changed.")


def _check_publication(
    item: AgendaItem, number: int, cols: _Columns, publication_column: str | None
) -> None:
    """Refuse a row that leaves its item published before its report is due (the row's
    publication date against its report deadline, or either against the one already stored)."""
    due, published = item.report_due, item.publication_date
    if due is None or published is None or published >= due:
        return
    raise ImportFailed(
        f"the papers are published on {_day(published)}, before the report is due on "
        f"{_day(due)}: a report is due before its papers are published",
        row=number,
        column=publication_column or cols.name("report_due"),
    )


def _no_date(text: str) -> bool:
    """True for a deadline cell that says there is no date yet ("TBC", "n/a", "-")."""
    return bool(text) and NO_DATE_WORDS.match(text) is not None


def _check_lengths(values: dict[str, str], number: int, cols: _Columns) -> None:
    """Refuse a cell longer than any agenda could need (a paste gone wrong), by row and column."""
    for name in ("item", "lead", "report_due", "publication_date"):
        if len(values.get(name, "")) > MAX_CELL:
            raise ImportFailed(
                f"the cell is over {MAX_CELL:,} characters", row=number, column=cols.name(name)
            )


def _state(writer: _MeetingsWriter, meeting: Meeting, title: str) -> tuple[object, ...]:
    """What an import row can change: the meeting's start and channel, and the item's fields."""
    item = writer.agenda(meeting).get(title_key(" ".join(title.split())))
    fields = (item.lead_text, item.report_due, item.publication_date) if item is not None else None
    return (meeting.starts_at, meeting.channel_id, fields)
