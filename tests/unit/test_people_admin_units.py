"""What a merge and a removal must cover, and how the people list words what each holds."""

from __future__ import annotations

import pytest

from commands.errors import UserError
from commands.formatting import person_holdings
from commands.people_admin import checked_name
from commands.views import Holding, PersonEntry
from storage.models import Base, Person
from storage.repositories.holdings import PERSON_REFERENCES


def test_every_column_naming_a_person_is_moved_by_a_merge() -> None:
    # A table added later with a column pointing at a person must be moved by a merge and
    # cleared by a removal (commands.people_admin) before it is listed here.
    found = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == Person.__tablename__
    }
    assert found == PERSON_REFERENCES


def test_a_persons_holdings_are_named_in_a_few_words() -> None:
    entry = PersonEntry(
        name="Anne Smith",
        roles=["HOS", "IRO"],
        accounts=["Slack U0ANNE001"],
        actions=Holding(total=5, names=["cp:1.1", "cp:1.2", "cp:1.3"]),
        indicators=Holding(total=1, names=["pep"]),
        aliases=["A. Smith"],
        is_admin=True,
    )
    assert person_holdings(entry) == [
        "administrator",
        "HOS, IRO",
        "Slack U0ANNE001",
        "5 open actions (cp:1.1; cp:1.2; cp:1.3; …)",
        "1 indicator (pep)",
        "also known as A. Smith",
    ]
    assert person_holdings(PersonEntry(name="Richard Hutton")) == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("  Anne   Smith ", ("Anne Smith", "anne smith")), ("Zoë Brown", ("Zoë Brown", "zoe brown"))],
)
def test_a_new_name_is_kept_tidied(typed: str, kept: tuple[str, str]) -> None:
    assert checked_name(typed, "someone else") == kept


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "Give the new name"),
        ("HOS", "reads as a role"),
        ("anne smith", "write it with its capitals"),
        ("Anne Smith (HOS)", "is not one person's name"),
        ("Anne Smith, Bob Jones", "is not one person's name"),
        ("A" * 201, "at most 200 characters"),
    ],
)
def test_a_new_name_that_is_no_persons_is_refused(typed: str, why: str) -> None:
    with pytest.raises(UserError, match=why):
        checked_name(typed, "someone else")


def test_the_same_name_written_otherwise_is_no_new_name() -> None:
    assert checked_name("anne smith", "anne smith") == ("anne smith", "anne smith")
