"""A value is never shown rounded onto its target (84.96% "85%" beside a target of 85% and an
amber RAG): it gets the decimals that tell them apart, in lists, cards, histories and summaries."""

from __future__ import annotations

from datetime import date

import pytest

from commands.formatting import fmt_beside, kpi_card_words, kpi_change_words
from commands.views import KpiCard, KpiChange, KpiPoint


@pytest.mark.parametrize(
    ("value", "other", "unit", "shown"),
    [
        (84.96, 85, "%", "84.96%"),
        (20.04, 20, "%", "20.04%"),
        (89.9996, 90, "%", "89.9996%"),
        (84.9, 85, "%", "84.9%"),  # one decimal already tells them apart
        (85, 85, "%", "85%"),
        (62.123, 90, "%", "62.1%"),  # far from the target: as ever
        (85, 85.04, "%", "85%"),
        (85.04, 85, "%", "85.04%"),  # the target beside the value, told apart as well
        (425.96, 426, "days", "425.96 days"),
        (0.5, None, "%", "0.5%"),
    ],
)
def test_fmt_beside(value: float, other: float | None, unit: str, shown: str) -> None:
    assert fmt_beside(value, other, unit) == shown


def _point(value: float, target: float) -> KpiPoint:
    return KpiPoint(
        period_key="2026-09",
        period_label="Sep 2026",
        period_end=date(2026, 9, 30),
        value=value,
        target=target,
        rag="amber",
        period_kind="month",
    )


def test_a_cards_latest_value_and_target_are_told_apart() -> None:
    card = KpiCard(
        slug="assessments",
        name="Assessments in 45 working days",
        unit="%",
        polarity="higher",
        target=85,
        latest=_point(84.96, 85),
        rag="amber",
        trend="none",
    )
    words = kpi_card_words(card)
    assert words.latest == "84.96% for Sep 2026"
    assert words.target == "85% (higher is better)"


def test_a_summary_line_tells_value_and_target_apart() -> None:
    change = KpiChange(
        slug="re-contacts",
        name="Re-contacts",
        unit="%",
        polarity="lower",
        value=20.04,
        period_label="Sep 2026",
        target=20,
        rag="amber",
    )
    words = kpi_change_words(change)
    assert (words.value, words.target) == ("20.04%", " target 20%")
