"""The outcome of an import, and the error that refuses a bad file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commands.dates import quarter_words
from commands.formatting import clip, fmt_date


def plural(count: int, noun: str) -> str:
    """``1 meeting``, ``4 meetings``: a count with its noun (regular plurals only)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class TimescaleReading:
    """A timescale naming a quarter or a committee's next meeting (``text``, on row or line
    ``number`` of the file, as ``place`` says) with what it was read as: ``31 Dec 2026, the
    end of financial Q3 2026/27 (October to December 2026)``."""

    place: str
    number: int
    text: str
    read_as: str


def quarter_reading(place: str, number: int, text: str, due: date) -> TimescaleReading | None:
    """The reading of a timescale naming a quarter (on ``place`` ``number``: "row", 3) as
    the date ``due`` it gave; None when it names none."""
    quarter = quarter_words(text, due)
    if not quarter:
        return None
    return TimescaleReading(place, number, text, f"{fmt_date(due)}, the end of {quarter}")


def _reading_lines(readings: list[TimescaleReading]) -> list[str]:
    """One entry per timescale and reading, naming every row that has it (``rows 2, 6 “Q2
    2027” → 30 Sep 2027, …``), in the order they first appear."""
    rows: dict[tuple[str, str], list[TimescaleReading]] = {}
    for r in readings:
        rows.setdefault((r.text, r.read_as), []).append(r)
    lines = []
    for (text, read_as), same in rows.items():
        numbers = [str(r.number) for r in same]
        where = same[0].place + ("s " if len(numbers) > 1 else " ") + ", ".join(numbers[:10])
        where += f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
        lines.append(f"{where} “{clip(text, 60)}” → {read_as}")
    return lines


class ImportFailed(Exception):
    """A file was refused; the message names the file, row and column. Nothing was written."""

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
    ) -> None:
        where = []
        if row is not None:
            where.append(f"row {row}")
        if line is not None:  # a text file's (minutes) line
            where.append(f"line {line}")
        if column:
            where.append(f"column “{column}”")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full)
        self.row = row if row is not None else line
        self.column = column


class NoHeader(ImportFailed):
    """No header row of the kind expected was found: the next sheet of a workbook may have one."""


class HeaderLacks(NoHeader):
    """A sheet's header lacks a column the importer needs (a summary table's "RAG Status | No.
    of actions" has no refs): the next sheet of a workbook may have the table itself."""

    @classmethod
    def of(cls, exc: ImportFailed) -> HeaderLacks:
        """The same refusal, as a header that lacks a column."""
        lacks = cls(str(exc))
        lacks.row, lacks.column = exc.row, exc.column
        return lacks


@dataclass
class ImportReport:
    """What an import did: counts of rows created, changed and unchanged, and notes."""

    kind: str
    target: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        """True when the import wrote anything."""
        return bool(self.created or self.updated)

    def note_unread_timescales(self, unread: list[str]) -> None:
        """Say which actions have a timescale but no due date (``unread``: each named with
        its timescale), so that nobody takes them for dated."""
        if not unread:
            return
        self.notes.append(
            f"{plural(len(unread), 'timescale')} "
            + ("names" if len(unread) == 1 else "name")
            + " no date I can read, so "
            + ("that action has" if len(unread) == 1 else "those actions have")
            + " no due date (the text is kept; set one with `/actions due <ref> <date>`): "
            + "; ".join(unread[:20])
            + ("…" if len(unread) > 20 else "")
        )

    def note_next_meetings(self, readings: list[TimescaleReading]) -> None:
        """Say which meeting each timescale naming a committee's next meeting was read as
        (``readings``: each timescale with what it was read as), at this import; rows with
        the same timescale are named together, as for quarters."""
        lines = _reading_lines(readings)
        if not lines:
            return
        self.notes.append(
            "Timescales naming a committee's next meeting, read from the meetings planned now: "
            + "; ".join(lines[:20])
            + (f"; and {len(lines) - 20} more" if len(lines) > 20 else "")
            + "."
        )

    def note_quarters(self, readings: list[TimescaleReading | None]) -> None:
        """Say which date each timescale naming a quarter was read as (``readings``: from
        :func:`quarter_reading`, None for a timescale naming none), since "Q3 2026" could be
        taken either way; rows with the same timescale are named together."""
        lines = _reading_lines([r for r in readings if r])
        if not lines:
            return
        self.notes.append(
            "Quarters are financial (April to March years), so "
            + ("this timescale was" if len(lines) == 1 else "these timescales were")
            + " read as: "
            + "; ".join(lines[:20])
            + (f"; and {len(lines) - 20} more" if len(lines) > 20 else "")
            + "."
        )

    def note_quarter_periods(self, read: dict[str, str]) -> None:
        """Say which financial quarter each period written as a quarter of one year was read
        as (``read``: the text as written → the quarter, ``Q3 2015/16 (Oct–Dec 2015)``), since
        "Q3 2015" could be taken for the calendar quarter (July to September)."""
        if not read:
            return
        shown = [f"“{text}” → {quarter}" for text, quarter in list(read.items())[:20]]
        self.notes.append(
            "Quarters are financial (April to March years), so "
            + ("this period was" if len(read) == 1 else "these periods were")
            + " read as: "
            + "; ".join(shown)
            + ("…" if len(read) > 20 else "")
            + "."
        )

    def note_dated(self, dated: list[str]) -> None:
        """Say which actions were given the due date of a timescale an earlier import could
        not read (``dated``: each named with its timescale and date)."""
        if not dated:
            return
        self.notes.append(
            "Due dates read from timescales that an earlier import could not read, in "
            + plural(len(dated), "action")
            + ": "
            + "; ".join(dated[:20])
            + ("…" if len(dated) > 20 else "")
            + "."
        )

    def summary(self) -> str:
        """One paragraph for the user."""
        where = f" into {self.target}" if self.target else ""
        head = (
            f"Imported {self.kind}{where}: {self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged."
        )
        if not self.changed_anything:
            head += " Nothing changed."
        return "\n".join([head, *self.notes])
