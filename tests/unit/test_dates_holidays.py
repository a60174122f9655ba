"""Christmas and Easter as timescales: "Christmas 2026" is 25 December 2026, "Easter 2027" is
Easter Sunday 2027 (from the bank holidays' calendar), and alone the next one."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import parse_due

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Christmas 2026", date(2026, 12, 25)),
        ("by Christmas 2027", date(2027, 12, 25)),
        ("Xmas 2026", date(2026, 12, 25)),
        ("Easter 2027", date(2027, 3, 28)),
        ("Easter Sunday 2026", date(2026, 4, 5)),
        ("Easter 2028", date(2028, 4, 16)),
        ("by Christmas", date(2026, 12, 25)),
        ("before Easter", date(2027, 3, 28)),
        ("Interim by Christmas 2026, final Easter 2027", date(2027, 3, 28)),
    ],
)
def test_christmas_and_easter(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


def test_christmas_alone_once_it_is_past_is_next_years() -> None:
    assert parse_due("Christmas", date(2026, 12, 27)) == date(2027, 12, 25)


@pytest.mark.parametrize(
    "text", ["end of term", "summer term", "Christmas party", "Easter egg hunt"]
)
def test_terms_and_other_words_name_no_date(text: str) -> None:
    # School terms differ between councils and schools: no rule to read them by.
    assert parse_due(text, TODAY) is None
