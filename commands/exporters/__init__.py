"""Exporters: an action plan or a workspace's KPI values as a table (CSV, TSV or XLSX), in the
layout the importers read, so that what comes out can go back in and change nothing; and the
workspace's audit trail (``commands.exporters.audit``).

``run_export`` reads in one unit of work (nothing is changed) and writes the file only once
the whole table is built: to a temporary file beside it, then renamed into place. The audit
trail is written as it is read, inside the unit of work, so that a long one is never held
in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from commands.dates import local_today
from commands.errors import UserError
from commands.exporters.actions import export_actions
from commands.exporters.audit import AuditWanted, export_audit
from commands.exporters.kpis import export_kpis
from commands.exporters.writer import ExportFailed, ExportTable, write_table
from commands.formatting import and_listed
from storage.models import utcnow
from storage.unit_of_work import Store

KINDS = ("actions", "kpis", "audit")

__all__ = ["KINDS", "AuditWanted", "ExportFailed", "ExportTable", "run_export"]


def run_export(
    store: Store,
    workspace_key: str,
    kind: str,
    destination: str,
    *,
    plan: str | None = None,
    audit: AuditWanted | None = None,
    overwrite: bool = False,
    stdout: TextIO | None = None,
) -> str:
    """Export ``kind`` of the workspace to ``destination`` (a file, or ``-`` for CSV on
    ``stdout``); a one-line account of what was written. Raises ExportFailed when it cannot.
    ``audit``: which of the audit trail's changes (kind ``audit``; default all)."""
    target = None if destination == "-" else Path(destination)
    if target is not None:
        _check_destination(target, overwrite, kind)
    with store.unit_of_work(workspace_key, actor="export") as uow:
        today = local_today(utcnow(), uow.workspace.timezone or "Europe/London")
        try:
            if kind == "actions":
                table = export_actions(uow.repos, plan, today)
            elif kind == "kpis":
                table = export_kpis(uow.repos)
            elif kind == "audit":
                xlsx = target is not None and target.suffix.lower() == ".xlsx"
                wanted = (audit or AuditWanted()).filter(
                    uow.workspace.timezone or "Europe/London", uow.repos
                )
                table = export_audit(uow.repos, wanted, xlsx=xlsx)
                write_table(table, target, stdout)  # read as it is written: inside the unit
            else:
                raise ExportFailed(f"csbot exports {and_listed(KINDS)}, not {kind}.")
        except UserError as exc:
            raise ExportFailed(exc.message.removesuffix(" Nothing was changed.")) from exc
    if kind != "audit":
        write_table(table, target, stdout)
    where = "standard output" if target is None else str(target)
    return f"Exported {table.describe()} to {where}."


# The file name a refusal suggests for each kind of export written to a folder.
_EXAMPLE_FILES = {"actions": "plan.xlsx", "kpis": "kpis.xlsx", "audit": "audit.csv"}


def _check_destination(target: Path, overwrite: bool, kind: str) -> None:
    if target.is_dir():
        example = target / _EXAMPLE_FILES.get(kind, f"{kind}.csv")
        raise ExportFailed(f"{target} is a folder: give the file to write, like {example}.")
    if target.exists() and not overwrite:
        raise ExportFailed(f"{target} already exists: use --overwrite to replace it.")
    if not target.parent.is_dir():
        raise ExportFailed(f"There is no folder {target.parent} to write {target.name} in.")
