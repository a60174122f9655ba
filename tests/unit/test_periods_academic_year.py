"""Academic (school) years, September to August, for education indicators: named as such
("AY 2025/26", "Academic year 2025-26"), never taken from a bare "2025/26" (a financial year)."""

from __future__ import annotations

from datetime import date

import pytest

from commands.kpi_logic import period_family
from commands.periods import PeriodError, parse_period, shift_period


@pytest.mark.parametrize(
    "text",
    [
        "AY 2025/26",
        "AY2025/26",
        "AY 25/26",
        "Academic year 2025/26",
        "Academic Year 2025-26",
        "academic year 2025 to 2026",
        "2025/26 academic year",
        "2025/26 (academic)",
        "School year 2025/26",
    ],
)
def test_an_academic_year_named_as_such(text: str) -> None:
    period = parse_period(text)
    assert (period.key, period.label, period.kind) == ("AY2025/26", "AY 2025/26", "academic_year")
    assert (period.start, period.end) == (date(2025, 9, 1), date(2026, 8, 31))
    assert period.describe() == "AY 2025/26 (Sep 2025–Aug 2026)"


def test_a_bare_year_pair_stays_a_financial_year_and_lookalikes_are_not_academic() -> None:
    assert parse_period("2025/26").kind == "financial_year"
    assert parse_period("AY 1999/00").key == "AY1999/00"
    for text in ("Friday", "Ayr 2025"):
        with pytest.raises(PeriodError) as err:
            parse_period(text)
        assert "couldn't read" in err.value.message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("AY 2025/27", "the two years must follow each other, as in AY 2025/26"),
        ("AY 2026", "write it as “AY 2025/26”"),
    ],
)
def test_a_malformed_academic_year_is_refused_saying_why(text: str, said: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert said in err.value.message


def test_an_academic_year_is_an_annual_figure_and_shifts_by_years() -> None:
    assert period_family("academic_year") == "annual"
    assert shift_period(parse_period("AY 2025/26"), -12).label == "AY 2024/25"
