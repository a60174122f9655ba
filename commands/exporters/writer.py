"""Write an export table as CSV, TSV or XLSX (chosen by the file's suffix), atomically."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from commands.importers.table import FORMULA_STARTS

SUFFIXES = (".csv", ".tsv", ".xlsx")
# Spreadsheet programs run a cell that starts with one of FORMULA_STARTS as a formula; a cell
# of user text (an update, an action's title) that does is written with a leading apostrophe,
# which the importer (commands/importers/table.py) drops again.


class ExportFailed(Exception):
    """The export could not be made; the message says why. No file was written."""


@dataclass(frozen=True)
class ExportTable:
    """What an exporter produced: a header row, the rows, and words for the report."""

    headers: list[str]
    rows: Iterable[list[str]]  # a list, or rows read as they are written (the audit trail)
    what: str  # "Leeds Improvement Plan (12 actions in 3 sections)"
    above: list[list[str]] = field(default_factory=list)  # rows before the header (a title)
    sheet: str = "csbot"
    numeric: set[int] = field(default_factory=set)  # columns that hold numbers (XLSX)

    def describe(self) -> str:
        """The words for the report: what was exported."""
        return self.what


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never run as a formula (CSV injection). Text that
    already starts with apostrophes before a formula character gets one more, as the
    importers drop one again."""
    if text.lstrip("'").startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def sheet_title(name: str) -> str:
    """A workbook sheet's title from a plan's name: at most 31 characters, none of the
    characters Excel refuses (brackets, colon, star, question mark, slashes), never empty."""
    title = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ")[:31].strip()
    return title or "csbot"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_table(table: ExportTable, target: Path | None, stdout: TextIO | None = None) -> None:
    """Write ``table`` to ``target`` (CSV, TSV or XLSX by suffix) or, when None, as CSV to
    ``stdout``. The file appears whole or not at all."""
    if target is None:
        assert stdout is not None
        try:
            _write_delimited(table, stdout, ",")
            stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise ExportFailed(
                f"Could not write to standard output: {exc.strerror or exc}."
            ) from exc
        return
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        if not suffix:
            raise ExportFailed(
                f"{target.name} has no suffix: csbot writes .csv, .tsv and .xlsx files "
                "(or - for CSV on standard output)."
            )
        raise ExportFailed(f"{target.name}: csbot writes .csv, .tsv and .xlsx files, not {suffix}.")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise ExportFailed(f"Could not write in {target.parent}: {exc.strerror or exc}.") from exc
    try:
        # mkstemp makes the file private; give it the mode a new file (or the one replaced)
        # would have, so colleagues sharing the folder can open it as before.
        os.chmod(temp, _mode_for(target))
        if suffix == ".xlsx":
            os.close(fd)
            _write_xlsx(table, Path(temp))
        else:
            with open(fd, "w", encoding="utf-8-sig", newline="") as fh:
                _write_delimited(table, fh, "\t" if suffix == ".tsv" else ",")
        os.replace(temp, target)
    except OSError as exc:
        raise ExportFailed(f"Could not write {target}: {exc.strerror or exc}.") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _mode_for(target: Path) -> int:
    """The permission bits of the file being replaced, else those of a new file (umask)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_delimited(table: ExportTable, out: TextIO | io.StringIO, delimiter: str) -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in table.above:
        writer.writerow([safe_cell(c) for c in row])
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(c) for c in row])


def _write_xlsx(table: ExportTable, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(table.sheet)
    for row in table.above:
        sheet.append(row)
    sheet.append(table.headers)
    header_row = len(table.above) + 1
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        cells: list[object] = []
        for i, text in enumerate(row):
            if i in table.numeric and text != "" and _is_number(text):
                cells.append(float(text))
            else:
                cells.append(text)
        sheet.append(cells)
    wrapped = None  # the style of a data cell of text, once the first has it
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                # A cell of text is data, never a formula (openpyxl would write "=…" as one):
                # the headers too, which a plan keeps from the council's file.
                cell.data_type = "s"
                if cell.row <= header_row:
                    continue
                # Wrapped and at the top: set on the first such cell and copied to the others
                # (data cells have no other style). Setting it on each cell costs openpyxl a
                # search of the workbook's styles every time: seconds for thousands of rows.
                if wrapped is None:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    wrapped = cell._style
                else:
                    cell._style = copy(wrapped)
    sheet.freeze_panes = f"A{header_row + 1}"
    book.save(path)
