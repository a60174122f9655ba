"""A KPI file's Unit cell is read as councils write it, the way csbot itself names units."""

from __future__ import annotations

import pytest

from commands.importers.kpis import UNITS, unit_named


@pytest.mark.parametrize(
    ("cell", "unit"),
    [
        ("rate per 10,000", "rate per 10,000"),
        ("Rate per 10 000", "rate per 10,000"),
        ("rate  per 10000", "rate per 10,000"),
        ("Per 10,000", "rate per 10,000"),
        ("%", "%"),
        (" Days ", "days"),
        ("rate per 1,000", None),
        ("", None),
        # Whom a rate counts, as scorecards write it, and a closing full stop: these were
        # refused as units csbot does not know.
        ("Rate per 10,000 children", "rate per 10,000"),
        ("per 10,000 population", "rate per 10,000"),
        ("Rate (per 10,000 children under 18)", "rate per 10,000"),
        ("Rate per 10k", "rate per 10,000"),
        ("No.", "count"),
        ("Days.", "days"),
        ("rate per 100,000 children", None),
        ("per 10,0000", None),
    ],
)
def test_units_are_read_with_or_without_thousands_separators(cell: str, unit: str | None) -> None:
    assert unit_named(cell) == unit


def test_every_unit_csbot_names_is_read_back() -> None:
    for unit in set(UNITS.values()):
        assert unit_named(unit) == unit
