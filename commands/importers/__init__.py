"""Importers: action plans, KPI values, meetings (CSV, TSV, XLSX) and minutes (plain text).

``run_import`` reads the file, runs the importer in ONE unit of work, and commits only when the
whole file was read without error: a bad file writes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from commands.dates import local_today
from commands.errors import UserError
from commands.importers.report import ImportFailed, ImportReport
from commands.importers.table import MAX_FILE_BYTES, read_table
from storage.models import utcnow
from storage.unit_of_work import Store

KINDS = ("actions", "kpis", "meetings", "minutes")

__all__ = ["KINDS", "ImportFailed", "ImportReport", "run_import"]


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise ImportFailed(f"There is no file at {path}.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFailed(f"{path.name} is too large.")
    data = path.read_bytes()
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
    meeting: str | None = None,
    actor: str = "import",
    today: date | None = None,
) -> ImportReport:
    """Import one file of ``kind`` into a workspace, all or nothing."""
    if kind not in KINDS:
        raise ImportFailed(f"unknown import kind {kind!r}; choose one of {', '.join(KINDS)}")
    p = Path(path)
    now = utcnow()
    with store.unit_of_work(workspace_key, actor=f"import:{actor}", now=now) as uow:
        tz = uow.workspace.timezone or "Europe/London"
        day = today or local_today(now, tz)
        try:
            if kind == "actions":
                from commands.importers.actions import import_actions

                name = plan or p.stem.replace("_", " ").replace("-", " ").strip().title()
                report = import_actions(uow, read_table(p), plan_name=name, today=day)
            elif kind == "kpis":
                from commands.importers.kpis import import_kpis

                report = import_kpis(uow, read_table(p))
            elif kind == "meetings":
                from commands.importers.meetings import import_meetings

                report = import_meetings(uow, read_table(p), tz=tz)
            else:
                from commands.importers.minutes import import_minutes

                if not meeting:
                    raise ImportFailed("minutes need --meeting, e.g. --meeting 'CPAC 2015-10-05'")
                report = import_minutes(uow, _read_text(p), meeting=meeting, today=day)
        except ImportFailed as exc:
            raise ImportFailed(f"{p.name}: {exc}") from exc
        except UserError as exc:
            raise ImportFailed(f"{p.name}: {exc.message}") from exc
        uow.commit()
        return report
