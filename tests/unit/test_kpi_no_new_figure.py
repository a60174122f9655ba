"""A summary's indicator with no new figure since the last meeting, and singular units."""

from __future__ import annotations

from commands.formatting import fmt_change, kpi_change_words
from commands.views import KpiChange


def test_no_new_figure_since_the_last_meeting_is_said_plainly() -> None:
    k = KpiChange(
        slug="pep",
        name="Up to date PEPs",
        unit="%",
        polarity="higher",
        value=62,
        period_label="Nov 2026",
        unchanged_since="CPAC 2026-12-25",
    )
    assert kpi_change_words(k).change == " — no new figure since CPAC 2026-12-25"


def test_one_point_or_one_day_is_singular() -> None:
    assert fmt_change(1, "%") == "1 pt"
    assert fmt_change(1, "days") == "1 day"
    assert fmt_change(1, "weeks") == "1 week"
    assert fmt_change(2, "%") == "2 pts"
    assert fmt_change(1.5, "days") == "1.5 days"
