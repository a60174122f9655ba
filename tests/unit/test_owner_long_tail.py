"""The long tail of real plans' lead cells: a spaced ampersand inside an abbreviation ("C & YP
DMT"), a post with a comma-separated list of its services ("TM, Fostering, Adoption"), and
posts and bodies outside the word lists. Before, these made people ("C", "Borough
Commander", "Inclusion") or split one post into several owners."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str]]:
    return [(o.kind, o.key) for o in split_lead(text)]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("C & YP DMT", "C YP DMT"),  # the key "C&YP DMT" has: the same role
        ("A & E Consultant", "A E CONSULTANT"),
        ("R & D Lead", "R D LEAD"),
    ],
)
def test_a_spaced_ampersand_beside_a_single_letter_is_one_abbreviation(cell: str, key: str) -> None:
    assert owners(cell) == [("role", key)]


@pytest.mark.parametrize(
    ("cell", "keys"),
    [
        ("DCS & AD", ["DCS", "AD"]),
        ("HOS & C&YP DMT", ["HOS", "C YP DMT"]),
        ("C&YP DMT & HOS", ["C YP DMT", "HOS"]),
        ("C & YP DMT / HOS", ["C YP DMT", "HOS"]),
    ],
)
def test_owners_beside_such_an_abbreviation_are_still_apart(cell: str, keys: list[str]) -> None:
    assert owners(cell) == [("role", key) for key in keys]


@pytest.mark.parametrize(
    ("cell", "keys"),
    [
        ("TM, Fostering, Adoption", ["TM FOSTERING ADOPTION"]),  # as "TM, Fostering & Adoption"
        ("TMs, Fostering, Adoption", ["TMS FOSTERING ADOPTION"]),
        ("Team Manager, Fostering, Adoption", ["TM FOSTERING ADOPTION"]),
        ("TM, Fostering, Adoption / HOS", ["TM FOSTERING ADOPTION", "HOS"]),
        (
            "TM, Fostering, Adoption & Special Guardianship",
            ["TM FOSTERING ADOPTION SPECIAL GUARDIANSHIP"],
        ),
        # A list that goes on past the services is a list of owners, as before.
        ("HOS, Early Help, Police", ["HOS", "EARLY HELP", "POLICE"]),
        ("DCS, Early Help, Fostering", ["DCS", "EARLY HELP", "FOSTERING"]),
    ],
)
def test_a_post_then_a_list_of_its_services_is_one_post(cell: str, keys: list[str]) -> None:
    assert owners(cell) == [("role", key) for key in keys]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("Borough Commander", "BOROUGH COMMANDER"),
        ("Human Resources", "HUMAN RESOURCES"),
        ("Connexions Personal Advisor", "CONNEXIONS PERSONAL ADVISOR"),
        ("Troubled Families Coordinator", "TROUBLED FAMILIES COORDINATOR"),
        ("Staying Put Coordinator", "STAYING PUT COORDINATOR"),
        ("Foster Carers", "FOSTER CARERS"),
        ("Portfolio Holder", "PORTFOLIO HOLDER"),
        ("Ofsted", "OFSTED"),
        ("Educational Psychology", "EDUCATIONAL PSYCHOLOGY"),
        ("Children's Homes", "CHILDREN HOMES"),
        ("Special Guardianship", "SPECIAL GUARDIANSHIP"),
        ("Head of Access and Inclusion", "HEAD OF ACCESS AND INCLUSION"),
        ("CiCC", "CICC"),
        ("HoS Early Help", "HOS EARLY HELP"),  # as "HOS, Early Help"
        ("Head of Service – Early Help", "HOS EARLY HELP"),
        ("Virtual School Head", "VSH"),
        ("IRO Manager", "IRO MANAGER"),
        ("LADO", "LADO"),
        ("Principal Social Worker", "PRINCIPAL SOCIAL WORKER"),
        ("Corporate Parenting Board", "CORPORATE PARENTING BOARD"),
        ("Communications", "COMMUNICATIONS"),
        ("Procurement", "PROCUREMENT"),
        ("Kinship Care", "KINSHIP CARE"),
        # Seed 004's post: "Social Care" carries the service's name on after "and".
        ("AD Safeguarding and Social Care", "AD SAFEGUARDING AND SOCIAL CARE"),
        (
            "Assistant Director – Safeguarding and Social Care",
            "AD SAFEGUARDING AND SOCIAL CARE",
        ),
        ("Head of Children in Care & Leaving Care", "HEAD OF CHILDREN IN CARE LEAVING CARE"),
    ],
)
def test_a_post_or_body_outside_the_word_lists_is_a_role(cell: str, key: str) -> None:
    assert owners(cell) == [("role", key)]


def test_a_plurals_apostrophe_after_an_abbreviation_keeps_each_post() -> None:
    assert owners("AD's HOS'") == [("role", "AD"), ("role", "HOS")]


@pytest.mark.parametrize(
    "cell",
    ["Ann Nurse", "Sam Doctor", "Grace Carer", "Rose Teacher", "Sarah McDonald", "Jo DeVries"],
)
def test_a_name_ending_in_a_surname_that_is_a_posts_word_is_a_person(cell: str) -> None:
    assert owners(cell) == [("person", cell.lower())]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("HOS / Social Care", [("role", "HOS"), ("role", "SOCIAL CARE")]),
        ("Jon Abbey, Social Care", [("person", "jon abbey")]),  # where he works
        ("Head of Care and Jon Abbey", [("role", "HEAD OF CARE"), ("person", "jon abbey")]),
        ("Fiona Smith & Social Care", [("person", "fiona smith"), ("role", "SOCIAL CARE")]),
    ],
)
def test_social_care_beside_other_owners(cell: str, expected: list[tuple[str, str]]) -> None:
    assert owners(cell) == expected
