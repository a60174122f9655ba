"""/kpi finds an indicator by a whole word or the first part of its slug or name when that
names exactly one (``LAC`` -> lac-rate, ``stability`` -> long-term-stability); asks when
several do."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from commands.errors import NotFound
from commands.kpi_lookup import match_indicator
from storage.models import Indicator

_DEMO = [
    ("pep", "School-aged children in care with an up-to-date Personal Education Plan", []),
    ("care-plans", "Children in care with an up-to-date care plan", ["care plans"]),
    ("lac-rate", "Children looked after per 10,000 children", ["lac rate", "cla rate"]),
    ("cic-visits", "Children in care visits completed on time", ["visits"]),
    ("reviews", "Children in care with an up-to-date review", ["lac reviews"]),
    (
        "placement-moves",
        "Children in care with three or more placement moves",
        ["placement stability"],
    ),
    ("long-term-stability", "Children under 16 in care for 2.5 years in one placement", []),
    ("care-proceedings", "Average duration of care proceedings", []),
    ("health-assessments", "Children in care with an up-to-date health assessment", []),
]


def _indicators() -> list[Indicator]:
    out = []
    for n, (slug, name, aliases) in enumerate(_DEMO, start=1):
        ind = Indicator(slug=slug, name=name, aliases=aliases, unit="%", polarity="higher")
        ind.id = n
        out.append(ind)
    return out


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("LAC", "lac-rate"),
        ("lac", "lac-rate"),
        ("stability", "long-term-stability"),
        ("long term", "long-term-stability"),
        ("CIC", "cic-visits"),
        ("health", "health-assessments"),
        ("proceedings", "care-proceedings"),
        ("pep", "pep"),
        ("placement", "placement-moves"),
    ],
)
def test_a_word_naming_one_indicator_finds_it(typed: str, slug: str) -> None:
    assert match_indicator(_indicators(), typed).slug == slug


@pytest.mark.parametrize(("typed", "several"), [("care", 2), ("children", 7)])
def test_a_word_naming_several_asks_which(typed: str, several: int) -> None:
    with pytest.raises(NotFound) as err:
        match_indicator(_indicators(), typed)
    assert f"could mean {several} indicators" in err.value.message
    assert "Which one?" in err.value.message


# Named as a council's scorecard names them, without the abbreviations people type.
_WRITTEN_OUT = [
    ("care-population-rate", "Looked after children rate per 10,000", []),
    ("repeat-plans", "CP plans for a second or subsequent time", []),
    ("leavers-destinations", "Care leavers aged 19-21 in education, employment or training", []),
    ("re-referrals", "Re-referrals to children's social care within 12 months", []),
    ("timely-assessments", "Assessments completed within 45 working days", []),
]


def _written_out() -> list[Indicator]:
    out = []
    for n, (slug, name, aliases) in enumerate(_WRITTEN_OUT, start=1):
        ind = Indicator(slug=slug, name=name, aliases=aliases, unit="%", polarity="higher")
        ind.id = n
        out.append(ind)
    return out


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("LAC", "care-population-rate"),
        ("lac rate", "care-population-rate"),
        ("CLA", "care-population-rate"),
        ("child protection plans second time", "repeat-plans"),
        ("child protection", "repeat-plans"),
        ("CPP", "repeat-plans"),
        ("EET", "leavers-destinations"),
        ("care leavers EET", "leavers-destinations"),
        ("re-referrals", "re-referrals"),
    ],
)
def test_an_abbreviation_finds_the_name_written_out_and_back(typed: str, slug: str) -> None:
    assert match_indicator(_written_out(), typed).slug == slug


def test_an_abbreviation_in_a_slug_still_comes_first() -> None:
    # cic-visits is the CIC indicator, though four names start "Children in care".
    assert match_indicator(_indicators(), "CIC").slug == "cic-visits"
    with pytest.raises(NotFound):
        match_indicator(_written_out(), "UASC")


# A scorecard naming its indicators otherwise than people ask for them.
_FORGIVING = [
    ("pep-timeliness", "Reviews of education plans held within 20 school days", ["PEP"]),
    ("care-population", "Looked after children per 10,000 under 18s", []),
    ("dental", "Up-to-date dental checks", []),
    ("visits", "Statutory visits on time", []),
]


def _forgiving(extra: Sequence[tuple[str, str, list[str]]] = ()) -> list[Indicator]:
    out = []
    for n, (slug, name, aliases) in enumerate([*_FORGIVING, *extra], start=1):
        ind = Indicator(slug=slug, name=name, aliases=aliases, unit="%", polarity="higher")
        ind.id = n
        out.append(ind)
    return out


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("PEP completion", "pep-timeliness"),
        ("pep completion rate", "pep-timeliness"),
        ("PEP percentage", "pep-timeliness"),
        ("children in care", "care-population"),
        ("children looked after", "care-population"),
        ("CIC", "care-population"),
        ("children in care rate", "care-population"),
        ("dental check percentage", "dental"),
    ],
)
def test_extra_kpi_words_and_another_name_for_the_children_still_find_it(
    typed: str, slug: str
) -> None:
    assert match_indicator(_forgiving(), typed).slug == slug


def test_a_forgiving_look_up_naming_several_asks_which() -> None:
    second = [("pep-quality", "Education plans rated good", ["PEP"])]
    with pytest.raises(NotFound) as err:
        match_indicator(_forgiving(second), "PEP completion")
    assert "could mean 2 indicators" in err.value.message and "Which one?" in err.value.message
    far = [("placed-far", "Children looked after placed 20 miles or more from home", [])]
    with pytest.raises(NotFound) as err:
        match_indicator(_forgiving(far), "children in care")
    assert "could mean 2 indicators" in err.value.message


def test_kpi_words_alone_or_unknown_words_are_still_refused() -> None:
    for typed in ("completion rate", "adoption completion"):
        with pytest.raises(NotFound) as err:
            match_indicator(_forgiving(), typed)
        assert "I don't know an indicator called" in err.value.message
