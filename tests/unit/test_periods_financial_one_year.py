"""A financial year written with one year ("FY 2025", "Financial year 2025") is refused, naming
the two financial years it could be: it was read as the calendar year 2025, a different period
(January to December) that a value then sat in unnoticed."""

from __future__ import annotations

import pytest

from commands.periods import PeriodError, parse_period, period_and_note


@pytest.mark.parametrize(
    "text",
    ["FY2025", "FY 2025", "fy-2025", "FY25", "Financial year 2025", "the financial year 2025"],
)
def test_a_financial_year_of_one_year_is_refused_naming_both_it_could_be(text: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    said = str(err.value)
    assert f"“{text}” names a financial year by one year" in said
    assert "2025/26 (April 2025 to March 2026) or 2024/25 (April 2024 to March 2025)" in said


def test_a_noted_financial_year_of_one_year_is_refused_too() -> None:
    with pytest.raises(PeriodError):  # it was the calendar year 2025, noted "provisional"
        period_and_note("FY 2025 (provisional)")


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("FY 2025/26", "2025/26", "financial_year"),
        ("FY25/26", "2025/26", "financial_year"),
        ("Financial year 2025-26", "2025/26", "financial_year"),
        ("FY Q1 2025", "Q1 2025/26", "quarter"),
        ("2025", "2025", "year"),
        ("end of 2025", "2025", "year"),
    ],
)
def test_financial_years_with_both_years_and_calendar_years_read_as_before(
    text: str, label: str, kind: str
) -> None:
    period = parse_period(text)
    assert (period.label, period.kind) == (label, kind)
