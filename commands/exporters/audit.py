"""A workspace's audit trail as a table: one row per recorded change (oldest first), with
who made it, what it changed (a table's name and the row's id) and the row's values before
and after, as JSON. Streamed from the database: the trail may hold millions of rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.exporters.writer import ExportFailed, ExportTable
from commands.owners import person_key
from storage.models import AuditEvent, Base
from storage.repositories import Repositories
from storage.repositories.audit import AuditFilter

HEADERS = ["At (UTC)", "Actor", "Entity", "Id", "Change", "Before", "After"]
# What a spreadsheet file may hold of the trail: more goes to CSV or TSV, which stream.
XLSX_ROWS = 100_000


def audited_entities() -> list[str]:
    """The names an audit row's entity may have: every table but the trail's own."""
    return sorted(name for name in Base.metadata.tables if name != AuditEvent.__tablename__)


@dataclass(frozen=True)
class AuditWanted:
    """Which changes of the audit trail to export, as asked: from day ``since`` to day
    ``until`` (both included, in the workspace's timezone), of one kind of row (``entity``)
    and one row of it (``entity_id``), by an actor whose name holds ``actor`` (see
    :func:`actors_named`)."""

    since: date | None = None
    until: date | None = None
    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None

    def filter(self, tz: str, repos: Repositories) -> AuditFilter:
        """The filter of the audit rows asked for, the days read in the timezone ``tz``."""
        if self.since and self.until and self.until < self.since:
            raise ExportFailed(
                f"--until {self.until.isoformat()} is before --since {self.since.isoformat()}: "
                "nothing could match."
            )
        zone, utc = ZoneInfo(tz), ZoneInfo("UTC")
        start = datetime.combine(self.since, time(), zone).astimezone(utc) if self.since else None
        end = (
            datetime.combine(self.until + timedelta(days=1), time(), zone).astimezone(utc)
            if self.until
            else None
        )
        actors = actors_named(repos, self.actor) if self.actor else None
        return AuditFilter(start, end, self.entity, self.entity_id, actors)


def actors_named(repos: Repositories, text: str) -> frozenset[str]:
    """The trail's actors whose record holds ``text``, accents, case and punctuation aside
    (``Zoe Brown`` finds ``console:zoë brown (Zoë Brown)``, ``Adebayo Hart`` finds
    Adebayo-Hart), or any other name of a person it names: their names before a rename, the
    people merged into them and their chat accounts, so that a search for one person's changes
    misses none of them."""
    wanted = _searched(text)
    if not wanted:  # no letter or digit: the text as typed
        return frozenset(a for a in repos.audit.actors() if text.lower() in a.lower())
    names = {wanted}
    people = {p.id: p for p in repos.people.all_people(load_roles=False)}
    aliases = repos.people.all_aliases()
    named = {i for i, p in people.items() if wanted in _searched(p.name)}
    named |= {a.person_id for a in aliases if wanted in _searched(a.name)}
    accounts = repos.people.chat_users_by_person() if named else {}
    for person_id in named:
        if person_id in people:
            names.add(_searched(people[person_id].name))
        names |= {_searched(a.name) for a in aliases if a.person_id == person_id}
        names |= {_searched(u.external_id) for u in accounts.get(person_id, [])}
    names.discard("")
    return frozenset(a for a in repos.audit.actors() if any(n in _searched(a) for n in names))


def _searched(text: str) -> str:
    """``text`` as names are compared in a search: a person's key, hyphens as spaces."""
    return " ".join(person_key(text).replace("-", " ").split())


def export_audit(repos: Repositories, wanted: AuditFilter, *, xlsx: bool) -> ExportTable:
    """The audit rows ``wanted`` selects (read as the table is written). Refused when there
    are none, or too many for a spreadsheet file (``xlsx``)."""
    if wanted.entity is not None and wanted.entity not in audited_entities():
        raise ExportFailed(
            f"There is no kind of row called “{wanted.entity[:60]}” in the audit trail: give "
            f"one of {', '.join(audited_entities())}."
        )
    total = repos.audit.count(wanted)
    if total == 0:
        raise ExportFailed("No change in the audit trail matches: nothing to export.")
    if xlsx and total > XLSX_ROWS:
        raise ExportFailed(
            f"{total:,} changes match, more than the {XLSX_ROWS:,} a spreadsheet file is "
            "given: write a .csv or .tsv file, or choose fewer with --since and --until."
        )
    return ExportTable(
        headers=HEADERS,
        rows=_rows(repos, wanted),
        what=f"{total:,} change{'' if total == 1 else 's'} from the audit trail",
        sheet="Audit trail",
        numeric={3},
    )


def _rows(repos: Repositories, wanted: AuditFilter) -> Iterator[list[str]]:
    for event in repos.audit.events(wanted):
        yield [
            _utc(event.at).isoformat(timespec="seconds"),
            event.actor,
            event.entity,
            "" if event.entity_id is None else str(event.entity_id),
            event.change,
            _json(event.before),
            _json(event.after),
        ]


def _utc(at: datetime) -> datetime:
    """A stored instant in UTC (SQLite hands them back without their timezone)."""
    utc = ZoneInfo("UTC")
    return at.replace(tzinfo=utc) if at.tzinfo is None else at.astimezone(utc)


def _json(values: dict[str, object] | None) -> str:
    return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)
