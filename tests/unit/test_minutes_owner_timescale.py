"""An owner in minutes followed by a timescale: `Action: Jane Testperson - by end of June` is
the person, due at the end of June, never one role "JANE TESTPERSON BY END OF JUNE". A
timescale that names no date ("ASAP", "end of Q3") still leaves the owner only the person."""

from __future__ import annotations

from datetime import date

import pytest

from commands.dates import parse_due
from commands.importers.minutes import parse_minutes, split_owners_and_timescale
from commands.owners import OwnerRef, split_lead

AFTER_NOVEMBER_MEETING = date(2015, 11, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A month alone with "by", "before" or "the" before "end of": the month's last day,
        # the next one after the meeting.
        ("by end of June", date(2016, 6, 30)),
        ("by the end of June", date(2016, 6, 30)),
        ("before end of June", date(2016, 6, 30)),
        ("before the end of Sept", date(2016, 9, 30)),
        ("end June", date(2016, 6, 30)),
        ("by end-June", date(2016, 6, 30)),
        ("by end of November", date(2015, 11, 30)),
        # What already worked stays as it was.
        ("end of June", date(2016, 6, 30)),
        ("by June", date(2016, 6, 30)),
        ("by end of March 2016", date(2016, 3, 31)),
        ("by the end of the month", date(2015, 11, 30)),
    ],
)
def test_a_month_with_by_and_end_of_is_its_last_day(text: str, expected: date) -> None:
    assert parse_due(text, AFTER_NOVEMBER_MEETING) == expected


@pytest.mark.parametrize(
    ("who", "owners", "timescale"),
    [
        ("Jane Testperson - by end of June", "Jane Testperson", "by end of June"),
        ("Jane Testperson – by end of March 2016", "Jane Testperson", "by end of March 2016"),
        ("Jane Testperson - by the end of the month", "Jane Testperson", "by the end of the month"),
        ("Jane Testperson - end of June.", "Jane Testperson", "end of June"),
        ("Jane Testperson, by 31 March, 2016", "Jane Testperson", "by 31 March, 2016"),
        ("Jane Testperson/Sam Example – 31/03/2016", "Jane Testperson/Sam Example", "31/03/2016"),
        ("Jane Testperson, Sam Example - Q3 2016", "Jane Testperson, Sam Example", "Q3 2016"),
        ("Jane Testperson (VSH) - by end of June", "Jane Testperson (VSH)", "by end of June"),
        ("Jane Testperson - (by end of June)", "Jane Testperson", "by end of June"),
        # Timescales that name no date are still no part of the name.
        ("Sam Example - end of Q3", "Sam Example", "end of Q3"),
        ("Sam Example - by end of term", "Sam Example", "by end of term"),
        ("Jane Testperson (by Christmas)", "Jane Testperson", "by Christmas"),
        ("Jane Testperson - ASAP", "Jane Testperson", "ASAP"),
        ("Jane Testperson – as soon as possible", "Jane Testperson", "as soon as possible"),
        ("Jane Testperson - ongoing", "Jane Testperson", "ongoing"),
        ("Jane Testperson, TBC", "Jane Testperson", "TBC"),
        # What actions arising are due by anyway: no timescale of its own.
        ("Jane Testperson - by next meeting", "Jane Testperson", ""),
        ("Jane Testperson (next CPAC meeting)", "Jane Testperson", ""),
        # What already worked stays as it was.
        ("Jane Testperson (by March)", "Jane Testperson", "by March"),
        ("Jane Testperson by March", "Jane Testperson", "by March"),
        ("Jane Testperson (VSH) (by March)", "Jane Testperson (VSH)", "by March"),
    ],
)
def test_a_timescale_after_the_owner_is_split_off(who: str, owners: str, timescale: str) -> None:
    assert split_owners_and_timescale(who) == (owners, timescale)


@pytest.mark.parametrize(
    "who",
    [
        "Vicki Testperson-Example",
        "Assistant Director – Safeguarding and Social Care",
        "Jane Testperson (Chair)",
        "Head of Service (Fostering)",
        "Jane Testperson [VSH (acting)]",
        "Jane Testperson, Clerk",
        "Jane Testperson, supported by June Example",
    ],
)
def test_names_and_posts_with_dashes_commas_or_month_names_stay_whole(who: str) -> None:
    assert split_owners_and_timescale(who) == (who, "")


@pytest.mark.parametrize(
    ("line", "timescale"),
    [
        ("Action: Jane Testperson - by end of June", "by end of June"),
        ("Action: Jane Testperson - ASAP", "ASAP"),
        ("Officers to report back (Action: Jane Testperson - by end of June).", "by end of June"),
    ],
)
def test_minutes_owner_with_a_dash_and_a_timescale_is_the_person(line: str, timescale: str) -> None:
    text = f"CPAC400. PLACEMENTS\n\nOfficers to report back on placement stability.\n\n{line}\n"
    if line.startswith("Officers"):
        text = f"CPAC400. PLACEMENTS\n\n{line}\n"
    [action] = parse_minutes(text, "M1")
    assert (action.owners_text, action.timescale) == ("Jane Testperson", timescale)
    assert split_lead(action.owners_text) == [
        OwnerRef("person", "jane testperson", "Jane Testperson")
    ]


def test_a_second_action_line_adds_its_owner_and_its_timescale() -> None:
    text = (
        "CPAC400. PLACEMENTS\n\nOfficers to report back on placement stability.\n\n"
        "Action: Jane Testperson\nAction: Sam Example - by end of June\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.owners_text, action.timescale) == (
        "Jane Testperson/Sam Example",
        "by end of June",
    )


@pytest.mark.parametrize("band", ["(16+)", "(0-5)", "(11 to 18)", "(16-25 years)"])
def test_an_age_band_after_an_owner_is_part_of_the_owner_not_a_date(band: str) -> None:
    text = f"CPAC401. The Committee discussed housing.\nAction: Leaving Care Team {band}\n"
    (action,) = parse_minutes(text, "CPAC401")
    assert action.owners_text == f"Leaving Care Team {band}"
    assert action.timescale == ""
