"""Read CSV, TSV and XLSX files into rows of text cells, with the row numbers of the file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from commands.importers.report import ImportFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a file to import (a table or minutes).

    Raises ImportFailed, in plain words, when the path is missing, is a folder, is too large or
    may not be read, rather than letting the operating system's error through.
    """
    try:
        if path.is_dir():
            raise ImportFailed(f"{path} is a folder, not a file: give the file to import.")
        if not path.is_file():
            raise ImportFailed(f"There is no file at {path}.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailed(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return path.read_bytes()
    except PermissionError as exc:
        raise ImportFailed(f"csbot may not read {path} (permission denied).") from exc
    except OSError as exc:
        raise ImportFailed(f"csbot could not read {path} ({exc.strerror or exc}).") from exc


@dataclass(frozen=True)
class Row:
    """One row of a file: its 1-based row number and its cells as stripped text."""

    number: int
    cells: tuple[str, ...]
    # The cells with their line breaks kept (each line's white space collapsed), where the
    # reader had them; see cell_lines.
    lined: tuple[str, ...] = ()

    def cell(self, index: int) -> str:
        """The cell at ``index`` ('' past the end of the row)."""
        return self.cells[index] if index < len(self.cells) else ""

    def cell_lines(self, index: int) -> str:
        """The cell at ``index`` with its line breaks ("Fiona Smith⏎Jon Abbey"), or as
        :meth:`cell` when they were not kept."""
        return self.lined[index] if index < len(self.lined) else self.cell(index)

    def is_blank(self) -> bool:
        """True when every cell is empty."""
        return not any(self.cells)


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose saved result is not to be read: ``saved`` None when it was saved
    without one (it reads as blank), else the result saved by a program that asks for the
    workbook to be worked out when opened (0, most often)."""

    cell: str
    formula: str
    saved: str | None = None


@dataclass(frozen=True)
class Table:
    """Every non-blank row of one sheet of a file (``sheet`` is the sheet's name in a
    workbook); ``more`` holds the workbook's later sheets that have rows, in order, and
    ``hidden`` the names of its hidden sheets, which are not read."""

    name: str
    rows: tuple[Row, ...]
    sheet: str = ""
    more: tuple[Table, ...] = ()
    hidden: tuple[str, ...] = ()
    # Formula cells whose saved results are not the formulas' (see _uncalculated_formulas).
    uncalculated: tuple[Uncalculated, ...] = ()

    def sheets(self) -> tuple[Table, ...]:
        """This sheet and the later ones."""
        return (self, *self.more)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(data: bytes, name: str) -> str:
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name} is not readable UTF-16 text ({exc.reason}).") from exc
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{name} is not a text table (it looks like a binary file).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1252 (Excel's "CSV"), line by line: a file put together from two sources (rows
    # pasted in from a UTF-8 one) keeps each line's own letters, never "Ã©" for "é".
    lines = []
    for line in data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                raise ImportFailed(
                    f"{name} is not readable text (neither UTF-8 nor Windows-1252)."
                ) from None
    return "".join(lines)


def _read_delimited(text: str, name: str, delimiter: str | None) -> list[list[str]]:
    if delimiter is None:
        sample = text[:20000]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    # Past the csv module's own field limit (128 KiB) a long cell would refuse the file naming
    # no row; up to the file size limit, the importers' own checks name its row and column.
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise ImportFailed(f"{name} is not a valid delimited file: {exc}") from exc
    return [[_unquoted(cell) for cell in row] for row in rows]


# A CSV cell of text that starts like a formula is written with an apostrophe before it, so
# that a spreadsheet shows it rather than runs it (csbot's exports do this); the apostrophe is
# not part of the text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unquoted(cell: str) -> str:
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


_Sheet = tuple[str, list[list[str]], tuple[Uncalculated, ...]]


def _read_xlsx(data: bytes, name: str) -> tuple[list[_Sheet], list[str]]:
    """Each visible sheet's name, rows as text (a merged cell's value fills the rows it
    spans) and formula cells saved without a result, and the names of the hidden sheets,
    which are not read: a workbook's hidden sheet (workings, an old copy) is not what anybody
    sees in it."""
    import zipfile

    from openpyxl import load_workbook

    try:
        # Not read-only: read-only sheets do not know their merged cells.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(f"{name} is not a readable XLSX workbook ({exc}).") from exc
    try:
        sheets = []
        hidden = [s.title for s in workbook.worksheets if s.sheet_state != "visible"]
        for sheet in workbook.worksheets:
            if sheet.title in hidden:
                continue
            rows: list[list[str]] = []
            for cells in sheet.iter_rows():
                rows.append([_xlsx_cell_text(c) for c in cells])
                if len(rows) > MAX_ROWS:
                    break
            _fill_merged(rows, [m.bounds for m in sheet.merged_cells.ranges])
            sheets.append((sheet.title, rows))
    finally:
        workbook.close()
    formulas = _uncalculated_formulas(data)
    return [(title, rows, formulas.get(title, ())) for title, rows in sheets], hidden


# A formula cell and what follows its formula, up to the cell's end: "<c r="C2"><f>E2/F2*100
# </f><v /></c>" was saved without its result; "<c r="C3" t="str"><f>IF(…)</f><v></v></c>"
# with the empty text its formula gave (Excel saves that so).
_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\b(?P<attrs>[^>]*)>\s*"
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(?P<formula>[^<]*)</(?:\w+:)?f>)"
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>(?P<result>[^<]*)</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_CALCULATE_ON_OPEN = re.compile(
    rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*[\"'](?:1|true)[\"']"
)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_TEXT_RESULT = re.compile(rb'\bt="str"')


def _uncalculated_in(xml: bytes, *, recalculated_on_open: bool) -> tuple[Uncalculated, ...]:
    """A worksheet's formula cells whose saved results are not to be trusted: those saved
    without one, and every one when the workbook asks to be worked out when it is opened (as
    programs that write workbooks without working them out save them, with 0 for results)."""
    found = []
    for m in _FORMULA_CELL.finditer(xml):
        ref = _CELL_REF.search(m["attrs"])
        result = (m["result"] or b"").strip()
        if ref is None:
            continue
        if not recalculated_on_open and (result or _TEXT_RESULT.search(m["attrs"])):
            continue
        formula = (m["formula"] or b"").decode("utf-8", "replace")
        found.append(
            Uncalculated(
                cell=ref[1].decode(),
                formula=f"={unescape(formula)}" if formula else "a shared formula",
                saved=unescape(result.decode("utf-8", "replace")) if result else None,
            )
        )
    return tuple(found)


def _uncalculated_formulas(data: bytes) -> dict[str, tuple[Uncalculated, ...]]:
    """Per sheet (by name), its formula cells whose saved results are not the formulas':
    Excel and LibreOffice save every result; some programs that write workbooks do not (such
    a cell reads as blank), or save 0 and ask for the workbook to be worked out when opened.
    Empty when the workbook's parts cannot be told apart."""
    import zipfile

    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_workbook()
        parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Read from the XML: openpyxl takes a calcPr without the attribute to mean it.
            book = archive.read(reader.parser.workbook_part_name)
            on_open = _CALCULATE_ON_OPEN.search(book) is not None
            found = {
                name: _uncalculated_in(archive.read(part), recalculated_on_open=on_open)
                for name, part in parts.items()
            }
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, AttributeError, TypeError):
        return {}
    return {name: cells for name, cells in found.items() if cells}


def _fill_merged(rows: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Carry a merged cell's text down the rows it spans (a Lead merged over 1.1-1.2).

    Only the range's first column is filled: a heading merged across columns stays one cell,
    as it reads.
    """
    for min_col, min_row, _max_col, max_row in ranges:
        if min_row > len(rows) or min_col > len(rows[min_row - 1]):
            continue
        text = rows[min_row - 1][min_col - 1]
        for r in range(min_row, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < min_col:
                row.extend([""] * (min_col - len(row)))
            if not row[min_col - 1]:
                row[min_col - 1] = text


# Quoted text and backslash-escaped characters in a number format are shown as they are:
# only a bare % scales the value by 100.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format: str | None) -> bool:
    """True when an Excel number format shows its value as a percentage (``0%``, ``0.0%``)."""
    return "%" in _FORMAT_LITERALS.sub("", number_format or "")


def _xlsx_cell_text(cell: object) -> str:
    """A cell as the text Excel shows for it: a 0.85 formatted ``0%`` is ``85%``, a 2.1
    formatted ``0.00`` is ``2.10`` (refs 2.1 and 2.10 are different actions)."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", None)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and is_percent_format(number_format)
    ):
        scaled = round(float(value) * 100, 9)
        return f"{int(scaled) if scaled.is_integer() else scaled}%"
    if isinstance(value, float) and (places := _fixed_places(number_format)):
        shown = f"{value:.{places}f}"
        if float(shown) == value:  # trailing zeros only ("2.10"), never a rounded value
            return shown
    return _xlsx_text(value)


_FIXED = re.compile(r"^(?:#,##)?0\.(0+)$")


def _fixed_places(number_format: str | None) -> int:
    """How many decimals a plain fixed-point format (``0.00``) shows; 0 for any other."""
    m = _FIXED.match(number_format or "")
    return len(m[1]) if m else 0


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


def _rows(raw: list[list[str]]) -> tuple[Row, ...]:
    return tuple(
        row
        for i, cells in enumerate(raw, start=1)
        if not (
            row := Row(
                i, tuple(" ".join(c.split()) if c else "" for c in cells), tuple(map(_lined, cells))
            )
        ).is_blank()
    )


def _lined(cell: str) -> str:
    """A cell with its line breaks kept, each line's white space collapsed."""
    return "\n".join(" ".join(line.split()) for line in cell.splitlines() if line.strip())


def read_table(path: str | Path) -> Table:
    """The rows of a CSV, TSV (or tab-separated .txt, UTF-16 too) or XLSX file; blank rows are
    dropped. A workbook gives its first sheet with rows, and its later sheets in ``more``.

    Raises ImportFailed, naming the file, when it is missing, a folder, too large, unreadable,
    or not a table.
    """
    p = Path(path)
    data = read_file_bytes(p)
    suffix = p.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".tab", ""):
        raise ImportFailed(f"{p.name}: csbot reads .csv, .tsv and .xlsx files, not {suffix}.")
    hidden: list[str] = []
    if suffix in (".xlsx", ".xlsm"):
        sheets, hidden = _read_xlsx(data, p.name)
    else:
        text = _decode(data, p.name)
        tab = "\t" if suffix in (".tsv", ".tab") else None
        sheets = [("", _read_delimited(text, p.name, tab), ())]
    tables = []
    for title, raw, uncalculated in sheets:
        if len(raw) > MAX_ROWS:
            where = f" (sheet “{title}”)" if title else ""
            raise ImportFailed(f"{p.name}{where} has more than {MAX_ROWS:,} rows.")
        if rows := _rows(raw):
            tables.append(Table(name=p.name, rows=rows, sheet=title, uncalculated=uncalculated))
    if not tables:
        unread = f" (its hidden sheets are not read: {_names(hidden)})" if hidden else ""
        raise ImportFailed(f"{p.name} is empty{unread}.")
    first, *more = tables
    return Table(
        name=first.name,
        rows=first.rows,
        sheet=first.sheet,
        more=tuple(more),
        hidden=tuple(hidden),
        uncalculated=first.uncalculated,
    )


def _names(titles: list[str]) -> str:
    return ", ".join(f"“{t}”" for t in titles[:10]) + ("…" if len(titles) > 10 else "")
