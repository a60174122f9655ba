"""Import an action plan table (the layouts of seeds 000, 001, 002 and 004)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from commands.dates import parse_due
from commands.importers.headers import field_of, header_key
from commands.importers.report import ImportFailed, ImportReport
from commands.importers.table import Row, Table
from commands.owner_store import resolve_owners, set_action_owners
from commands.refs import looks_like_ref, normalise_ref, plan_slug
from commands.status import parse_status, parse_status_cell
from storage.models import Action, Plan, Section, Update
from storage.unit_of_work import UnitOfWork

_SECTION_LINE = re.compile(r"^\s*(strategic aim|theme|section)\s*:?\s*(.*)$", re.I)
_LEAD_LINE = re.compile(r"^\s*lead\s+officer\s*:\s*(.+)$", re.I)
_HEADING = re.compile(r"^(\d+)(?:\.0)?\s+([A-Z][A-Z ,:&'’-]{3,})$")
_SECTION_REF = re.compile(r"^\d+\.0$|^\d+$")
MAX_TITLE = 5000


@dataclass
class Layout:
    """Which column holds which field, and the header text of the extra columns."""

    header_row: int
    fields: dict[str, int]
    extras: dict[int, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)


@dataclass
class ParsedAction:
    """One action row as read from the file."""

    row: int
    ref: str
    title: str
    lead: str
    due_text: str
    status: str | None
    progress: str
    section_ref: str | None
    extra: dict[str, str]


def _is_header(row: Row) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        name = field_of(cell)
        if name is not None and name not in found:
            found[name] = i
        elif name == "title" and "title" in found and "title2" not in found:
            found["title2"] = i
    return found


def find_layout(table: Table) -> Layout:
    """The header row and column mapping; refuses a table without a recognisable header."""
    for row in table.rows[:40]:
        found = _is_header(row)
        if len(set(found) - {"title2"}) < 2 and not (found and _has_long_text_header(row)):
            continue
        fields = {k: v for k, v in found.items() if k != "title2"}
        if "ref" not in fields:
            # The ref column usually has an empty header (seeds 000, 002, 004): the first one.
            blank = [i for i, c in enumerate(row.cells) if not c.strip()]
            fields["ref"] = blank[0] if blank and blank[0] == 0 else 0
        if "title" not in fields:
            # No title synonym (seed 000 "TIME FOR CHANGE"): the first column after the ref.
            candidates = [
                i for i in range(len(row.cells)) if i != fields["ref"] and i not in fields.values()
            ]
            if not candidates:
                break
            fields["title"] = candidates[0]
        used = set(fields.values())
        extras = {i: c for i, c in enumerate(row.cells) if i not in used and c.strip()}
        return Layout(row.number, fields, extras, list(row.cells))
    raise ImportFailed(
        "no header row found: expected columns such as Ref, Action/Priority/Recommendation, "
        "Lead/Who, Timescale/When, Status and Progress."
    )


def _has_long_text_header(row: Row) -> bool:
    return sum(1 for c in row.cells if c.strip()) >= 3


def _same_header(row: Row, layout: Layout) -> bool:
    cells = [header_key(c) for c in row.cells if c.strip()]
    fields = [f for f in (field_of(c) for c in row.cells) if f]
    return len(fields) >= 2 or (
        bool(cells) and cells == [header_key(h) for h in layout.headers if h.strip()]
    )


def parse_rows(
    table: Table, layout: Layout
) -> tuple[list[tuple[str, str, int]], list[ParsedAction], dict[str, str]]:
    """Sections (ref, title, row), actions, and section leads from the rows after the header."""
    sections: list[tuple[str, str, int]] = []
    section_leads: dict[str, str] = {}
    actions: list[ParsedAction] = []
    seen: dict[str, int] = {}
    current: str | None = None
    f = layout.fields
    for row in table.rows:
        if row.number == layout.header_row or (
            row.number > layout.header_row and _same_header(row, layout)
        ):
            continue
        filled = [c for c in row.cells if c.strip()]
        first = filled[0] if filled else ""
        if len(filled) == 1:
            lead_line = _LEAD_LINE.match(first)
            if lead_line:
                if current is not None:
                    section_leads[current] = lead_line[1].strip()
                continue
            section_line = _SECTION_LINE.match(first)
            heading = _HEADING.match(first)
            if section_line or heading:
                if section_line:
                    m = re.match(r"^(\d+)\.?\s*(.*)$", section_line[2].strip())
                    ref = m[1] if m else str(len(sections) + 1)
                    title = (m[2] if m else section_line[2]).strip()
                else:
                    assert heading is not None
                    ref, title = heading[1], heading[2].strip()
                current = ref
                sections.append((ref, title, row.number))
                continue
        if row.number < layout.header_row:
            continue
        raw_ref = row.cell(f["ref"])
        title = row.cell(f["title"])
        others = [
            c for i, c in enumerate(row.cells) if c.strip() and i not in (f["ref"], f["title"])
        ]
        if not raw_ref.strip():
            if title.strip() and not others and re.match(r"^\d+(\.0)?\s+\S", title):
                m = re.match(r"^(\d+)(?:\.0)?\s+(.*)$", title)
                assert m is not None
                current = m[1]
                sections.append((m[1], m[2].strip(), row.number))
            continue
        if not looks_like_ref(raw_ref):
            if len(filled) == 1:
                continue  # a stray line (a page header, a note)
            raise ImportFailed(
                f"“{raw_ref[:40]}” is not an action reference",
                row=row.number,
                column=layout.headers[f["ref"]] or "Ref",
            )
        ref = normalise_ref(raw_ref)
        if _SECTION_REF.match(ref) and not others and title.strip() and ref.endswith(".0"):
            current = ref.split(".")[0]
            sections.append((current, title.strip(), row.number))
            continue
        if not title.strip():
            raise ImportFailed(
                f"action {ref} has no title",
                row=row.number,
                column=layout.headers[f["title"]] or "Action",
            )
        if len(title) > MAX_TITLE:
            raise ImportFailed(
                f"action {ref} has a title over {MAX_TITLE} characters",
                row=row.number,
                column=layout.headers[f["title"]] or "Action",
            )
        if ref in seen:
            raise ImportFailed(
                f"ref {ref} appears twice (first on row {seen[ref]})",
                row=row.number,
                column=layout.headers[f["ref"]] or "Ref",
            )
        seen[ref] = row.number
        status_text = row.cell(f["status"]) if "status" in f else ""
        status = None
        if status_text.strip():
            status = parse_status(status_text) or parse_status_cell(status_text)
            if status is None:
                raise ImportFailed(
                    f"“{status_text[:40]}” is not a status I know (try On track, "
                    "At risk, Off track, Achieved, Green/Amber/Red)",
                    row=row.number,
                    column=layout.headers[f["status"]],
                )
        progress = row.cell(f["progress"]) if "progress" in f else ""
        if status is None and progress:
            status = status_from_progress(progress)
        section_ref = current
        if section_ref is None and "." in ref:
            section_ref = ref.split(".")[0]
        actions.append(
            ParsedAction(
                row=row.number,
                ref=ref,
                title=title.strip(),
                lead=row.cell(f["lead"]) if "lead" in f else "",
                due_text=row.cell(f["due"]) if "due" in f else "",
                status=status,
                progress=progress.strip(),
                section_ref=section_ref,
                extra={layout.extras[i]: row.cell(i) for i in layout.extras},
            )
        )
    if not actions:
        raise ImportFailed("the file has a header but no action rows")
    return sections, actions, section_leads


def status_from_progress(text: str) -> str | None:
    """A status only when the progress cell opens with one: "Achieved. ...", "Delayed - ..."."""
    m = re.match(r"^\s*([A-Za-z][A-Za-z -]{1,30}?)\s*(?:[.;:,(–-]|$)", text)
    if not m:
        return None
    lead = m[1].strip()
    if lead.lower().startswith("achieved") and re.search(r"monitor|on-?going", text, re.I):
        return "monitoring"
    if lead.lower() == "not accepted":
        return "not_accepted"
    return parse_status(lead) if len(lead.split()) <= 3 else None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def import_actions(uow: UnitOfWork, table: Table, *, plan_name: str, today: date) -> ImportReport:
    """Create or update a plan from a table; re-importing the same file changes nothing."""
    layout = find_layout(table)
    sections, parsed, section_leads = parse_rows(table, layout)
    repos = uow.repos
    report = ImportReport(kind="actions", target=plan_name)
    slug = plan_slug(plan_name)
    plan = repos.plans.by_slug(slug)
    columns = [h for h in layout.headers if h.strip()]
    if plan is None:
        plan = Plan(
            workspace_id=repos.plans.workspace_id, name=plan_name, slug=slug, columns=columns
        )
        uow.session.add(plan)
        uow.session.flush()
    elif plan.columns != columns:
        plan.columns = columns

    section_rows: dict[str, Section] = {s.ref: s for s in repos.plans.sections(plan.id)}
    for position, (ref, title, _row) in enumerate(sections):
        existing = section_rows.get(ref)
        lead = section_leads.get(ref, "")
        if existing is None:
            existing = Section(
                workspace_id=plan.workspace_id,
                plan_id=plan.id,
                ref=ref,
                title=title,
                lead_text=lead,
                position=position,
            )
            uow.session.add(existing)
            section_rows[ref] = existing
        else:
            if existing.title != title:
                existing.title = title
            if existing.lead_text != lead:
                existing.lead_text = lead
    uow.session.flush()

    existing_actions = {a.ref: a for a in repos.actions.in_plan(plan.id)}
    for position, item in enumerate(parsed, start=1):
        lead = item.lead.strip() or section_leads.get(item.section_ref or "", "")
        due = parse_due(item.due_text, today) if item.due_text else None
        section = section_rows.get(item.section_ref or "")
        action = existing_actions.get(item.ref)
        created = action is None
        if action is None:
            action = Action(
                workspace_id=plan.workspace_id,
                plan_id=plan.id,
                ref=item.ref,
                title=item.title,
                status=item.status or "not_started",
            )
            uow.session.add(action)
            action.plan = plan
        changed = created
        for attr, value in (
            ("title", item.title),
            ("lead_text", lead),
            ("due_text", item.due_text),
            ("due_date", due),
            ("extra", item.extra),
            ("position", position),
            ("section_id", section.id if section else None),
        ):
            if getattr(action, attr) != value:
                setattr(action, attr, value)
                changed = True
        if not created and item.status and action.status != item.status:
            action.status = item.status
            changed = True
        uow.session.flush()
        owners = resolve_owners(repos, lead)
        current = [(o.person_id, o.role_id) for o in action.owners]
        wanted = [(o.id, None) if type(o).__name__ == "Person" else (None, o.id) for o in owners]
        if current != wanted:
            set_action_owners(action, owners)
            changed = changed or not created
        if item.progress:
            key = f"import:{slug}:{item.ref}:{_digest(item.progress)}"
            if repos.actions.update_by_source_key(key) is None:
                uow.session.add(
                    Update(
                        workspace_id=plan.workspace_id,
                        action_id=action.id,
                        author_name="import",
                        text=item.progress,
                        status_after=item.status,
                        source="import",
                        source_key=key,
                    )
                )
                changed = True
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
    uow.session.flush()
    missing = sorted(set(existing_actions) - {p.ref for p in parsed})
    if missing:
        report.notes.append(
            f"{len(missing)} action(s) of {plan_name} are not in this file and were kept: "
            + ", ".join(missing[:20])
            + ("…" if len(missing) > 20 else "")
        )
    report.notes.append(
        f"{len(sections)} section(s); columns kept as extra fields: "
        + (", ".join(layout.extras.values()) or "none")
        + "."
    )
    return report
