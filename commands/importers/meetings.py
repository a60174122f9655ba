"""Import an agenda-planning table: one row per agenda item (seed 004's planning table)."""

from __future__ import annotations

import re
from datetime import date

from commands.dates import parse_due
from commands.errors import UserError
from commands.importers.headers import header_key
from commands.importers.report import ImportFailed, ImportReport
from commands.importers.table import Row, Table
from commands.meeting_store import (
    add_agenda_item,
    get_or_create_committee,
    get_or_create_meeting,
    parse_channel,
    parse_time,
    starts_at,
)
from storage.unit_of_work import UnitOfWork

COLUMNS: dict[str, tuple[str, ...]] = {
    "committee": ("committee", "committee name", "meeting"),
    "date": ("date", "meeting date", "corporate parenting meeting date"),
    "time": ("time", "start", "start time"),
    "item": ("item", "agenda item", "agenda items", "title"),
    "lead": ("lead", "lead officer", "lead officers", "who"),
    "report_due": ("report due", "report_due", "reports due", "draft reports due", "deadline"),
    "publication_date": ("publication date", "publication", "published"),
    "channel": ("channel", "slack channel"),
}
REQUIRED = ("committee", "date", "item")


def _columns(row: Row) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = header_key(cell).replace("_", " ")
        for name, words in COLUMNS.items():
            if key in {w.replace("_", " ") for w in words} and name not in found:
                found[name] = i
    return found


def _date(text: str, row: int, column: str, *, required: bool) -> date | None:
    if not text.strip():
        if required:
            raise ImportFailed("a date is required here", row=row, column=column)
        return None
    value = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    if value is None and re.search(r"\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2}", text):
        value = parse_due(text, date(2000, 1, 1))
    if value is None:
        raise ImportFailed(
            f"“{text[:40]}” is not a date (write e.g. 2016-01-05 or 5 Jan 2016)",
            row=row,
            column=column,
        )
    return value


def import_meetings(uow: UnitOfWork, table: Table, *, tz: str) -> ImportReport:
    """Create or update committees, meetings and agenda items; idempotent."""
    header = next((r for r in table.rows[:20] if len(_columns(r)) >= 3), None)
    if header is None:
        raise ImportFailed(
            "no header row found: expected columns committee, date, time, item, "
            "lead, report_due, publication_date, channel"
        )
    cols = _columns(header)
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise ImportFailed(f"missing column(s): {', '.join(missing)}", row=header.number)
    names = {k: header.cells[v] for k, v in cols.items()}
    report = ImportReport(kind="meetings")
    repos = uow.repos
    meetings_seen: set[int] = set()
    for row in table.rows:
        if row.number <= header.number:
            continue

        def cell(name: str, row: Row = row) -> str:
            return row.cell(cols[name]) if name in cols else ""

        committee_name = cell("committee")
        if not committee_name.strip():
            raise ImportFailed(
                "the committee is missing", row=row.number, column=names["committee"]
            )
        on = _date(cell("date"), row.number, names["date"], required=True)
        assert on is not None
        at = parse_time(cell("time")) if cell("time").strip() else None
        if cell("time").strip() and at is None:
            raise ImportFailed(
                f"“{cell('time')}” is not a time (write e.g. 18:30 or 6.30pm)",
                row=row.number,
                column=names["time"],
            )
        report_due = _date(
            cell("report_due"), row.number, names.get("report_due", ""), required=False
        )
        publication = _date(
            cell("publication_date"), row.number, names.get("publication_date", ""), required=False
        )
        if not cell("item").strip():
            raise ImportFailed("the agenda item is missing", row=row.number, column=names["item"])
        try:
            committee, new_committee = get_or_create_committee(repos, committee_name)
            start = starts_at(on, at, tz)
            meeting, new_meeting = get_or_create_meeting(repos, committee, on, start)
            channel = parse_channel(cell("channel")) if cell("channel").strip() else None
            if channel and meeting.channel_id != channel:
                meeting.channel_id = channel
            if channel and not committee.channel_id:
                committee.channel_id = channel
            if new_meeting:
                from commands.importers.minutes import fill_arising_due_dates

                fill_arising_due_dates(repos, meeting)
            meetings_seen.add(meeting.id)
            item, created = add_agenda_item(
                repos, meeting, cell("item"), cell("lead"), report_due, publication
            )
        except UserError as exc:
            raise ImportFailed(exc.message, row=row.number) from exc
        if created:
            report.created += 1
        elif uow.session.is_modified(item) or new_meeting or new_committee:
            report.updated += 1
        else:
            report.unchanged += 1
    uow.session.flush()
    report.target = f"{len(meetings_seen)} meeting(s)"
    return report
