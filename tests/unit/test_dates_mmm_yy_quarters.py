"""Due dates councils' spreadsheets write: Excel mmm-yy, financial quarters, bad numbers."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import parse_due

TODAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar-26", date(2026, 3, 31)),
        ("Jun-27", date(2027, 6, 30)),
        ("by Sept-26", date(2026, 9, 30)),
        ("Q3 2025/26", date(2025, 12, 31)),
        ("Q1 2025/26", date(2025, 6, 30)),
        ("Q4 2025/26", date(2026, 3, 31)),
        ("2025/26 Q2", date(2025, 9, 30)),
        ("Q3 25/26", date(2025, 12, 31)),
        ("31-03-2026", date(2026, 3, 31)),
        ("Q3 2026", date(2026, 12, 31)),  # the financial Q3 falling in 2026 (Oct-Dec)
    ],
)
def test_spreadsheet_dates(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "31/13/2026", "2026-02-30", "46112"])
def test_impossible_numeric_dates_are_no_date(text: str) -> None:
    assert parse_due(text, TODAY) is None
