"""RAG, trend, unit checks and indicator look-up, without a database."""

from __future__ import annotations

import pytest

from commands.errors import NotFound
from commands.kpi_logic import rag, trend, value_problem
from commands.kpi_lookup import acronyms, initials, match_indicator
from commands.kpi_views import card
from commands.periods import parse_period
from storage.models import Indicator, IndicatorValue


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        (90, 90, "higher", None, "green"),  # meeting the target is green
        (95, 90, "higher", None, "green"),
        (81, 90, "higher", None, "amber"),  # 10% of 90 = 9 points of tolerance
        (80.9, 90, "higher", None, "red"),
        (62, 90, "higher", None, "red"),
        (16, 16, "lower", None, "green"),
        (17.6, 16, "lower", None, "amber"),
        (19, 16, "lower", None, "red"),
        (19, 16, "lower", 3, "amber"),  # the indicator's own tolerance wins
        (84, 90, "higher", 2, "red"),
        (431, 426, "lower", None, "amber"),
        (50, None, "higher", None, "none"),
    ],
)
def test_rag(
    value: float, target: float | None, polarity: str, tolerance: float | None, expected: str
) -> None:
    assert rag(value, target, polarity, tolerance) == expected


@pytest.mark.parametrize(
    ("values", "polarity", "expected"),
    [
        ([49, 62], "higher", "improving"),
        ([62, 49], "higher", "worsening"),
        ([76, 74], "lower", "improving"),
        ([18.3, 19], "lower", "worsening"),
        ([50, 50.2], "higher", "steady"),
        ([50], "higher", "none"),
        ([], "higher", "none"),
    ],
)
def test_trend(values: list[float], polarity: str, expected: str) -> None:
    assert trend(values, polarity) == expected


@pytest.mark.parametrize(
    ("value", "unit", "percent_sign", "problem"),
    [
        (62, "%", True, None),
        (100, "%", False, None),
        (100.5, "%", False, "between 0 and 100"),
        (-1, "%", False, "between 0 and 100"),
        (431, "days", False, None),
        (-3, "days", False, "negative"),
        (-3, "count", False, "negative"),
        (-1, "weeks", False, "negative"),
        (-2, "score", False, None),
        (62, "days", True, "it is a percentage"),
    ],
)
def test_value_problem(value: float, unit: str, percent_sign: bool, problem: str | None) -> None:
    found = value_problem(value, unit, percent_sign=percent_sign)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def _indicator(i: int, slug: str, name: str, aliases: list[str] | None = None) -> Indicator:
    ind = Indicator(
        slug=slug,
        name=name,
        aliases=aliases or [],
        unit="%",
        polarity="higher",
        frequency="monthly",
        owners=[],
    )
    ind.id = i
    return ind


INDICATORS = [
    _indicator(1, "pep", "School-aged children with an up-to-date Personal Education Plan"),
    _indicator(2, "care-plans", "Children in care with an up-to-date care plan"),
    _indicator(3, "pathway-plans", "Young people in care with an up-to-date pathway plan"),
    _indicator(4, "lac-rate", "Children looked after per 10,000 (LAC)", ["looked after rate"]),
    _indicator(5, "adoption-days", "Average days from care to placement for adoption"),
]


def test_initials_and_acronyms() -> None:
    assert initials("Personal Education Plans") == "pep"
    assert "pep" in acronyms(INDICATORS[0].name)
    assert "lac" in acronyms(INDICATORS[3].name)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("pep", "pep"),
        ("PEP", "pep"),
        ("peps", "pep"),
        ("personal education plans", "pep"),
        ("kpi personal education plans", "pep"),
        ("personal educaton plan", "pep"),
        ("care plans", "care-plans"),
        ("pathway", "pathway-plans"),
        ("lac", "lac-rate"),
        ("looked after rate", "lac-rate"),
        ("days to adoption", "adoption-days"),
    ],
)
def test_match_indicator(typed: str, slug: str) -> None:
    assert match_indicator(INDICATORS, typed).slug == slug


@pytest.mark.parametrize("typed", ["plans", "frobnicate", "pathway plan thing xyz"])
def test_no_guess_when_unclear(typed: str) -> None:
    with pytest.raises(NotFound) as err:
        match_indicator(INDICATORS, typed)
    assert "Nearest:" in err.value.message
    assert "/kpi list" in err.value.suggestions


def test_nearest_come_first() -> None:
    with pytest.raises(NotFound) as err:
        match_indicator(INDICATORS, "pathway plan thing xyz")
    assert err.value.suggestions[0] == "/kpi pathway-plans"


def _value(period: str, value: float, target: float | None = None) -> IndicatorValue:
    p = parse_period(period)
    return IndicatorValue(
        period_key=p.key,
        period_label=p.label,
        period_kind=p.kind,
        period_start=p.start,
        period_end=p.end,
        value=value,
        target=target,
        note="",
    )


def test_card_uses_the_value_target_over_the_indicator_target() -> None:
    ind = _indicator(9, "visits", "Visits on time")
    ind.target, ind.amber_tolerance = 95, None
    newest_first = [_value("Nov 2015", 83.4, target=85), _value("Oct 2015", 88.5)]
    shown = card(ind, newest_first)
    assert shown.target == 85 and shown.rag == "amber"  # judged against its own target
    assert shown.previous is not None and shown.previous.rag == "amber"  # 88.5 vs 95
    assert shown.trend == "worsening"
    assert shown.recent == [88.5, 83.4]
