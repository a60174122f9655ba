"""A meeting is named by any date form the meetings importer and /meeting add read, not only
YYYY-MM-DD and "5 Jan 2027": /meeting next CPAC 30/03/2027 names the meeting of 30 March."""

from __future__ import annotations

from datetime import date

import pytest

from commands.meeting_lookup import MeetingName, _impossible_date_tail, parse_meeting_name

DAY = date(2027, 3, 30)


@pytest.mark.parametrize(
    "typed",
    [
        "2027-03-30",
        "30 Mar 2027",
        "30/03/2027",
        "30/03/27",
        "30.03.2027",
        "30-03-2027",
        "March 30, 2027",
        "Mar 30th 2027",
        "30-Mar-27",
    ],
)
def test_every_importer_date_form_names_the_meeting(typed: str) -> None:
    assert parse_meeting_name(f"CPAC {typed}") == MeetingName(committee="CPAC", on=DAY)
    assert parse_meeting_name(f"Fostering Panel 2 {typed}") == MeetingName(
        committee="Fostering Panel 2", on=DAY
    )


@pytest.mark.parametrize("typed", ["CPAC", "Fostering Panel", "Panel 2 2027", "CPAC 30/03"])
def test_names_without_a_whole_date_are_committees(typed: str) -> None:
    assert parse_meeting_name(typed) == MeetingName(committee=typed)


def test_an_impossible_day_is_left_in_the_name_for_the_caller_to_refuse() -> None:
    # /meeting add then lists the date forms it reads; find_meeting says it is not a date.
    assert parse_meeting_name("CPAC 31/02/2027") == MeetingName(committee="CPAC 31/02/2027")
    assert _impossible_date_tail("CPAC 31/02/2027") == "31/02/2027"
    assert _impossible_date_tail("CPAC 30/03/2027") is None
    assert _impossible_date_tail("Fostering Panel") is None
