"""Import KPI values: one row per indicator and period (long), or one column per period (wide).

Long: ``indicator, period, value`` and optionally ``slug, name, target, unit, polarity,
numerator, denominator, england, region, statistical_neighbours, note, source, owner, aliases,
frequency, amber_tolerance``. A long row's target is that period's target; it also becomes the
indicator's standing target when the indicator has none.

Wide: one row per indicator (``indicator`` or ``slug``, optionally ``name, unit, polarity,
target, amber_tolerance, owner, aliases``) and one column per period, headed as councils head
them (``May 2015``, ``Jul 2015``, ``2014/15``, ``Q2 2015/16``); a blank cell means no value for
that period, and a wide row's target is the indicator's standing target.

An indicator is found by the slug column, else by its slug, name or an alias equal to the
indicator cell; otherwise it is created (slug from the slug column, else the indicator cell
slugified). Units and polarities are checked, values against their unit (a percentage lies
within 0-100; counts, days, weeks and rates are never negative), and the same indicator and
period given twice with different values is refused. Re-importing a file changes nothing.
"""

from __future__ import annotations

import math
import re

from commands.importers.headers import header_key
from commands.importers.report import ImportFailed, ImportReport
from commands.importers.table import Row, Table
from commands.kpi_logic import value_problem
from commands.kpi_views import new_value
from commands.owner_store import owner_rows, resolve_owners
from commands.periods import Period, try_parse_period
from commands.refs import plan_slug
from storage.models import Indicator, IndicatorOwner
from storage.unit_of_work import UnitOfWork

LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "kpi", "measure", "indicator name", "pi"),
    "slug": ("slug", "code", "kpi code", "short name"),
    "name": ("name", "description", "title"),
    "period": ("period", "month", "date", "as at"),
    "value": ("value", "actual", "result", "performance"),
    "target": ("target",),
    "unit": ("unit", "units"),
    "polarity": ("polarity", "good is", "better"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "england": ("england", "national", "england average"),
    "region": ("region", "london", "regional", "region average"),
    "statistical_neighbours": (
        "statistical neighbours",
        "statistical_neighbours",
        "sn",
        "stat neighbours",
        "sn average",
    ),
    "note": ("note", "notes", "comment", "commentary"),
    "source": ("source",),
    "owner": ("owner", "lead", "responsible"),
    "aliases": ("aliases", "also known as"),
    "frequency": ("frequency",),
    "amber_tolerance": ("amber tolerance", "amber_tolerance", "tolerance"),
}
UNITS = {
    "%": "%",
    "percent": "%",
    "percentage": "%",
    "count": "count",
    "number": "count",
    "no": "count",
    "days": "days",
    "weeks": "weeks",
    "rate": "rate per 10,000",
    "rate per 10000": "rate per 10,000",
    "rate per 10 000": "rate per 10,000",
    "per 10000": "rate per 10,000",
    "score": "score",
}
POLARITY = {
    "higher": "higher",
    "high": "higher",
    "higher is better": "higher",
    "up": "higher",
    "lower": "lower",
    "low": "lower",
    "lower is better": "lower",
    "down": "lower",
}
_NUM = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$|^[+-]?\.\d+%?$")


def _columns(row: Row) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = header_key(cell).replace("_", " ")
        for name, words in LONG_COLUMNS.items():
            if key in {w.replace("_", " ") for w in words} and name not in found:
                found[name] = i
    return found


def _number(text: str, row: int, column: str, *, required: bool = False) -> float | None:
    raw = text.strip()
    if not raw or raw.lower() in ("-", "–", "—", "n/a", "na", "..", "x", "?"):
        if required:
            raise ImportFailed("a value is required", row=row, column=column)
        return None
    if not _NUM.match(raw):
        raise ImportFailed(f"“{raw[:30]}” is not a number", row=row, column=column)
    value = float(raw.rstrip("%").replace(",", ""))
    if not math.isfinite(value):
        raise ImportFailed(f"“{raw}” is not a number", row=row, column=column)
    return value


def _value(text: str, ind: Indicator, row: int, column: str, *, required: bool) -> float | None:
    """A value cell, checked against the indicator's unit (a % within 0-100, no negatives)."""
    value = _number(text, row, column, required=required)
    if value is not None:
        problem = value_problem(value, ind.unit, percent_sign=text.strip().endswith("%"))
        if problem:
            raise ImportFailed(f"{problem} ({ind.slug})", row=row, column=column)
    return value


class _Fractions:
    """Values of % indicators written without a % sign, to spot fractions (0.85 for 85%).

    A file whose values for a % indicator all lie within 0-1 was most likely exported as
    fractions. Small percentages (0.5%) are real too, so the import goes ahead with a clear
    warning naming the indicator and rows rather than a refusal.
    """

    def __init__(self) -> None:
        self.values: dict[str, list[tuple[int, float, bool]]] = {}

    def add(self, ind: Indicator, text: str, value: float, row: int) -> None:
        if ind.unit == "%":
            signed = text.strip().endswith("%")
            self.values.setdefault(ind.slug, []).append((row, value, signed))

    def warnings(self) -> list[str]:
        """One warning per % indicator whose every value in the file lies within 0-1."""
        notes = []
        for slug, values in self.values.items():
            if any(signed or v > 1 for _, v, signed in values) or not any(v for _, v, _ in values):
                continue
            rows = ", ".join(str(r) for r in sorted({r for r, _, _ in values})[:10])
            notes.append(
                f"⚠️ Every value of {slug} (a percentage) in this file is between 0 and 1 "
                f"(rows {rows}{'…' if len(values) > 10 else ''}), so they were stored as "
                "1% or less. If they are fractions (0.85 for 85%), multiply them by 100 and "
                "import the file again: the values will be corrected."
            )
        return notes


class _Seen:
    """Each (indicator, period) once per file: a second row with another value is refused."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[int, float]] = {}

    def check(self, ind: Indicator, period: Period, value: float, row: int, column: str) -> None:
        key = (ind.slug, period.key)
        if key in self.rows and self.rows[key][1] != value:
            first = self.rows[key][0]
            raise ImportFailed(
                f"{ind.slug} for {period.label} is given twice with different values "
                f"(row {first} and this one)",
                row=row,
                column=column,
            )
        self.rows.setdefault(key, (row, value))


class _Indicators:
    """Indicators of the workspace by slug, created on first mention."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.by_slug = {i.slug: i for i in uow.repos.indicators.all()}
        self.created = 0

    def _by_name_or_alias(self, label: str) -> Indicator | None:
        """An existing indicator whose name or an alias is exactly ``label`` (any case)."""
        wanted = " ".join(label.lower().split())
        for ind in self.by_slug.values():
            known = [ind.name, *(ind.aliases or [])]
            if wanted in {" ".join(k.lower().split()) for k in known}:
                return ind
        return None

    def get(self, cells: dict[str, str], row: int, names: dict[str, str]) -> Indicator:
        label = cells.get("indicator") or cells.get("name") or ""
        slug = plan_slug(cells.get("slug") or label)[:64]
        if not label.strip() and not cells.get("slug"):
            raise ImportFailed(
                "the indicator is missing", row=row, column=names.get("indicator", "indicator")
            )
        unit = UNITS.get(cells.get("unit", "").strip().lower())
        if cells.get("unit", "").strip() and unit is None:
            raise ImportFailed(
                f"“{cells['unit']}” is not a unit I know (%, count, days, weeks, "
                "rate per 10,000, score)",
                row=row,
                column=names.get("unit"),
            )
        polarity = POLARITY.get(cells.get("polarity", "").strip().lower())
        if cells.get("polarity", "").strip() and polarity is None:
            raise ImportFailed(
                f"“{cells['polarity']}” should be higher or lower",
                row=row,
                column=names.get("polarity"),
            )
        ind = self.by_slug.get(slug)
        if ind is None and not cells.get("slug"):
            ind = self._by_name_or_alias(label)
        if ind is None:
            ind = Indicator(
                workspace_id=self.uow.workspace_id,
                slug=slug,
                name=cells.get("name") or label or slug,
                unit=unit or "%",
                polarity=polarity or "higher",
                aliases=[],
                owners=[],
            )
            self.uow.session.add(ind)
            self.uow.session.flush()
            self.by_slug[slug] = ind
            self.created += 1
        else:
            if cells.get("name") and ind.name != cells["name"]:
                ind.name = cells["name"]
            if unit and ind.unit != unit:
                ind.unit = unit
            if polarity and ind.polarity != polarity:
                ind.polarity = polarity
        aliases = [a.strip() for a in re.split(r"[;,]", cells.get("aliases", "")) if a.strip()]
        if aliases and sorted(ind.aliases) != sorted(aliases):
            ind.aliases = aliases
        tolerance = _number(
            cells.get("amber_tolerance", ""), row, names.get("amber_tolerance", "amber tolerance")
        )
        if tolerance is not None and tolerance < 0:
            raise ImportFailed(
                "the amber tolerance cannot be negative",
                row=row,
                column=names.get("amber_tolerance"),
            )
        if tolerance is not None and ind.amber_tolerance != tolerance:
            ind.amber_tolerance = tolerance
        if cells.get("frequency") and ind.frequency != cells["frequency"]:
            ind.frequency = cells["frequency"]
        owner = cells.get("owner", "").strip()
        if owner and ind.owner_text != owner:
            ind.owner_text = owner
            ind.owners = owner_rows(resolve_owners(self.uow.repos, owner), IndicatorOwner)
        return ind


def _put_value(
    uow: UnitOfWork, ind: Indicator, period: Period, fields: dict[str, object], report: ImportReport
) -> None:
    existing = uow.repos.indicators.value_for(ind.id, period.key)
    if existing is None:
        uow.session.add(new_value(ind, period, **fields))
        uow.session.flush()
        report.created += 1
        return
    changed = False
    for key, value in fields.items():
        if value is not None and getattr(existing, key) != value:
            setattr(existing, key, value)
            changed = True
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _import_long(uow: UnitOfWork, table: Table, header: Row, cols: dict[str, int]) -> ImportReport:
    names = {k: header.cells[v] for k, v in cols.items()}
    report = ImportReport(kind="KPI values")
    indicators = _Indicators(uow)
    seen = _Seen()
    fractions = _Fractions()
    for row in table.rows:
        if row.number <= header.number:
            continue
        cells = {k: row.cell(v) for k, v in cols.items()}
        ind = indicators.get(cells, row.number, names)
        period = try_parse_period(cells.get("period", ""))
        if period is None:
            raise ImportFailed(
                f"“{cells.get('period', '')[:30]}” is not a period (e.g. Nov 2015, "
                "Q2 2015/16, 2014/15)",
                row=row.number,
                column=names["period"],
            )
        value = _value(cells["value"], ind, row.number, names["value"], required=True)
        assert value is not None
        fractions.add(ind, cells["value"], value, row.number)
        seen.check(ind, period, value, row.number, names["value"])
        fields: dict[str, object] = {"value": value}
        for key in (
            "target",
            "numerator",
            "denominator",
            "england",
            "region",
            "statistical_neighbours",
        ):
            if key in cells:
                fields[key] = _number(cells[key], row.number, names[key])
        for key in ("note", "source"):
            if cells.get(key):
                fields[key] = cells[key]
        _put_value(uow, ind, period, fields, report)
        if fields.get("target") is not None and ind.target is None:
            ind.target = fields["target"]  # type: ignore[assignment]
    if indicators.created:
        report.notes.append(f"{indicators.created} new indicator(s).")
    report.notes.extend(fractions.warnings())
    return report


def _import_wide(uow: UnitOfWork, table: Table, header: Row) -> ImportReport:
    periods = {i: p for i, c in enumerate(header.cells) if (p := try_parse_period(c))}
    cols = {k: v for k, v in _columns(header).items() if v not in periods}
    if "indicator" not in cols and "name" not in cols and "slug" not in cols:
        cols["indicator"] = 0
    names = {k: header.cells[v] or "indicator" for k, v in cols.items()}
    report = ImportReport(kind="KPI values")
    indicators = _Indicators(uow)
    seen = _Seen()
    fractions = _Fractions()
    for row in table.rows:
        if row.number <= header.number:
            continue
        cells = {k: row.cell(v) for k, v in cols.items()}
        ind = indicators.get(cells, row.number, names)
        target = _number(cells.get("target", ""), row.number, names.get("target", "target"))
        if target is not None and ind.target != target:
            ind.target = target
        for i, period in periods.items():
            value = _value(row.cell(i), ind, row.number, header.cells[i], required=False)
            if value is None:
                continue
            fractions.add(ind, row.cell(i), value, row.number)
            seen.check(ind, period, value, row.number, header.cells[i])
            _put_value(uow, ind, period, {"value": value}, report)
    if indicators.created:
        report.notes.append(f"{indicators.created} new indicator(s).")
    report.notes.extend(fractions.warnings())
    return report


def import_kpis(uow: UnitOfWork, table: Table) -> ImportReport:
    """Import KPI values in either layout; idempotent; a bad cell names its row and column."""
    for row in table.rows[:20]:
        cols = _columns(row)
        if {"period", "value"} <= set(cols) and ({"indicator", "slug", "name"} & set(cols)):
            return _import_long(uow, table, row, cols)
        period_headers = sum(1 for c in row.cells if try_parse_period(c))
        if period_headers >= 2 or (period_headers and {"indicator", "slug"} & set(cols)):
            return _import_wide(uow, table, row)
    raise ImportFailed(
        "no header row found: expected indicator, period and value columns, or "
        "one column per period (e.g. May 2015, Jul 2015, Nov 2015)"
    )
