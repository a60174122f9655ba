"""A workspace's KPI values as a table: one row per indicator and period (the long layout the
KPI importer reads), with each indicator's unit, polarity, owner, aliases and frequency."""

from __future__ import annotations

from decimal import Decimal

from commands.exporters.writer import ExportFailed, ExportTable
from storage.models import Indicator, IndicatorValue
from storage.repositories import Repositories

HEADERS = [
    "Indicator",
    "Slug",
    "Period",
    "Value",
    "Target",
    "Indicator target",
    "Unit",
    "Polarity",
    "Numerator",
    "Denominator",
    "England",
    "Region",
    "Statistical neighbours",
    "Note",
    "Source",
    "Owner",
    "Aliases",
    "Frequency",
    "Amber tolerance",
]
NUMERIC = {3, 4, 5, 8, 9, 10, 11, 12, 18}


def export_kpis(repos: Repositories) -> ExportTable:
    """Every value of every indicator of the workspace, oldest period first per indicator."""
    indicators = sorted(repos.indicators.all(), key=lambda i: i.slug)
    if not indicators:
        raise ExportFailed("There are no indicators in this workspace yet: nothing to export.")
    by_indicator = repos.indicators.values_of([i.id for i in indicators])
    rows: list[list[str]] = []
    values = 0
    for indicator in indicators:
        series = sorted(
            by_indicator.get(indicator.id, []), key=lambda v: (v.period_end, v.period_start)
        )
        values += len(series)
        rows.extend(_row(indicator, v) for v in series)
    count = f"{values} value{'' if values == 1 else 's'} of {len(indicators)} indicator"
    return ExportTable(
        headers=HEADERS,
        rows=rows,
        what=count + ("" if len(indicators) == 1 else "s"),
        sheet="KPIs",
        numeric=NUMERIC,
    )


def _number(value: float | None) -> str:
    """A figure as the importer reads it: never in exponent form (``0.00001``, not ``1e-05``)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _row(indicator: Indicator, value: IndicatorValue) -> list[str]:
    return [
        indicator.name,
        indicator.slug,
        value.period_label,
        _number(value.value),
        _number(value.target),
        _number(indicator.target),
        indicator.unit,
        indicator.polarity,
        _number(value.numerator),
        _number(value.denominator),
        _number(value.england),
        _number(value.region),
        _number(value.statistical_neighbours),
        value.note,
        value.source,
        indicator.owner_text,
        "; ".join(indicator.aliases or []),
        indicator.frequency,
        _number(indicator.amber_tolerance),
    ]
