"""Lead cells whose brackets hold separators ("Service Manager (Fostering and Adoption)"),
whose brackets hold the post's abbreviation ("Independent Reviewing Officer (IRO)"), or whose
owner is followed by a spaced dash ("Jane Testperson - HOS")."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str, str]]:
    return [(o.kind, o.key, o.display) for o in split_lead(text)]


JANE = ("person", "jane testperson", "Jane Testperson")
SAM = ("person", "sam example", "Sam Example")
HOS = ("role", "HOS", "Head of Service")
AD = ("role", "AD", "Assistant Director")
DCS = ("role", "DCS", "Director of Children's Services")
IRO = ("role", "IRO", "Independent Reviewing Officer")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Service Manager (Fostering and Adoption)",
            [
                (
                    "role",
                    "SM FOSTERING AND ADOPTION",
                    "Service Manager (Fostering and Adoption)",
                )
            ],
        ),
        (
            "Head of Service (Safeguarding & QA)",
            [("role", "HOS SAFEGUARDING QA", "Head of Service (Safeguarding & QA)")],
        ),
        (
            "Leaving Care Team (16+)",
            [("role", "LEAVING CARE TEAM 16", "Leaving Care Team (16+)")],
        ),
        (
            "Service Manager (Fostering, Adoption)",
            [
                (
                    "role",
                    "SM FOSTERING ADOPTION",
                    "Service Manager (Fostering, Adoption)",
                )
            ],
        ),
        (
            "Head of Service (Fostering / Adoption) / Jane Testperson",
            [
                (
                    "role",
                    "HOS FOSTERING ADOPTION",
                    "Head of Service (Fostering / Adoption)",
                ),
                JANE,
            ],
        ),
        # A part that is only a bracket is the owners inside it, as before.
        ("(HOS/AD)", [HOS, AD]),
        ("(HOS/AD) (acting)", [HOS, AD]),
        ("Jane Testperson (HOS/AD) / Sam Example", [JANE, SAM]),
        ("HOS (acting/interim)", [HOS]),
    ],
)
def test_separators_inside_a_bracket_are_part_of_the_title(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Independent Reviewing Officer (IRO)", [IRO]),
        ("Independent Reviewing Officers (IROs)", [IRO]),
        ("Principal Social Worker (PSW)", [("role", "PSW", "Principal Social Worker")]),
        ("Head of Service (HOS)", [HOS]),
        ("Head of Service (HoS)", [HOS]),
        ("Director of Children's Services (DCS)", [DCS]),
        ("Assistant Director (AD)", [AD]),
        ("Interim Director of Children's Services (DCS)", [DCS]),
        (
            "Child Protection Co-ordinator (CPC)",
            [("role", "CPC", "Child Protection Co-ordinator")],
        ),
        ("Designated Nurse (DN)", [("role", "DN", "Designated Nurse")]),
        ("Principal Social Worker (PSW) / IRO", [("role", "PSW", "Principal Social Worker"), IRO]),
    ],
)
def test_a_title_with_its_abbreviation_in_brackets_is_that_role(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Initials that do not match, and a post, not a name: a role, as before.
        (
            "Designated Nurse (LAC)",
            [("role", "DESIGNATED NURSE LAC", "Designated Nurse (LAC)")],
        ),
        (
            "Head of Service (Safeguarding)",
            [("role", "HOS SAFEGUARDING", "Head of Service (Safeguarding)")],
        ),
        ("AD (Safeguarding)", [("role", "AD SAFEGUARDING", "AD (Safeguarding)")]),
        # A person's name with initials is still the person.
        ("Jane Testperson (JT)", [JANE]),
        ("(HOS)", [HOS]),
        ("[HOS]", [("role", "HOS", "[HOS]")]),
    ],
)
def test_other_brackets_read_as_before(cell: str, expected: list[tuple[str, str, str]]) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jane Testperson - HOS", [JANE]),
        ("Jane Testperson – VSH", [JANE]),
        ("Jane Testperson — HOS", [JANE]),
        ("Jane Testperson - by end of June", [JANE]),
        ("Jane Testperson - end of Q3", [JANE]),
        ("Jane Testperson - ASAP", [JANE]),
        ("Jane Testperson - Chair", [JANE]),
        ("Jane Testperson (HOS) - by June", [JANE]),
        ("Jane Testperson - HOS / Sam Example", [JANE, SAM]),
        ("Sam Example, Jane Testperson - Q3 2016", [SAM, JANE]),
        # A person after the dash is an owner too.
        ("Jane Testperson - Sam Example", [JANE, SAM]),
        ("Jane Testperson - Sam Example - by end of June", [JANE, SAM]),
        ("Jane Testperson - Sam Example (AD)", [JANE, SAM]),
        # Hyphens inside names are no dash.
        ("Vicki Monk-Meyer", [("person", "vicki monk-meyer", "Vicki Monk-Meyer")]),
        ("Dana Porter-Moore - HOS", [("person", "dana porter-moore", "Dana Porter-Moore")]),
        (
            "Vicki Monk-Meyer - Dana Porter-Moore",
            [
                ("person", "vicki monk-meyer", "Vicki Monk-Meyer"),
                ("person", "dana porter-moore", "Dana Porter-Moore"),
            ],
        ),
    ],
)
def test_a_person_then_a_spaced_dash_is_the_person(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Not one person before the dash: as before.
        (
            "Assistant Director – Safeguarding",
            [("role", "AD SAFEGUARDING", "Assistant Director – Safeguarding")],
        ),
        # ("HOS - Jane Testperson", a post then its holder, is the person: see
        # test_owner_posts_not_people.)
        ("Early Help - HOS", [("role", "EARLY HELP HOS", "Early Help - HOS")]),
        ("Jane - HOS", [("role", "JANE HOS", "Jane - HOS")]),
        # No spaces around the dash: no such dash.
        ("Jane Testperson-HOS", [("person", "jane testperson-hos", "Jane Testperson-HOS")]),
        (
            "Sam Example (Assistant Director – Safeguarding and Social Care)",
            [SAM],
        ),
    ],
)
def test_other_dashes_read_as_before(cell: str, expected: list[tuple[str, str, str]]) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "asides"),
    [
        (
            "Jane Testperson - by end of June",
            [("by end of June", "Jane Testperson - by end of June")],
        ),
        ("Jane Testperson – VSH", [("VSH", "Jane Testperson – VSH")]),
        ("Jane Testperson (HOS) - ASAP", [("ASAP", "Jane Testperson (HOS) - ASAP")]),
        (
            "Jane Testperson - Sam Example - ASAP",
            [("", ""), ("ASAP", "Sam Example - ASAP")],
        ),
        ("Jane Testperson", [("", "")]),
        ("Jane Testperson (HOS)", [("", "")]),
    ],
)
def test_what_follows_the_dash_is_kept_as_an_aside(
    cell: str, asides: list[tuple[str, str]]
) -> None:
    assert [(o.aside, o.written) for o in split_lead(cell)] == asides
