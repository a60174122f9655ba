"""A day that does not exist is no reporting period: 30/02/2026 is refused, not Feb 2026."""

from __future__ import annotations

import pytest

from commands.periods import PeriodError, parse_period, try_parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/02/2026", "February 2026 has no day 30"),
        ("31/02/2026", "February 2026 has no day 31"),
        ("2026-02-31", "February 2026 has no day 31"),
        ("31 February 2026", "February 2026 has no day 31"),
        ("29/02/2025", "February 2025 has no day 29"),
        ("31/04/2026", "April 2026 has no day 31"),
        ("0/04/2026", "April 2026 has no day 0"),
    ],
)
def test_impossible_days_are_refused(text: str, expected: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert f"“{text}” is not a date" in err.value.message and expected in err.value.message
    assert try_parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [("29/02/2024", "2024-02"), ("28 Feb 2026", "2026-02"), ("2026-04-30", "2026-04")],
)
def test_real_days_still_mean_their_month(text: str, key: str) -> None:
    assert parse_period(text).key == key
