"""Importers: action plans, KPI values, meetings (CSV, TSV, XLSX) and minutes (plain text).

``run_import`` reads the file, runs the importer in ONE unit of work, and commits only when the
whole file was read without error: a bad file writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from commands.dates import local_today
from commands.errors import UserError
from commands.importers.report import HeaderLacks, ImportFailed, ImportReport, NoHeader
from commands.importers.table import Table, read_file_bytes, read_table
from storage.db_errors import lost_a_race
from storage.models import utcnow
from storage.unit_of_work import Store, UnitOfWork

KINDS = ("actions", "kpis", "meetings", "minutes")

__all__ = ["KINDS", "ImportFailed", "ImportReport", "import_into", "run_import"]


# Documents that hold text but are not plain text: minutes must be saved as text first.
_DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".xlsx", ".xls", ".zip"}
_BINARY_STARTS = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")
# Tables: a plan, KPIs or an agenda given as minutes by mistake.
_TABLE_SUFFIXES = {".csv", ".tsv"}


def _read_text(path: Path) -> str:
    """The text of a minutes file: UTF-8 (with or without BOM), UTF-16 (with its BOM) or
    Windows-1252; never binary."""
    data = read_file_bytes(path)
    if path.suffix.lower() in _DOCUMENT_SUFFIXES or data.startswith(_BINARY_STARTS):
        raise ImportFailed(
            f"{path.name} is a document, not plain text: save the minutes as a .txt file first."
        )
    if path.suffix.lower() in _TABLE_SUFFIXES:
        raise ImportFailed(
            f"{path.name} is a table, not minutes: minutes are plain text (.txt). A plan, KPIs "
            "or an agenda is imported with `csbot import actions`, `kpis` or `meetings`."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")  # "Unicode Text", as Windows saves it
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{path.name} is not readable UTF-16 text.") from exc
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{path.name} is not plain text (it looks like a binary file).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{path.name} is neither UTF-8 nor Windows-1252 text.")


def run_import(
    store: Store,
    workspace_key: str,
    kind: str,
    path: str | Path,
    *,
    plan: str | None = None,
    new_plan: str | None = None,
    meeting: str | None = None,
    actor: str = "import",
    today: date | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import one file of ``kind`` into a workspace, all or nothing.

    The file is read first (CSV, TSV or XLSX; plain text for minutes), then the kind's importer
    runs in ONE unit of work that commits only when the whole file went in. Raises ImportFailed,
    naming the file (and the row and column when one is to blame); nothing is written then.
    ``plan`` names the plan an action plan goes into (loosely, as chat does); ``new_plan``
    makes a new plan of exactly that name instead. ``now`` (default: the clock) is when the
    import happens.
    """
    p = Path(path)
    data = _read(kind, p, plan, new_plan, meeting)
    now = now or utcnow()
    who = actor if actor == "import" or actor.startswith("import:") else f"import:{actor}"
    with store.unit_of_work(workspace_key, actor=who, now=now) as uow:
        report = _import_read(uow, kind, data, p, plan, new_plan, meeting, today)
        try:
            uow.commit()
        except SQLAlchemyError as exc:
            # Leaving the unit of work rolls back: nothing of the file is kept.
            raise _refused(p, exc) from exc
    return report


def import_into(
    uow: UnitOfWork,
    kind: str,
    path: Path,
    *,
    plan: str | None = None,
    meeting: str | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import one file as :func:`run_import` does, in a unit of work of the caller's (which
    commits it, with whatever else it holds: the demo's files, all or nothing)."""
    data = _read(kind, path, plan, None, meeting)
    return _import_read(uow, kind, data, path, plan, None, meeting, today)


def _read(
    kind: str, p: Path, plan: str | None, new_plan: str | None, meeting: str | None
) -> Table | str:
    """The file's table (its text, for minutes), once the arguments are checked."""
    if kind not in KINDS:
        raise ImportFailed(f"unknown import kind {kind!r}; choose one of {', '.join(KINDS)}")
    if plan is not None and new_plan is not None:
        raise ImportFailed(
            "give --plan (a plan there is, or a new one) or --new-plan (always a new plan), "
            "not both"
        )
    if kind == "minutes" and not (meeting or "").strip():
        raise ImportFailed(
            "minutes need --meeting: --meeting '<committee> <YYYY-MM-DD>', or the committee "
            "alone for its last meeting held"
        )
    try:
        return _read_text(p) if kind == "minutes" else read_table(p)
    except ImportFailed as exc:
        raise _naming(p, exc) from exc


def _import_read(
    uow: UnitOfWork,
    kind: str,
    data: Table | str,
    p: Path,
    plan: str | None,
    new_plan: str | None,
    meeting: str | None,
    today: date | None,
) -> ImportReport:
    """The kind's importer on the file read, in ``uow``; ImportFailed naming the file.

    Imports into the same workspace take turns: this one first waits for any other to end,
    so that what it reads (the plan, refs, people and indicators there are) is what the other
    committed, and its report says what this file changed."""
    try:
        uow.take_turn()
        tz = uow.workspace.timezone or "Europe/London"
        day = today or local_today(uow.session.info.get("now") or utcnow(), tz)
        return _first_sheet(
            uow, kind, data, p, plan=_Plan(plan, new_plan), meeting=meeting, tz=tz, today=day
        )
    except ImportFailed as exc:
        raise _naming(p, exc) from exc
    except UserError as exc:
        raise ImportFailed(f"{p.name}: {exc.message}") from exc
    except SQLAlchemyError as exc:
        raise _refused(p, exc) from exc


# What the database says when a wait for a lock (another import's turn, a row another change
# holds) gave up: PostgreSQL's lock_not_available, SQLite's busy or locked.
_LOCK_SQLSTATES = frozenset({"55P03"})
_SQLITE_LOCK_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED")


def _refused(p: Path, exc: SQLAlchemyError) -> ImportFailed:
    """The refusal of a file the database would not take: a lock waited for in vain and a
    clash with what another import or change wrote at the same moment are said as such (the
    import may be run again), never in the database's words."""
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    if orig is not None and _waited_in_vain(orig):
        return ImportFailed(
            f"{p.name}: another import or change was in progress in this workspace and did "
            "not finish in time: run the import again"
        )
    if isinstance(exc, DBAPIError) and lost_a_race(exc):
        return ImportFailed(
            f"{p.name}: another import or change was made in this workspace at the same "
            "moment and clashed with this one: run the import again"
        )
    reason = str(orig if orig is not None else exc).splitlines()[0]
    return ImportFailed(f"{p.name}: the database refused the import ({reason})")


def _waited_in_vain(orig: BaseException) -> bool:
    """True when the driver's error says a wait for a lock gave up."""
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state:
        return state in _LOCK_SQLSTATES
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str) and name:
        return name.startswith(_SQLITE_LOCK_ERRORS)
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


@dataclass(frozen=True)
class _Plan:
    """The plan an action plan import was told to go into: ``--plan`` (``name``) or
    ``--new-plan`` (``new``), or neither."""

    name: str | None
    new: str | None


def _first_sheet(
    uow: UnitOfWork,
    kind: str,
    data: Table | str,
    path: Path,
    *,
    plan: _Plan,
    meeting: str | None,
    tz: str,
    today: date,
) -> ImportReport:
    """Import the first sheet of a workbook that has a header row of this kind with the columns
    the importer needs (a cover sheet, or a summary's short table, comes first in many); refuse,
    naming the sheets looked at, when none has one."""
    sheets = data.sheets() if isinstance(data, Table) else (data,)
    refusals: list[tuple[Table | str, NoHeader]] = []
    for sheet in sheets:
        try:
            report = _dispatch(
                uow, kind, sheet, path, plan=plan, meeting=meeting, tz=tz, today=today
            )
        except NoHeader as exc:
            # Nothing is written before the header is found, so the next sheet starts clean.
            refusals.append((sheet, exc))
            continue
        except ImportFailed as exc:
            # A refusal of a cell read as blank may have that cause (a missing value).
            _refuse_uncalculated(sheet, sheets)
            if sheet is sheets[0]:
                raise
            raise _in_sheet(sheet, exc) from exc  # its row numbers are that sheet's
        _refuse_uncalculated(sheet, sheets)
        # A sheet passed over may have been for want of its header's formulas' results (a
        # scorecard whose month headings are formulas): another sheet must not be read then.
        for passed, _ in refusals:
            _refuse_uncalculated(passed, sheets)
        notes = []
        if isinstance(sheet, Table) and sheet is not sheets[0]:
            passed = ", ".join(f"“{s.sheet}”" for s, _ in refusals if isinstance(s, Table))
            notes.append(
                f"Read sheet “{sheet.sheet}” (the first with a header row csbot can import; "
                f"{passed} passed over)."
            )
        elif isinstance(sheet, Table) and len(sheets) > 1:
            first = "first visible one" if sheet.hidden else "first"
            notes.append(f"Read sheet “{sheet.sheet}”, the workbook's {first}.")
        if isinstance(data, Table) and isinstance(sheet, Table):
            notes += _unread_sheets(data, sheet)
        report.notes[0:0] = notes
        return report
    for passed, _ in refusals:
        _refuse_uncalculated(passed, sheets)  # the likelier cause of finding no header
    raise _no_sheet_read(data, refusals)


def _refuse_uncalculated(sheet: Table | str, sheets: tuple[Table | str, ...]) -> None:
    """Refuse the sheet being imported when its formula cells' saved results are not the
    formulas' (saved without them, so read as blank; or saved as 0 by a program that leaves
    the working out to whoever opens the file): a figure or a status would be lost, or
    wrong, without a word."""
    if not isinstance(sheet, Table) or not sheet.uncalculated:
        return
    refusal = ImportFailed(_uncalculated_words(sheet))
    raise refusal if len(sheets) == 1 else _in_sheet(sheet, refusal)


def _uncalculated_words(sheet: Table) -> str:
    """Why a sheet's formulas cannot be read, naming the first such cell, and what to do."""
    first = sheet.uncalculated[0]
    more = len(sheet.uncalculated) - 1
    others = f" (and {more} more formula {'cell' if more == 1 else 'cells'})" if more else ""
    if first.saved is None:
        how = (
            f"saved without its result{others}, as a program that writes workbooks without "
            "working them out leaves them"
        )
    else:
        how = (
            f"saved with the result {first.saved[:20]}{others} by a program that leaves "
            "formulas to be worked out when the file is opened, so the result may not be the "
            "formula's"
        )
    return (
        f"cell {first.cell} holds a formula ({first.formula[:60]}) {how}: open the file in "
        "Excel or LibreOffice, save it, and import it again"
    )


def _unread_sheets(data: Table, read: Table) -> list[str]:
    """The report's lines on a workbook's sheets not read: later sheets with rows (one sheet
    is imported; each other is a file of its own), and hidden sheets."""
    every = data.sheets()
    later = [s.sheet for s in every[every.index(read) + 1 :] if s.sheet]
    notes = []
    if later:
        notes.append(
            f"Not read: the workbook's later {'sheet' if len(later) == 1 else 'sheets'} "
            f"{', '.join(f'“{t}”' for t in later[:10])} (one sheet is imported: save another as "
            "a file of its own to import it)."
        )
    if data.hidden:
        notes.append(
            f"Not read: hidden {'sheet' if len(data.hidden) == 1 else 'sheets'} "
            f"{', '.join(f'“{t}”' for t in data.hidden[:10])}."
        )
    return notes


def _no_sheet_read(data: Table | str, refusals: list[tuple[Table | str, NoHeader]]) -> ImportFailed:
    """The refusal of a file none of whose sheets could be read: a header that lacks a column
    the importer needs says more than "no header row", so it is named first, with its sheet."""
    sheet, refusal = next(((s, r) for s, r in refusals if isinstance(r, HeaderLacks)), refusals[0])
    named = [s.sheet for s in (data.sheets() if isinstance(data, Table) else ()) if s.sheet]
    if not named:
        return refusal
    hidden = ", ".join(f"“{n}”" for n in (data.hidden if isinstance(data, Table) else ()))
    unread = f"; hidden sheets are not read: {hidden}" if hidden else ""
    looked = f" (sheets looked at: {', '.join(f'“{n}”' for n in named)}{unread})"
    if isinstance(refusal, HeaderLacks):
        return _in_sheet(sheet, refusal, looked if len(named) > 1 else "")
    return ImportFailed(f"{refusal}{looked}")


def _in_sheet(sheet: Table | str, exc: ImportFailed, after: str = "") -> ImportFailed:
    """The same refusal, saying which sheet of the workbook it is about."""
    if not isinstance(sheet, Table) or not sheet.sheet:
        return exc
    named = ImportFailed(f"sheet “{sheet.sheet}”, {exc}{after}")
    named.row, named.column = exc.row, exc.column
    return named


def _dispatch(
    uow: UnitOfWork,
    kind: str,
    data: Table | str,
    path: Path,
    *,
    plan: _Plan,
    meeting: str | None,
    tz: str,
    today: date,
) -> ImportReport:
    # Each importer is imported here, when it is needed: they are written independently.
    if isinstance(data, str):
        from commands.importers.minutes import import_minutes

        return import_minutes(uow, data, meeting=(meeting or "").strip(), today=today)
    if kind == "actions":
        from commands.importers.actions import import_actions
        from commands.importers.plan_target import (
            file_named_plan,
            new_named_plan,
            titled_plan,
            typed_plan,
        )

        named = " ".join((plan.name or "").split())
        new = " ".join((plan.new or "").split())
        titled = plan_title(data)  # csbot's exports start with the plan's name
        if plan.new is not None:
            target = new_named_plan(uow.repos, new)
        elif named:
            target = typed_plan(uow.repos, named)
        elif titled:
            target = titled_plan(uow.repos, *titled)
        else:
            target = file_named_plan(uow.repos, plan_name_from(path))
        report = import_actions(
            uow,
            data,
            plan_name=target.name,
            today=today,
            slug=target.slug,
            mirror=titled is not None,
        )
        if target.note:
            report.notes.insert(0, target.note)
        return report
    if kind == "kpis":
        from commands.importers.kpis import import_kpis

        return import_kpis(uow, data, today=today)
    from commands.importers.meetings import import_meetings

    return import_meetings(uow, data, tz=tz, today=today)


def _naming(path: Path, exc: ImportFailed) -> ImportFailed:
    """The same refusal, with the file's name in front unless the message names it already."""
    message = str(exc)
    named = ImportFailed(message if path.name in message else f"{path.name}: {message}")
    named.row, named.column = exc.row, exc.column
    return named


# "Plan: Corporate Parenting Action Plan", or with the plan's slug when its name does not make
# it: "Plan: CPAC — actions arising (cpac-actions-arising)". csbot's exports start so.
_PLAN_TITLE = re.compile(
    r"^plan:\s*(?P<name>.+?)(?:\s+\((?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\))?$", re.I
)


def plan_title(table: Table) -> tuple[str, str | None] | None:
    """(name, slug or None) from a ``Plan: <name> [(<slug>)]`` line at the top of a plan's
    table (its first rows, one cell filled), else None."""
    for row in table.rows[:3]:
        filled = [c.strip() for c in row.cells if c.strip()]
        if len(filled) == 1 and (found := read_plan_title(filled[0])) is not None:
            return found
    return None


def read_plan_title(text: str) -> tuple[str, str | None] | None:
    """(name, slug or None) of one ``Plan: <name> [(<slug>)]`` line, else None."""
    if (m := _PLAN_TITLE.match(text)) is None:
        return None
    return " ".join(m["name"].split())[:200], m["slug"]


def plan_name_from(path: Path) -> str:
    """A plan's name from its file name: "leeds_improvement.tsv" -> "Leeds Improvement"
    ("" when the name has no words)."""
    # A dash between digits is kept: "2026-27.csv" is the plan "2026-27".
    words = re.sub(r"(?<!\d)-|-(?!\d)", " ", path.stem.replace("_", " "))
    return " ".join(words.split()).title()
