"""RAG, trend and reporting periods."""

from __future__ import annotations

from datetime import date

import pytest

from commands.errors import UserError
from commands.kpi_logic import rag, trend
from commands.periods import parse_period


def test_rag_respects_polarity_and_tolerance() -> None:
    assert rag(92, 90, "higher") == "green"
    assert rag(84, 90, "higher") == "amber"  # within 10% of the target
    assert rag(62, 90, "higher") == "red"
    assert rag(74, 70, "lower") == "amber"
    assert rag(60, 70, "lower") == "green"
    assert rag(74, 70, "lower", tolerance=2) == "red"
    assert rag(50, None, "higher") == "none"


def test_trend() -> None:
    assert trend([49, 62], "higher") == "improving"
    assert trend([76, 74], "lower") == "improving"
    assert trend([88.5, 83.4], "higher") == "worsening"
    assert trend([50, 50.2], "higher") == "steady"
    assert trend([50], "higher") == "none"


@pytest.mark.parametrize(
    ("text", "key", "start", "end"),
    [
        ("Nov 2015", "2015-11", date(2015, 11, 1), date(2015, 11, 30)),
        ("2015-11", "2015-11", date(2015, 11, 1), date(2015, 11, 30)),
        ("2014/15", None, date(2014, 4, 1), date(2015, 3, 31)),
        ("Q2 2015/16", None, date(2015, 7, 1), date(2015, 9, 30)),
    ],
)
def test_periods(text: str, key: str | None, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    if key:
        assert period.key == key


def test_bad_period() -> None:
    with pytest.raises(UserError):
        parse_period("the other day")
