"""Values below 1 keep two significant figures, so 0.81% and 0.85% do not both read "0.8%";
values of 1 and more look as they always have."""

from __future__ import annotations

import pytest

from commands.formatting import fmt_change, fmt_number


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.81, "%", "0.81%"),
        (0.85, "%", "0.85%"),
        (0.5, "%", "0.5%"),
        (0.05, "%", "0.05%"),
        (0.0012, "", "0.0012"),
        (-0.81, "%", "-0.81%"),
        (0.999, "%", "1%"),
        (0, "%", "0%"),
        (62, "%", "62%"),
        (64.5, "%", "64.5%"),
        (64.54, "%", "64.5%"),
        (1.25, "", "1.2"),
        (1200, "count", "1,200"),
        (431, "days", "431 days"),
    ],
)
def test_fmt_number(value: float, unit: str, shown: str) -> None:
    assert fmt_number(value, unit) == shown


def test_small_values_tell_apart() -> None:
    assert fmt_number(0.81, "%") != fmt_number(0.85, "%")


def test_small_change_is_not_zero_points() -> None:
    assert fmt_change(0.04, "%") == "0.04 pts"
