"""Lead cells written "Name (Post)", as council minutes and spreadsheets write them ("Jane
Testperson (Clerk)"), name the person: the bracket says which post they hold."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str, str]]:
    return [(o.kind, o.key, o.display) for o in split_lead(text)]


JANE = ("person", "jane testperson", "Jane Testperson")
SAM = ("person", "sam example-jones", "Sam Example-Jones")
HOS = ("role", "HOS", "Head of Service")
AD = ("role", "AD", "Assistant Director")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jane Testperson (Clerk)", [JANE]),  # a known role in the bracket: still the person
        ("Jane Testperson (HOS)", [JANE]),
        ("Jane Testperson (Chair)", [JANE]),
        ("Jane Testperson [Virtual School Head]", [JANE]),
        ("Jane Testperson (Interim Director of Children's Services)", [JANE]),
        ("Jane Testperson (acting HOS)", [JANE]),
        ("Jane Testperson (Clerk) (acting)", [JANE]),
        ("Sam Example-Jones (Children in Care Service Manager)", [SAM]),
        (
            "Cllr Jane Testperson (Chair)",
            [("person", "cllr jane testperson", "Cllr Jane Testperson")],
        ),
        # Separators inside the bracket are part of the post, not more owners.
        ("Jane Testperson (Assistant Director – Safeguarding and Social Care)", [JANE]),
        ("Jane Testperson (Deputy Head of Service – Children & Families)", [JANE]),
        ("Jane Testperson (HOS/AD)", [JANE]),
        # ... and separators outside it still part owners.
        ("Jane Testperson (HOS) / Sam Example-Jones (Clerk)", [JANE, SAM]),
        ("Jane Testperson (Clerk) and HOS", [JANE, HOS]),
        ("Jane Testperson (HOS)/AD", [JANE, AD]),
        (
            "Head of Service (Safeguarding) / Jane Testperson (Clerk)",
            [
                ("role", "HOS SAFEGUARDING", "Head of Service (Safeguarding)"),
                JANE,
            ],
        ),
    ],
)
def test_a_name_with_its_post_in_brackets_is_the_person(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Role words before the bracket: a role with a qualifier, as before.
        (
            "Head of Service (Safeguarding)",
            [("role", "HOS SAFEGUARDING", "Head of Service (Safeguarding)")],
        ),
        ("AD (Safeguarding)", [("role", "AD SAFEGUARDING", "AD (Safeguarding)")]),
        ("Safeguarding (Children)", [("role", "SAFEGUARDING CHILDREN", "Safeguarding (Children)")]),
        ("(HOS)", [HOS]),
        ("(HOS/AD)", [HOS, AD]),
        ("HOS", [HOS]),
        ("Jane Testperson", [JANE]),
        ("Jane Testperson / HOS", [JANE, HOS]),
        ("Jane Testperson, Clerk", [JANE, ("role", "CLERK", "Committee Clerk")]),
        ("All HoS", [HOS]),
        ("Jane Testperson (acting)", [JANE]),
        (
            "Interim Head of Virtual School (acting)/ HOS",
            [("role", "VSH", "Virtual School Head"), HOS],
        ),
    ],
)
def test_roles_names_and_lists_read_as_before(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected
