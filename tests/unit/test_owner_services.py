"""A service named beside a post says which post it is, and a service or post written like a
name is no person. Before, "Team Manager, Fostering" made a person "Fostering", "Service
Manager – Fostering & Adoption" a person "Adoption", "C&YP DMT" a person "C", and "Early
Help", "Quality Assurance" or "Vice Chair" standing alone were people too."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str, str]]:
    return [(o.kind, o.key, o.display) for o in split_lead(text)]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("Team Manager, Fostering", "TM FOSTERING"),
        ("Service Manager – Fostering & Adoption", "SM FOSTERING ADOPTION"),
        ("Head of Service, Fostering & Adoption", "HOS FOSTERING ADOPTION"),
        ("Fostering & Adoption Service Manager", "FOSTERING ADOPTION SERVICE MANAGER"),
        ("AD Safeguarding & Early Help", "AD SAFEGUARDING EARLY HELP"),
        ("SM FOSTERING AND ADOPTION", "SM FOSTERING AND ADOPTION"),
    ],
)
def test_a_post_and_its_services_are_one_role(cell: str, key: str) -> None:
    assert owners(cell) == [("role", key, cell)]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("C&YP DMT", "C YP DMT"),
        ("R&D Lead", "R D LEAD"),
        ("A&E Consultant", "A E CONSULTANT"),
    ],
)
def test_an_abbreviation_joined_by_an_ampersand_is_one_word(cell: str, key: str) -> None:
    assert owners(cell) == [("role", key, cell)]


def test_posts_joined_by_an_ampersand_are_still_two() -> None:
    assert [key for _, key, _ in owners("HOS&AD")] == ["HOS", "AD"]
    assert [key for _, key, _ in owners("DCS & AD")] == ["DCS", "AD"]


@pytest.mark.parametrize(
    "cell",
    [
        "Fostering",
        "Early Help",
        "Safeguarding",
        "Quality Assurance",
        "Early Help Hub",
        "Looked After Children",
        "Youth Justice",
        "Corporate Parenting",
        "Vice Chair",
        "Chair",
        "Designated Nurse",
        "Personal Adviser",
        "Senior Practitioner",
        "Child Protection Co-ordinator",
    ],
)
def test_a_service_or_post_alone_is_a_role(cell: str) -> None:
    (owner,) = owners(cell)
    assert owner[0] == "role" and owner[2] == cell


def test_a_vice_chair_beside_a_chair_is_a_role_too() -> None:
    assert owners("CPC Chair and Vice Chair") == [
        ("role", "CPC CHAIR", "CPC Chair"),
        ("role", "VICE CHAIR", "Vice Chair"),
    ]


@pytest.mark.parametrize("cell", ["Grace Early", "Ann Nurse", "Tom Justice", "Fiona SMITH"])
def test_a_name_holding_such_a_word_is_still_a_person(cell: str) -> None:
    (owner,) = owners(cell)
    assert owner[0] == "person" and owner[2] == cell


def test_a_service_after_a_person_says_where_they_work() -> None:
    assert owners("Fiona Smith, Fostering") == [("person", "fiona smith", "Fiona Smith")]


def test_a_service_before_a_person_is_an_owner_beside_them() -> None:
    assert owners("Early Help, Fiona Smith") == [
        ("role", "EARLY HELP", "Early Help"),
        ("person", "fiona smith", "Fiona Smith"),
    ]


def test_a_service_listed_after_a_slash_is_an_owner_of_its_own() -> None:
    assert owners("HOS / Early Help") == [
        ("role", "HOS", "Head of Service"),
        ("role", "EARLY HELP", "Early Help"),
    ]
    assert owners("Fiona Smith / Quality Assurance") == [
        ("person", "fiona smith", "Fiona Smith"),
        ("role", "QUALITY ASSURANCE", "Quality Assurance"),
    ]


@pytest.mark.parametrize(
    ("cell", "keys"),
    [
        # An abbreviated post, a comma and its service: one post (a differential QA pass
        # found these read as one made-up person).
        ("HOS, Early Help", ["HOS EARLY HELP"]),
        ("Interim HOS, Early Help", ["HOS EARLY HELP"]),
        ("TM, Fostering / TM, Adoption", ["TM FOSTERING", "TM ADOPTION"]),
        ("AD, Safeguarding", ["AD SAFEGUARDING"]),
        ("HOS, Early Help / AD", ["HOS EARLY HELP", "AD"]),
        # A service beside another owner is an owner of its own, in either order.
        ("Early Help / MASH", ["EARLY HELP", "MASH"]),
        ("Early Help & DCS", ["EARLY HELP", "DCS"]),
        ("Safeguarding, LADO", ["SAFEGUARDING", "LADO"]),
        ("Youth Justice & Police", ["YOUTH JUSTICE", "POLICE"]),
        ("Corporate Parenting / Lead Member", ["CORPORATE PARENTING", "LMCS"]),
        ("Early Help / HOS", ["EARLY HELP", "HOS"]),
        ("HOS, Early Help, Police", ["HOS", "EARLY HELP", "POLICE"]),
        (
            "Youth Justice, Early Help, Safeguarding",
            ["YOUTH JUSTICE", "EARLY HELP", "SAFEGUARDING"],
        ),
        # After a body, an agency or a post held once, a service is another owner (a second
        # QA pass found these joined into one made-up role).
        ("MASH, Early Help", ["MASH", "EARLY HELP"]),
        ("Police, Health, Early Help", ["POLICE", "HEALTH", "EARLY HELP"]),
        ("Virtual School, Leaving Care", ["VIRTUAL SCHOOL", "LEAVING CARE"]),
        ("DCS, Early Help", ["DCS", "EARLY HELP"]),
        ("Lead Member, Early Help", ["LMCS", "EARLY HELP"]),
        ("Head of Early Help, Fostering", ["HEAD OF EARLY HELP", "FOSTERING"]),
        ("AD Safeguarding, Fostering", ["AD SAFEGUARDING", "FOSTERING"]),
        ("Legal, Fostering", ["LEGAL", "FOSTERING"]),
        ("TMs, Fostering", ["TMS FOSTERING"]),
        ("Practice Manager, Fostering", ["PRACTICE MANAGER FOSTERING"]),
        # "and", "&" and "with" carry a service's name on.
        ("Team Manager, Children with Disabilities", ["TM CHILDREN WITH DISABILITIES"]),
        ("Team Manager, Leaving Care", ["TM LEAVING CARE"]),
        ("Head of Early Help and Prevention", ["HEAD OF EARLY HELP AND PREVENTION"]),
    ],
)
def test_services_in_lists_of_owners(cell: str, keys: list[str]) -> None:
    found = owners(cell)
    assert [kind for kind, _, _ in found] == ["role"] * len(keys)
    assert [key for _, key, _ in found] == keys


@pytest.mark.parametrize(
    ("cell", "people", "keys"),
    [
        (
            "Fiona Smith, Early Help, Police, Health",
            ["Fiona Smith"],
            ["EARLY HELP", "POLICE", "HEALTH"],
        ),
        (
            "Fiona Smith, Jon Abbey, Youth Justice, Police",
            ["Fiona Smith", "Jon Abbey"],
            ["YOUTH JUSTICE", "POLICE"],
        ),
        ("Jon Abbey, Fostering & Adoption", ["Jon Abbey"], []),
        ("Jon Abbey - Fostering & Adoption", ["Jon Abbey"], []),
        ("Fiona Smith & Early Help", ["Fiona Smith"], ["EARLY HELP"]),
        ("Dr Early", ["Dr Early"], []),
        ("Cllr Justice", ["Cllr Justice"], []),
        ("Justice Mensah", ["Justice Mensah"], []),
        ("Justice MENSAH", ["Justice MENSAH"], []),
        ("Children's SMT", [], ["CHILDREN SMT"]),
        ("Dr Nurse / Designated Nurse", ["Dr Nurse"], ["DESIGNATED NURSE"]),
        ("Cllr Whitmore, Early Help", ["Cllr Whitmore"], ["EARLY HELP"]),
    ],
)
def test_people_beside_services(cell: str, people: list[str], keys: list[str]) -> None:
    found = owners(cell)
    assert [shown for kind, _, shown in found if kind == "person"] == people
    assert [key for kind, key, _ in found if kind == "role"] == keys


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Owners on lines of their own are several owners (they had made one person
        # "Fiona Smith Jon Abbey").
        ("Fiona Smith\nJon Abbey", [("person", "Fiona Smith"), ("person", "Jon Abbey")]),
        ("Fiona Smith\nHOS", [("person", "Fiona Smith"), ("role", "HOS")]),
        (
            "Fiona Smith (HOS)\r\nJon Abbey (Clerk)\n",
            [("person", "Fiona Smith"), ("person", "Jon Abbey")],
        ),
        ("Fiona Smith /\nJon Abbey", [("person", "Fiona Smith"), ("person", "Jon Abbey")]),
        # A title wrapped in a narrow column stays one.
        ("Head of Children's\nServices", [("role", "HEAD OF CHILDREN SERVICES")]),
        ("Team Manager\nFostering", [("role", "TM FOSTERING")]),
        ("Fiona\nSmith", [("person", "Fiona Smith")]),
        # A third QA pass: a post in brackets on a line of its own is the person's; a word
        # a key upper-cases is no abbreviation; a line ending in a dash or comma carries on.
        ("Fiona Harcourt\n(HOS)", [("person", "Fiona Harcourt")]),
        ("Jon Abbey\n(Clerk)", [("person", "Jon Abbey")]),
        ("Early\nHelp", [("role", "EARLY HELP")]),
        ("Vice\nChair", [("role", "VICE CHAIR")]),
        ("BI\nTeam", [("role", "BI TEAM")]),
        (
            "Service Manager –\nFostering & Adoption",
            [("role", "SM FOSTERING ADOPTION")],
        ),
        (
            "Team Manager,\nChildren with Disabilities",
            [("role", "TM CHILDREN WITH DISABILITIES")],
        ),
        (
            "Police\nHealth\nEducation",
            [("role", "POLICE"), ("role", "HEALTH"), ("role", "EDUCATION")],
        ),
        ("CAMHS\nFiona Smith", [("role", "CAMHS"), ("person", "Fiona Smith")]),
    ],
)
def test_a_cell_on_several_lines(cell: str, expected: list[tuple[str, str]]) -> None:
    assert [
        (kind, key if kind == "role" else shown) for kind, key, shown in owners(cell)
    ] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Ana de Souza", [("person", "ana de souza")]),
        ("Mark van der Berg", [("person", "mark van der berg")]),
        ("Jean-Luc de la Cruz", [("person", "jean-luc de la cruz")]),
        ("Chair LSCB", [("role", "CHAIR LSCB")]),
        ("Manager MASH", [("role", "MANAGER MASH")]),
        ("Justice MENSAH", [("person", "justice mensah")]),
    ],
)
def test_particles_in_names_and_posts_in_bodies(cell: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.kind, r.key) for r in split_lead(cell)] == expected
