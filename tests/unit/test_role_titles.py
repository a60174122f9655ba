"""A role's title keeps a possessive's apostrophe ("Children's Trust Board"); only a plural
written with one loses it ("HOS SM's" is HOS SM)."""

from __future__ import annotations

import pytest

from commands.owners import role_title, split_lead


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Children's Trust Board", "Children's Trust Board"),
        ("Head of Children's Services", "Head of Children's Services"),
        ("Head of Children's", "Head of Children's"),
        ("Children's Commissioner", "Children's Commissioner"),
        ("HOS SM's", "HOS SM"),
        ("IRO's", "IRO"),
        ("Team Manager's", "Team Manager"),
    ],
)
def test_role_titles(text: str, title: str) -> None:
    assert role_title(text) == title


def test_a_possessive_role_keeps_its_apostrophe_and_its_key() -> None:
    (dcs, board) = split_lead("DCS, Children's Trust Board")
    assert (board.kind, board.key, board.display) == (
        "role",
        "CHILDREN TRUST BOARD",
        "Children's Trust Board",
    )
    assert dcs.key == "DCS"
