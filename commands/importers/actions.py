"""Import an action plan table into a plan: sections, actions, owners and progress updates.

Re-importing the same file changes nothing: every field is compared before it is assigned,
progress notes are keyed by plan, ref and text (and one that repeats the action's newest update,
as an exported plan does, is not logged again), and each action keeps a snapshot of what the
file said last time. A field is changed only when the file's value changed since that import,
so edits made in chat since (a new due date, new owners, a status) survive a re-import of the
unchanged file. A csbot export imported back (a mirror of the plan) leaves that snapshot as
it was, so the council's file imported again does not undo chat either; when the export changes
an action, its own cells are kept beside it (under ``export``), and the next export imported is
compared with those, so the same edited export imported again does not undo chat made since.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from commands.dates import NO_DATE_WORDS, parse_due
from commands.formatting import clip, fmt_date, some_of
from commands.importers.new_people import new_people_notes, people_ids
from commands.importers.plan_rows import (
    ParsedAction,
    ParsedPlan,
    ParsedSection,
    earlier_reading,
    parse_plan,
)
from commands.importers.report import (
    ImportFailed,
    ImportReport,
    TimescaleReading,
    plural,
    quarter_reading,
)
from commands.importers.table import Table
from commands.meeting_due import NextMeetingDue, next_meeting_due
from commands.owner_store import (
    OwnerReadings,
    lines_to_read,
    owner_keys,
    owner_rows,
    set_action_owners,
)
from commands.refs import plan_slug, title_key
from commands.status import label
from storage.models import (
    ADDED_IN_CHAT,
    Action,
    ActionOwner,
    Person,
    Plan,
    Role,
    Section,
    Update,
    utcnow,
)
from storage.unit_of_work import UnitOfWork

__all__ = ["import_actions", "progress_key"]

# Fields a chat command can change too; the file's value wins only when the file changed it.
_MERGED = ("title", "lead_text", "due_text", "status")
# The key of an action's import snapshot that keeps the cells of the last csbot export that
# changed the action (the rest of the snapshot is the council's file's).
_EXPORT = "export"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def progress_key(slug: str, ref: str, text: str) -> str:
    """The source key of an imported progress note: the same text is never logged twice."""
    return f"import:{slug}:{ref}:{_digest(text)}"


def _owners_text(item: ParsedAction, lead: str) -> str:
    """What an action's owners are read from: its lead cell with its line breaks when the
    lead is the row's own ("Fiona Smith⏎Jon Abbey"), else ``lead`` (a section's or the
    plan's)."""
    return lines_to_read(lead, item.lead_lines)


def _snapshot(item: ParsedAction, lead: str) -> dict[str, Any]:
    return {
        "title": item.title,
        "lead_text": lead,
        "due_text": item.due_text,
        "status": item.status,
    }


def _cells_read(stored: dict[str, Any] | None, *, mirror: bool) -> dict[str, Any]:
    """What an action's last import read of the file being imported: for a csbot export the
    cells of the last export that changed it (else the council's file's, which the export
    was made from), for a council's file that file's."""
    stored = stored or {}
    export = stored.get(_EXPORT)
    if mirror and isinstance(export, dict):
        return export
    return {k: v for k, v in stored.items() if k != _EXPORT}


class _PlanWriter:
    """Writes one parsed plan into the unit of work, counting what changed."""

    def __init__(
        self, uow: UnitOfWork, plan_name: str, today: date, slug: str | None = None
    ) -> None:
        self.uow = uow
        self.repos = uow.repos
        self.today = today
        self.now: datetime = uow.session.info.get("now") or utcnow()
        self.report = ImportReport(kind="actions", target=plan_name)
        self.slug = slug or plan_slug(plan_name)
        # A csbot export mirrors the plan as it is: importing it must not replace what the
        # council's own file said last (else that file, imported again, would undo chat).
        self.mirror = False
        self.plan_name = plan_name
        self._dues: dict[str, date | None] = {}
        # Timescales read as a committee's next meeting, for the report to say which.
        self.meetings: dict[str, NextMeetingDue] = {}
        # Refs of the actions whose due date this import set from their timescale.
        self.dating: set[str] = set()
        # Loaded once per import: a 10,000-row plan would otherwise query them on every row.
        self._owners: dict[str, list[Person | Role]] = {}
        self._logged: set[str] | None = None
        self._unsaved: list[tuple[Action, Update]] = []
        # The text of each existing action's newest update with words: a progress cell saying
        # the same (an exported plan imported again) is not logged a second time.
        self.latest_text: dict[int, str] = {}
        # Refs of actions given back text that an earlier import dropped as if it were HTML.
        self.restored: list[str] = []
        # Unchanged lead cells read otherwise than an earlier import read them.
        self.readings = OwnerReadings(self.repos)
        # Actions given the due date their unchanged timescale names, which an earlier import
        # could not read: "1.2 (Summer 2010: 31 Aug 2010)".
        self.dated: list[str] = []

    def owners(self, lead: str) -> list[Person | Role]:
        """The people and roles a lead cell names (each distinct cell resolved once)."""
        if lead not in self._owners:
            self._owners[lead] = self.readings.resolve(lead)
        return self._owners[lead]

    def _was_logged(self, key: str) -> bool:
        """True when a progress note with this key was imported before (into this plan)."""
        if self._logged is None:
            prefix = f"import:{self.slug}:"
            self._logged = set(
                self.uow.session.scalars(
                    select(Update.source_key).where(
                        Update.workspace_id == self.repos.actions.workspace_id,
                        Update.source_key.startswith(prefix, autoescape=True),
                    )
                )
            )
        return key in self._logged

    def finish(self) -> None:
        """Write the progress notes of new actions, once their actions have ids."""
        self.uow.session.flush()
        for action, update in self._unsaved:
            update.action_id = action.id
            self.uow.session.add(update)
        self._unsaved.clear()
        self.uow.session.flush()

    def due(self, text: str, dating: str | None = None) -> date | None:
        """The due date a timescale names (each distinct text is read once per file); one
        naming a committee's next meeting ("Before next CPAC") is read from the meetings.
        ``dating``: the ref of the action given this date now (the report names those)."""
        if dating is not None:
            self.dating.add(dating)
        if not text:
            return None
        if text not in self._dues:
            meeting = next_meeting_due(self.repos, text, self.now, self.today)
            if meeting is not None:
                self.meetings[text] = meeting
                self._dues[text] = meeting.due
            else:
                self._dues[text] = parse_due(text, self.today)
        return self._dues[text]

    def plan(self, columns: list[str]) -> Plan:
        plan = self.repos.plans.by_slug(self.slug)
        if plan is None:
            plan = Plan(
                workspace_id=self.repos.plans.workspace_id,
                name=self.plan_name[:200],
                slug=self.slug,
                columns=columns,
            )
            self.uow.session.add(plan)
            self.uow.session.flush()
        elif plan.columns != columns and not self.mirror:  # an export's are csbot's
            plan.columns = columns
        self.report.target = plan.name
        return plan

    def sections(self, plan: Plan, parsed: list[ParsedSection]) -> dict[str, Section]:
        """The plan's sections by the refs the file gives them (created or updated)."""
        existing = list(self.repos.plans.sections(plan.id))
        rows = {s.ref: s for s in existing}
        matched = _match_sections(parsed, existing)
        found: dict[str, Section] = {}
        for position, item in enumerate(parsed):
            section = matched.get(item.ref)
            if section is None:
                # A section the file names only ("Theme: Health") whose ref, counted in the
                # file, is another section's of the plan: the next number free.
                ref = item.ref if item.ref not in rows else _free_ref(rows, parsed)
                section = Section(
                    workspace_id=plan.workspace_id,
                    plan_id=plan.id,
                    ref=ref,
                    title=item.title,
                    lead_text=item.lead,
                    position=position,
                )
                self.uow.session.add(section)
                rows[ref] = found[item.ref] = section
                continue
            found[item.ref] = section
            for attr, value in (("title", item.title), ("lead_text", item.lead)):
                if attr == "title" and item.untitled:
                    continue  # "Section 1" stands in for a title: keep the plan's own
                if getattr(section, attr) != value:
                    setattr(section, attr, value)
            if section.position != position and not self.mirror:
                section.position = position
        self.uow.session.flush()
        return found

    def action(
        self,
        plan: Plan,
        existing: Action | None,
        item: ParsedAction,
        position: int,
        lead: str,
        section: Section | None,
    ) -> None:
        snapshot = _snapshot(item, lead)
        if existing is None:
            self._create(plan, item, position, lead, section, snapshot)
            self.report.created += 1
            return
        changed = self._merge(existing, item, position, lead, section, snapshot)
        if changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def _create(
        self,
        plan: Plan,
        item: ParsedAction,
        position: int,
        lead: str,
        section: Section | None,
        snapshot: dict[str, Any],
    ) -> None:
        action = Action(
            workspace_id=plan.workspace_id,
            plan_id=plan.id,
            section_id=section.id if section else None,
            ref=item.ref,
            title=item.title,
            lead_text=lead,
            due_text=item.due_text,
            due_date=self.due(item.due_text, item.ref),
            status=item.status or "not_started",
            extra=item.extra,
            position=position,
            import_snapshot=snapshot,
            # Given here, not set after a flush: setting them later loads the (empty) list.
            owners=owner_rows(self.owners(_owners_text(item, lead)), ActionOwner),
        )
        action.plan = plan
        self.uow.session.add(action)
        if item.progress:
            self._log(action, item.progress, None, item.status)

    def _same_due(self, action: Action, text: str) -> bool:
        """True when a timescale names the date the action is already due, which keeps its
        own words ("Before CPAC 2027-01-05" exported as the date it stands for)."""
        return (
            bool(action.due_text)
            and action.due_date is not None
            and (self.due(text) == action.due_date)
        )

    def _date_unread_timescale(self, action: Action, text: str, before: dict[str, Any]) -> bool:
        """Give an action the due date its timescale names when an earlier import could not
        read it: only while the timescale is the file's, unchanged since that import (so a
        date cleared or set in chat, which sets the timescale too, stands). A relative
        timescale ("within 3 months") is read from the day the action was imported, as it
        would have been then (a committee's next meeting is read as now). True when the date
        was set."""
        if action.due_date is not None or not text or action.due_text != text:
            return False
        if before and before.get("due_text") != text:
            return False
        imported = action.created_at.date() if action.created_at else self.today
        self.due(text)  # notes a committee's next meeting, read now (none was planned then)
        meeting = self.meetings.get(text)
        when = meeting.due if meeting is not None else parse_due(text, imported)
        if when is None:
            return False
        action.due_date = when
        self.dated.append(f"{action.ref} ({clip(text, 40)}: {fmt_date(when)})")
        return True

    def _merge(
        self,
        action: Action,
        item: ParsedAction,
        position: int,
        lead: str,
        section: Section | None,
        snapshot: dict[str, Any],
    ) -> bool:
        """Bring an existing action up to date with the file; True when anything changed."""
        before = _cells_read(action.import_snapshot, mirror=self.mirror)
        changed = False

        def file_changed(name: str) -> bool:
            # Without a snapshot (older data) the file is the only source to follow.
            if not before or before.get(name) == snapshot[name]:
                return not before
            if _read_earlier(before.get(name), snapshot[name]):
                # The same cell, once read without its tag-like text: the lost text comes
                # back, unless a chat edit has replaced it since (that edit stands).
                restore = getattr(action, name) == before.get(name)
                if restore and action.ref not in self.restored:
                    self.restored.append(action.ref)
                return restore
            return True

        for attr in ("title", "lead_text", "due_text"):
            value = snapshot[attr]
            if attr == "due_text" and self._same_due(action, value):
                continue
            if file_changed(attr) and getattr(action, attr) != value:
                setattr(action, attr, value)
                changed = True
                if attr == "lead_text":
                    owners = self.owners(_owners_text(item, lead))
                    if owner_keys(owners) != [(o.person_id, o.role_id) for o in action.owners]:
                        set_action_owners(action, owners)
                if attr == "due_text":
                    action.due_date = self.due(value, action.ref)
        if self._date_unread_timescale(action, snapshot["due_text"], before):
            changed = True
        if (
            not self.mirror
            and action.lead_text == lead
            and before.get("lead_text") == lead
            and self.readings.reads_otherwise(action.owners, _owners_text(item, lead))
        ):
            # The cell is as the last import read it (see OwnerReadings).
            self.readings.record(action.owners, f"{action.ref} ({lead[:60]})")
            set_action_owners(action, self.owners(_owners_text(item, lead)))
            changed = True
        for attr, value in (
            ("extra", item.extra),
            ("section_id", section.id if section else action.section_id),
        ):
            if getattr(action, attr) != value:
                setattr(action, attr, value)
                changed = True
        if action.position != position and not self.mirror:
            # Rows added or removed above move an action without changing it: not reported.
            action.position = position
        new_status = item.status if file_changed("status") else None
        if new_status == action.status:
            new_status = None
        logged = False
        if item.progress:
            logged = self._log(action, item.progress, action.status, new_status)
        if new_status is not None:
            if not logged:
                text = f"Status from the imported plan: {label(new_status)}."
                self._log(action, text, action.status, new_status, keyed=False)
            action.status = new_status
            changed = True
        changed = changed or logged
        self._remember(action, snapshot, changed)
        return changed

    def _remember(self, action: Action, snapshot: dict[str, Any], changed: bool) -> None:
        """Keep what this file said of the action, for the next import of such a file to
        compare with. A council's file replaces its own record; a csbot export keeps its cells
        beside it, only when it changed the action (an export imported as it was made writes
        nothing), so that the council's file imported again is still compared with itself."""
        stored = action.import_snapshot or {}
        if self.mirror:
            if changed and stored.get(_EXPORT) != snapshot:
                action.import_snapshot = {**stored, _EXPORT: snapshot}
            return
        if _cells_read(stored, mirror=False) != snapshot:
            export = stored.get(_EXPORT)
            action.import_snapshot = {**snapshot, **({_EXPORT: export} if export else {})}

    def _log(
        self,
        action: Action,
        text: str,
        status_before: str | None,
        status_after: str | None,
        *,
        keyed: bool = True,
    ) -> bool:
        """Log a progress note once; False when this very text was logged before."""
        key = progress_key(self.slug, action.ref, text) if keyed else None
        if key is not None:
            if self._was_logged(key) or self._logged_earlier(action, text):
                return False
            if action.id is not None and self.latest_text.get(action.id) == text:
                return False
            if self.mirror and action.id is not None and self._in_history(action, text):
                return False  # an export's newest update then, older than chat's since
            assert self._logged is not None
            self._logged.add(key)
        update = Update(
            workspace_id=action.workspace_id,
            action_id=action.id,
            author_name="import",
            created_at=self.now,
            text=text,
            status_before=status_before,
            status_after=status_after,
            source="import",
            source_key=key,
        )
        if action.id is None:
            self._unsaved.append((action, update))  # added by finish(), with its action's id
        else:
            self.uow.session.add(update)
        return True

    def _in_history(self, action: Action, text: str) -> bool:
        """True when the action has an update saying ``text`` already."""
        found = self.uow.session.scalar(
            select(Update.id)
            .where(
                Update.workspace_id == action.workspace_id,
                Update.action_id == action.id,
                Update.text == text,
            )
            .limit(1)
        )
        return found is not None

    def _logged_earlier(self, action: Action, text: str) -> bool:
        """True when an earlier import logged this note without its tag-like text: the
        history is not written twice for it."""
        earlier = earlier_reading(text)
        if earlier == text:
            return False
        if self._was_logged(progress_key(self.slug, action.ref, earlier)):
            return True
        return action.id is not None and self.latest_text.get(action.id) == earlier


def _match_sections(parsed: list[ParsedSection], existing: list[Section]) -> dict[str, Section]:
    """The plan's section each of the file's sections is, by the file's ref, never one section
    for two: a numbered section ("2.0 WORKFORCE") by its ref; one the file names only
    ("Section: …", a Theme cell), whose ref is just its place among those, by its title, else
    by that ref when no other section of the file is the plan's section with it."""
    by_ref = {s.ref: s for s in existing}
    titled = {s.title.casefold(): s for s in existing}
    matched: dict[str, Section] = {}
    for item in parsed:
        if not item.numbered_here and item.ref in by_ref:
            matched[item.ref] = by_ref[item.ref]
    for lookup in (lambda i: titled.get(i.title.casefold()), lambda i: by_ref.get(i.ref)):
        for item in parsed:
            section = lookup(item) if item.numbered_here and item.ref not in matched else None
            if section is not None and all(s is not section for s in matched.values()):
                matched[item.ref] = section
    return matched


def _free_ref(rows: dict[str, Section], parsed: list[ParsedSection]) -> str:
    """A section number neither the plan nor the file uses."""
    used = [int(r) for r in (*rows, *(p.ref for p in parsed)) if r.isdigit()]
    return str(max(used, default=0) + 1)


def _refuse_rows_over_chat_actions(items: list[ParsedAction], existing: dict[str, Action]) -> None:
    """Refuse a file whose row has the ref of an action added in chat (and in no file since)
    but another title: it is another action, and importing it would give the chat's action,
    its history with it, the row's title, owners and timescale. A row with the chat's title
    (its words compared without case or punctuation) is that action, now in the file."""
    clashes = [
        (item, action)
        for item in items
        if (action := existing.get(item.ref)) is not None
        and action.source_key == ADDED_IN_CHAT
        and not _cells_read(action.import_snapshot, mirror=False)
        and title_key(action.title) != title_key(item.title)
    ]
    if not clashes:
        return
    item, action = clashes[0]
    plan_ref = f"{action.plan.slug}:{action.ref}"
    others = [f"{i.ref} (row {i.row})" for i, _ in clashes[1:]]
    also = f" So do {', '.join(others[:10])}{'…' if len(others) > 10 else ''}." if others else ""
    raise ImportFailed(
        f"{item.ref} is an action added in chat on {fmt_date(action.created_at.date())}, "
        f"“{clip(action.title, 80)}”, not “{clip(item.title, 80)}” as this row says. If the "
        "row is that action, give it the title it has in chat, or give the action the row's "
        f"(/actions title {plan_ref} <title>); if it is another action, give the row a ref of "
        f"its own, and add {item.ref} to the file as it is in chat.{also}",
        row=item.row,
    )


def _read_earlier(stored: object, value: object) -> bool:
    """True when ``stored`` is how csbot read ``value`` before it kept tag-like text."""
    return (
        isinstance(stored, str)
        and isinstance(value, str)
        and (stored != value and earlier_reading(value) == stored)
    )


def import_actions(
    uow: UnitOfWork,
    table: Table,
    *,
    plan_name: str,
    today: date,
    slug: str | None = None,
    mirror: bool = False,
) -> ImportReport:
    """Create or update a plan from a table (``slug``: the plan's, when its name does not
    make it; ``mirror``: the table is a csbot export, which leaves each existing action's
    record of what the council's file said as it was); re-importing the same file changes
    nothing."""
    parsed: ParsedPlan = parse_plan(table, markup=not mirror)
    people_before = people_ids(uow.repos)
    writer = _PlanWriter(uow, plan_name, today, slug)
    writer.mirror = mirror
    plan = writer.plan(parsed.columns)
    sections = writer.sections(plan, parsed.sections)
    leads = {s.ref: s.lead for s in parsed.sections}
    existing = {a.ref: a for a in uow.repos.actions.in_plan(plan.id)}
    _refuse_rows_over_chat_actions(parsed.actions, existing)
    writer.latest_text = uow.repos.actions.latest_texts([a.id for a in existing.values()])
    row_leads = [
        item.lead or leads.get(item.section_ref or "", "") or parsed.plan_lead
        for item in parsed.actions
    ]
    # Every lead cell first: a name written alone is read alike whichever row comes first.
    writer.readings.expect(
        _owners_text(item, lead) for item, lead in zip(parsed.actions, row_leads, strict=True)
    )
    for position, (item, lead) in enumerate(zip(parsed.actions, row_leads, strict=True), 1):
        section = sections.get(item.section_ref or "")
        writer.action(plan, existing.get(item.ref), item, position, lead, section)
    writer.finish()
    report = writer.report
    missing = sorted(set(existing) - {a.ref for a in parsed.actions})
    if missing:
        report.notes.append(
            f"{plural(len(missing), 'action')} of {plan.name} "
            + (
                "is not in this file and was kept: "
                if len(missing) == 1
                else "are not in this file and were kept: "
            )
            + ", ".join(missing[:20])
            + ("…" if len(missing) > 20 else "")
        )
    uow.session.flush()
    report.notes.extend(new_people_notes(uow.repos, people_before))
    report.notes.append(
        f"{plural(len(parsed.sections), 'section')}; columns kept as extra fields: "
        + (", ".join(parsed.extras) or "none")
        + "."
    )
    unread = [
        f"row {a.row} “{a.due_text[:60]}”"
        for a in parsed.actions
        if a.due_text and writer.due(a.due_text) is None and not NO_DATE_WORDS.match(a.due_text)
    ]
    report.note_unread_timescales(unread)
    report.note_next_meetings(
        [
            TimescaleReading(
                "row",
                a.row,
                a.due_text,
                f"{fmt_date(read.due)}, {read.words()}" if read.due else "no meeting planned",
            )
            for a in parsed.actions
            if a.ref in writer.dating and (read := writer.meetings.get(a.due_text)) is not None
        ]
    )
    report.note_quarters(
        [
            quarter_reading("row", a.row, a.due_text, due)
            for a in parsed.actions
            # Only dates this import gave: an action that keeps its date is not re-read.
            if a.ref in writer.dating and (due := writer.due(a.due_text)) is not None
        ]
    )
    if writer.restored:
        report.notes.append(
            "Text that an earlier import left out because it looked like HTML tags "
            "(“<Mosaic>”, “<b>”) is back in "
            + plural(len(writer.restored), "action")
            + ": "
            + ", ".join(writer.restored[:20])
            + ("…" if len(writer.restored) > 20 else "")
            + "."
        )
    report.note_dated(writer.dated)
    writer.readings.close(report.notes, "action")
    if parsed.passed_over:
        named = [f"row {n} “{clip(text, 60)}”" for n, text in parsed.passed_over]
        report.notes.append(
            f"Not read, having no action ref: {some_of(named, 10)} (a note, a total or a "
            "heading csbot does not know: write a heading as `Priority 1: …` or `Theme 2 - …` "
            "to make it a section)."
        )
    if parsed.joined:
        rows = ", ".join(map(str, parsed.joined[:20])) + ("…" if len(parsed.joined) > 20 else "")
        report.notes.append(
            f"{plural(parsed.joined_rows, 'row')} without a ref "
            + ("was" if parsed.joined_rows == 1 else "were")
            + f" joined to the action above ({'row' if parsed.joined_rows == 1 else 'rows'} "
            + f"{rows})."
        )
    return report
