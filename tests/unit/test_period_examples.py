"""The examples of periods an import's refusal gives: one of each kind the parser reads, the
latest of its kind ended before today, each read back as that kind."""

from __future__ import annotations

import re
from datetime import date

import pytest

from commands.periods import examples, parse_period


def test_examples_in_december_2026() -> None:
    assert examples(date(2026, 12, 6)) == (
        "a month (Nov 2026), a quarter (Q2 2026-27), a financial year (2025-26), "
        "an academic year (AY 2025-26) or a year (2025)"
    )


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 8, 31), date(2026, 9, 1)],
)
def test_every_example_is_a_period_of_its_kind_that_has_ended(today: date) -> None:
    text = examples(today)
    kinds = ["month", "quarter", "financial_year", "academic_year", "year"]
    shown = re.findall(r"\(([^()]+)\)", text)
    assert len(shown) == len(kinds), text
    for example, kind in zip(shown, kinds, strict=True):
        period = parse_period(example)
        assert period.kind == kind, (example, period)
        assert period.end < today, (example, today)
