"""Lead cells whose posts are held for now ("Interim", "acting") name the post, not a new role."""

from __future__ import annotations

import pytest

from commands.owners import split_lead


def owners(text: str) -> list[tuple[str, str, str]]:
    return [(o.kind, o.key, o.display) for o in split_lead(text)]


VSH = ("role", "VSH", "Virtual School Head")
HOS = ("role", "HOS", "Head of Service")
DCS = ("role", "DCS", "Director of Children's Services")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Interim Head of Virtual School (acting)", [VSH]),
        ("Head of Virtual School (acting)", [VSH]),
        ("Head of the Virtual School", [VSH]),
        ("Acting HOS", [HOS]),  # not a person called "Acting HOS"
        ("HOS (acting)", [HOS]),
        ("Acting Head of Service", [HOS]),
        ("DCS (interim)", [DCS]),
        ("Acting Interim DCS", [DCS]),
        ("Interim Head of Virtual School (acting)/ HOS", [VSH, HOS]),
        ("Jane Testperson (acting)", [("person", "jane testperson", "Jane Testperson")]),
        ("Jane Testperson [interim]", [("person", "jane testperson", "Jane Testperson")]),
        ("acting", []),
        (
            "Head of Children in Care (interim)",
            [("role", "HEAD OF CHILDREN IN CARE", "Head of Children in Care")],
        ),
    ],
)
def test_how_a_post_is_held_is_not_part_of_the_owner(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("HOS", [HOS]),
        ("AD", [("role", "AD", "Assistant Director")]),
        ("Interim DCS", [DCS]),
        ("Virtual School Head", [VSH]),
        ("Jane Testperson", [("person", "jane testperson", "Jane Testperson")]),
        ("(HOS)", [HOS]),
    ],
)
def test_role_keys_titles_and_names_still_read_as_before(
    cell: str, expected: list[tuple[str, str, str]]
) -> None:
    assert owners(cell) == expected


def test_a_bracketed_qualifier_keeps_both_brackets() -> None:
    assert owners("Head of Service (Safeguarding)") == [
        ("role", "HOS SAFEGUARDING", "Head of Service (Safeguarding)")
    ]
