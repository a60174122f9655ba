"""How a pre-meeting summary words an indicator's change since the last meeting."""

from __future__ import annotations

import pytest

from commands.formatting import fmt_change, kpi_change_words
from commands.views import KpiChange


def _change(unit: str, previous: float, value: float) -> KpiChange:
    return KpiChange(
        slug="k",
        name="An indicator",
        unit=unit,
        polarity="higher",
        value=value,
        period_label="Nov 2026",
        previous_value=previous,
        previous_period_label="Sep 2026",
        change=value - previous,
        direction="improving" if value > previous else "worsening",
    )


def test_a_percentage_moves_by_percentage_points_not_per_cent() -> None:
    words = kpi_change_words(_change("%", 40, 73))
    assert words.change == " — was 40% (Sep 2026), +33 pts ↗"


def test_a_fall_keeps_its_sign_and_other_units_keep_their_unit() -> None:
    assert kpi_change_words(_change("days", 431.5, 400)).change == (
        " — was 431.5 days (Sep 2026), −31.5 days ↘"
    )
    assert kpi_change_words(_change("rate", 70, 74)).change.endswith("+4 per 10,000 ↗")


@pytest.mark.parametrize(
    ("amount", "unit", "words"),
    [(13, "%", "13 pts"), (0.5, "%", "0.5 pts"), (1200, "count", "1,200"), (3, "days", "3 days")],
)
def test_fmt_change(amount: float, unit: str, words: str) -> None:
    assert fmt_change(amount, unit) == words
