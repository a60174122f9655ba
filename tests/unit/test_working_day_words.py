"""Why a day is not a working day, as a reply names it."""

from __future__ import annotations

from datetime import date

import pytest

from commands.jobs.working_days import not_working_words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2040, 1, 1), "a Sunday"),  # New Year's Day on a Sunday ...
        (date(2040, 1, 2), "a bank holiday"),  # ... is a bank holiday on the Monday
        (date(2026, 12, 25), "a bank holiday"),
        (date(2026, 12, 5), "a Saturday"),
        (date(2026, 12, 7), None),
    ],
)
def test_a_weekend_is_named_as_such_and_a_bank_holiday_on_a_weekday(
    day: date, words: str | None
) -> None:
    assert not_working_words(day) == words
