"""Periods typed relative to today, across the turns of years and quarters."""

from __future__ import annotations

from datetime import date

import pytest

from commands.periods import PeriodError, PeriodKind
from commands.relative_periods import parse_typed_period, year_kind_of


@pytest.mark.parametrize(
    ("today", "text", "year_kind", "key"),
    [
        (date(2026, 1, 15), "last month", None, "2025-12"),
        (date(2026, 1, 15), "this month", None, "2026-01"),
        (date(2026, 4, 10), "last quarter", None, "2025/26-Q4"),
        (date(2026, 4, 10), "this quarter", None, "2026/27-Q1"),
        (date(2026, 3, 31), "this quarter", None, "2025/26-Q4"),
        (date(2026, 3, 31), "last year", "financial_year", "2024/25"),
        (date(2026, 4, 1), "last year", "financial_year", "2025/26"),
        (date(2026, 8, 31), "this year", "academic_year", "AY2025/26"),
        (date(2026, 9, 1), "last year", "academic_year", "AY2025/26"),
        (date(2026, 1, 1), "last year", "year", "2025"),
        (date(2026, 1, 1), "last school year", None, "AY2024/25"),
        (date(2026, 1, 1), "Nov 2025", None, "2025-11"),
    ],
)
def test_a_relative_period_is_counted_from_today(
    today: date, text: str, year_kind: PeriodKind | None, key: str
) -> None:
    assert parse_typed_period(text, today, year_kind).key == key


def test_a_year_of_no_known_kind_is_asked_about() -> None:
    with pytest.raises(PeriodError, match=r"Which year is “this year”"):
        parse_typed_period("this year", date(2026, 1, 1))


def test_the_kind_of_year_is_the_commonest_of_the_yearly_values() -> None:
    assert year_kind_of(["month", "financial_year", "financial_year", "year"]) == "financial_year"
    assert year_kind_of(["month", "quarter"]) is None
    assert year_kind_of(["financial_year", "academic_year"]) is None
