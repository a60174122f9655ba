"""Lead cells, status words, refs and slugs."""

from __future__ import annotations

import pytest

from commands.owners import split_lead
from commands.refs import looks_like_ref, normalise_ref, plan_slug
from commands.status import parse_rag_letter, parse_status, parse_status_cell


def owners(text: str) -> list[tuple[str, str]]:
    return [(o.kind, o.display if o.kind == "person" else o.key) for o in split_lead(text)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Ken Morton/ Catherine Marchant",
            [("person", "Ken Morton"), ("person", "Catherine Marchant")],
        ),
        ("HOS SM's", [("role", "HOS"), ("role", "SM")]),
        ("CX/ACE with interim DCS", [("role", "CX"), ("role", "ACE"), ("role", "DCS")]),
        ("СХ", [("role", "CX")]),  # Cyrillic letters from OCR
        ("IRO's", [("role", "IRO")]),
        ("Head of Service", [("role", "HOS")]),
        ("Jon Abbey/Clerk", [("person", "Jon Abbey"), ("role", "CLERK")]),
        ("All HoS", [("role", "HOS")]),  # every holder of the role, not a role "ALL HOS"
        ("all Service Managers", [("role", "SM")]),
        ("All", [("role", "ALL")]),  # everyone the minutes address: "Action: All"
        ("Jon Abbey/All", [("person", "Jon Abbey"), ("role", "ALL")]),
        ("All members", [("role", "MEMBERS")]),
        ("TBC", []),
        ("n/a", []),
        ("Various", []),
        ("", []),
    ],
)
def test_split_lead(cell: str, expected: list[tuple[str, str]]) -> None:
    assert owners(cell) == expected


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("#on-track", "on_track"),
        ("Amber", "at_risk"),
        ("Complete", "achieved"),
        ("Delayed", "off_track"),
        ("Ongoing", "monitoring"),
        ("Not accepted", "not_accepted"),
        ("Green", "on_track"),
        ("#done", "achieved"),
        ("purple", None),
        ("a", None),
    ],
)
def test_status_words(word: str, status: str | None) -> None:
    assert parse_status(word) == status


def test_status_cells_and_rag_letters() -> None:
    assert parse_status_cell("Achieved. Monitored on an on-going basis") == "monitoring"
    assert parse_status_cell("Not accepted") == "not_accepted"
    assert parse_rag_letter("A") == "at_risk" and parse_rag_letter("x") is None


def test_refs_and_slugs() -> None:
    assert [normalise_ref(r) for r in ("1 0.", "2.3.", "[4.2]", "CPAC343 / 1", "1.")] == [
        "10",
        "2.3",
        "4.2",
        "CPAC343/1",
        "1",
    ]
    assert looks_like_ref("2.3") and looks_like_ref("CPAC343/1") and not looks_like_ref("hello")
    # A letter after the number: "2.3a" is 2.3A (it was refused as no ref at all).
    assert normalise_ref("2.3a") == "2.3A" and looks_like_ref("2.3a") and looks_like_ref("10B")
    # A minutes ref typed with a dash for its "/" (it became "CPAC3431").
    assert [normalise_ref(r) for r in ("CPAC343-1", "cpac 343 - 1", "CPAC343–1")] == [
        "CPAC343/1"
    ] * 3
    assert plan_slug("Leeds Improvement Plan") == "leeds-improvement-plan"
