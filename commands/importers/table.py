"""Read CSV, TSV and XLSX files into rows of text cells, with the row numbers of the file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from commands.importers.report import ImportFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Row:
    """One row of a file: its 1-based row number and its cells as stripped text."""

    number: int
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        """The cell at ``index`` ('' past the end of the row)."""
        return self.cells[index] if index < len(self.cells) else ""

    def is_blank(self) -> bool:
        """True when every cell is empty."""
        return not any(self.cells)


@dataclass(frozen=True)
class Table:
    """Every non-blank row of the first sheet of a file."""

    name: str
    rows: tuple[Row, ...]


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{name} is not a text table (it looks like a binary file).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{name} is not readable text (neither UTF-8 nor Windows-1252).")


def _read_delimited(text: str, name: str, delimiter: str | None) -> list[list[str]]:
    if delimiter is None:
        sample = text[:20000]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise ImportFailed(f"{name} is not a valid delimited file: {exc}") from exc


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(f"{path.name} is not a readable XLSX workbook ({exc}).") from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for cells in sheet.iter_rows():
            rows.append([_xlsx_cell_text(c) for c in cells])
            if len(rows) > MAX_ROWS:
                break
        return rows
    finally:
        workbook.close()


# Quoted text and backslash-escaped characters in a number format are shown as they are:
# only a bare % scales the value by 100.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format: str | None) -> bool:
    """True when an Excel number format shows its value as a percentage (``0%``, ``0.0%``)."""
    return "%" in _FORMAT_LITERALS.sub("", number_format or "")


def _xlsx_cell_text(cell: object) -> str:
    """A cell as the text Excel shows for it: a 0.85 formatted ``0%`` is ``85%``."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", None)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and is_percent_format(number_format)
    ):
        scaled = round(float(value) * 100, 9)
        return f"{int(scaled) if scaled.is_integer() else scaled}%"
    return _xlsx_text(value)


def _xlsx_text(value: object) -> str:
    from datetime import date, datetime, time

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == value.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: str | Path) -> Table:
    """The rows of a CSV, TSV (or tab-separated .txt) or XLSX file; blank rows are dropped.

    Raises ImportFailed, naming the file, when it is missing, too large, or not a table.
    """
    p = Path(path)
    if not p.is_file():
        raise ImportFailed(f"There is no file at {p}.")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ImportFailed(f"{p.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(p)
    elif suffix in (".csv", ".tsv", ".txt", ".tab", ""):
        text = _decode(p.read_bytes(), p.name)
        raw = _read_delimited(text, p.name, "\t" if suffix in (".tsv", ".tab") else None)
    else:
        raise ImportFailed(f"{p.name}: csbot reads .csv, .tsv and .xlsx files, not {suffix}.")
    if len(raw) > MAX_ROWS:
        raise ImportFailed(f"{p.name} has more than {MAX_ROWS:,} rows.")
    rows = tuple(
        row
        for i, cells in enumerate(raw, start=1)
        if not (row := Row(i, tuple(" ".join(c.split()) if c else "" for c in cells))).is_blank()
    )
    if not rows:
        raise ImportFailed(f"{p.name} is empty.")
    return Table(name=p.name, rows=rows)
