"""An action plan as a table: its heading rows and actions, with each action's latest progress.

The columns are the plan's own where it was imported (its headers, in its order, extra
columns and a Section or Theme column included), then any of ref, action, lead, timescale,
status and progress it lacked; each action's Progress is its newest update with words (a
status change alone has none), so a council gets back the table it knows, brought up to
date, and re-importing it changes nothing.
"""

from __future__ import annotations

from datetime import date

from commands.dates import names_fixed_date, parse_due
from commands.exporters.writer import ExportFailed, ExportTable
from commands.formatting import fmt_date
from commands.importers import read_plan_title
from commands.importers.headers import field_of
from commands.lookup import plan_named
from commands.refs import plan_slug
from commands.status import label
from storage.models import Action, Plan, Section
from storage.repositories import Repositories

# The fields every export has, with the header used when the plan has none of its own.
FIELDS = {
    "ref": "Ref",
    "title": "Action",
    "lead": "Lead",
    "due": "Timescale",
    "status": "Status",
    "progress": "Progress to date",
}


def plan_title_line(plan: Plan) -> str:
    """The ``Plan: <name>`` line above an exported plan, with `` (<slug>)`` after the name
    whenever the line without it would not read back as this plan: a slug the name does not
    make (actions arising), or a name ending in brackets that read as a slug (`Ofsted plan
    (2026-27)`)."""
    plain = f"Plan: {plan.name}"
    if plan_slug(plan.name) == plan.slug and read_plan_title(plain) == (plan.name, None):
        return plain
    return f"{plain} ({plan.slug})"


def export_actions(repos: Repositories, plan_name: str | None, today: date) -> ExportTable:
    """The plan ``plan_name`` names (the only plan when None) as a table; ``today`` is the
    day a timescale's words are read on (see :func:`timescale`)."""
    plan = _plan(repos, plan_name)
    actions = list(repos.actions.in_plan(plan.id))
    sections = {s.id: s for s in repos.plans.sections(plan.id)}
    progress = repos.actions.latest_texts([a.id for a in actions])
    columns = _columns(plan, actions)
    title = plan_title_line(plan)
    # The plan's name above the table, where the importer finds it again (without --plan).
    rows: list[list[str]] = []
    shown: int | None = None
    for action in actions:
        if action.section_id is not None and action.section_id != shown:
            shown = action.section_id
            rows.extend(_heading(sections[shown], columns))
        text = progress.get(action.id, "")
        section = sections.get(action.section_id) if action.section_id is not None else None
        rows.append([_cell(action, field, text, today, section) for field in columns])
    used = {a.section_id for a in actions} - {None}
    count = f"{len(actions)} action{'' if len(actions) == 1 else 's'}"
    if used:
        count += f" in {len(used)} section{'' if len(used) == 1 else 's'}"
    return ExportTable(
        headers=list(columns.values()),
        rows=rows,
        above=[[title]],
        what=f"{plan.name} ({count})",
        sheet=plan.name,
    )


def _plan(repos: Repositories, name: str | None) -> Plan:
    if name:
        return plan_named(repos, name)
    plans = list(repos.plans.all())
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise ExportFailed("There are no plans in this workspace yet: nothing to export.")
    names = "; ".join(f"{p.name} ({p.slug})" for p in plans)
    raise ExportFailed(f"Say which plan to export with --plan NAME. Plans here: {names}.")


def _columns(plan: Plan, actions: list[Action]) -> dict[str, str]:
    """Field (``ref`` … or ``extra:<header>``) -> header, in the order they are written."""
    extras = {key for a in actions for key in (a.extra or {})}
    columns: dict[str, str] = {}
    for header in plan.columns or []:
        field = field_of(header)
        if (field in FIELDS or field == "section") and field not in columns:
            columns[field] = header  # a Section (Theme) column: each action's section
        elif header in extras:
            columns[f"extra:{header}"] = header
    for field, header in FIELDS.items():
        if field not in columns:
            taken = set(columns.values())
            columns[field] = header if header not in taken else f"{header} (csbot)"
    for key in sorted(extras - {c.removeprefix("extra:") for c in columns}):
        columns[f"extra:{key}"] = key
    return columns


def _heading(section: Section, columns: dict[str, str]) -> list[list[str]]:
    """A section's heading row as the importer knows one: ``2.0`` and the title (nothing
    else) for a numbered section, ``Section: <title>`` for one named otherwise (the
    importer finds it again by its title); then its lead officer on a line of its own."""
    blank = [""] * (len(columns) - 1)
    if section.ref.isdigit():
        values = {"ref": f"{section.ref}.0", "title": section.title}
        rows = [[values.get(field, "") for field in columns]]
    else:
        rows = [[f"Section: {section.title}", *blank]]
    if section.lead_text:
        rows.append([f"Lead officer: {section.lead_text}", *blank])
    return rows


def timescale(action: Action, today: date) -> str:
    """The Timescale cell: the action's own words when they name its due date whenever they
    are read ("31 March 2027", "Summer 2027"), else the date itself ("next Friday", "end of
    March", "Before CPAC 2027-01-05" for the day before the meeting), so that an import, on
    any day and into any database, reads the same date."""
    # Only words that name that date whenever they are read: "next Friday" or "31/12"
    # imported next month, or elsewhere, would name another day.
    if (
        action.due_text
        and parse_due(action.due_text, today) == action.due_date
        and (action.due_date is None or names_fixed_date(action.due_text, today))
    ):
        return action.due_text
    if action.due_date is not None:
        return fmt_date(action.due_date)
    return action.due_text


def _cell(action: Action, field: str, progress: str, today: date, section: Section | None) -> str:
    if field == "ref":
        return action.ref
    if field == "title":
        return action.title
    if field == "lead":
        return action.lead_text
    if field == "due":
        return timescale(action, today)
    if field == "status":
        return label(action.status)
    if field == "progress":
        return progress
    if field == "section":
        return section.title if section is not None else ""
    value = (action.extra or {}).get(field.removeprefix("extra:"), "")
    return "" if value is None else str(value)
