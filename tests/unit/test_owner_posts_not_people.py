"""Posts, services and bodies written like names are never taken for people, and a word that
belongs to a name or a service is not dropped as a tenure or a timescale word. Found by a
differential QA pass of the bracket and dash rules against the morning's code: each cell
below had become a made-up person, lost a word, or lost its second person."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str, str]]:
    return [(o.kind, o.key, o.display) for o in split_lead(text)]


@pytest.mark.parametrize(
    ("cell", "key", "title"),
    [
        ("Personal Adviser (PA)", "PA", "Personal Adviser"),
        ("Advanced Practitioner (AP)", "AP", "Advanced Practitioner"),
        ("Senior Practitioner (SP)", "SP", "Senior Practitioner"),
        ("Educational Psychologist (EP)", "EP", "Educational Psychologist"),
        ("Independent Visitor (IV)", "IV", "Independent Visitor"),
        ("Multi-Agency Safeguarding Hub (MASH)", "MASH", "Multi-Agency Safeguarding Hub"),
        ("Child Protection Co-ordinator (CPC)", "CPC", "Child Protection Co-ordinator"),
    ],
)
def test_a_post_with_its_abbreviation_is_that_role(cell: str, key: str, title: str) -> None:
    assert owners(cell) == [("role", key, title)]


@pytest.mark.parametrize(
    "cell",
    [
        "Named Nurse (LAC)",
        "Designated Doctor (LAC)",
        "Clinical Psychologist (CAMHS)",
        "Independent Chair (LSCB)",
        "Borough Commander (Police)",
        "Data Analyst (Performance)",
        "Housing Options (Care Leavers)",
        "Foster Carers (all)",
        "Business Support (Admin)",
        "Business Support – Admin Officer",
        "Coram BAAF - Adoption Lead",
        "Whitefield Academy - Headteacher",
        "Human Resources - Workforce Lead",
    ],
)
def test_a_post_or_body_with_a_bracket_or_dash_is_one_role(cell: str) -> None:
    (owner,) = owners(cell)
    assert owner[0] == "role" and owner[2] == cell


@pytest.mark.parametrize(
    ("cell", "kind", "shown"),
    [
        ("Temporary Accommodation Team", "role", "Temporary Accommodation Team"),
        ("Temporary Accommodation Officer", "role", "Temporary Accommodation Officer"),
        ("Acting Up Scheme", "person", "Acting Up Scheme"),
    ],
)
def test_a_service_named_with_a_tenure_word_keeps_it(cell: str, kind: str, shown: str) -> None:
    assert [(o[0], o[2]) for o in owners(cell)] == [(kind, shown)]


@pytest.mark.parametrize("second", ["Lucy Winter", "Rachel Summer", "Grace Easter", "Sam May"])
def test_a_second_person_after_a_dash_is_kept_whatever_their_surname(second: str) -> None:
    assert [o[2] for o in owners(f"Jon Abbey – {second}")] == ["Jon Abbey", second]


@pytest.mark.parametrize(
    "timescale", ["by end of June", "Christmas", "early January", "end of Q3", "ASAP", "March 2016"]
)
def test_a_timescale_after_a_dash_is_no_owner(timescale: str) -> None:
    assert owners(f"Fiona Smith - {timescale}") == [("person", "fiona smith", "Fiona Smith")]


def test_acting_and_interim_still_leave_the_post() -> None:
    assert owners("Acting HOS") == owners("Interim HOS") == owners("HOS (temporary)")
    assert owners("Acting HOS")[0][:2] == ("role", "HOS")


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("HOS (Fiona Smith)", ["Fiona Smith"]),
        ("Head of Service (Fiona Smith)", ["Fiona Smith"]),
        ("Clerk (Jon Abbey)", ["Jon Abbey"]),
        ("HOS (Fiona Smith/Jon Abbey)", ["Fiona Smith", "Jon Abbey"]),
        ("HOS - Fiona Smith", ["Fiona Smith"]),
        ("Head of Early Help (Interim) - Tom Example", ["Tom Example"]),
    ],
)
def test_a_post_then_its_holders_is_those_people(cell: str, people: list[str]) -> None:
    assert owners(cell) == [("person", name.lower(), name) for name in people]


@pytest.mark.parametrize(
    "cell", ["AD (Safeguarding)", "Head of Service (Early Help)", "Head of Service (Safeguarding)"]
)
def test_a_post_with_a_qualifier_stays_one_role(cell: str) -> None:
    (owner,) = owners(cell)
    assert owner[0] == "role" and owner[2] == cell


def test_a_post_then_a_holder_among_other_owners() -> None:
    assert owners("VSH (Jane Testperson) / AD") == [
        ("person", "jane testperson", "Jane Testperson"),
        ("role", "AD", "Assistant Director"),
    ]
