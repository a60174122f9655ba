"""Header matching: synonyms, header rows among noise, and the layout of an action plan."""

from __future__ import annotations

import pytest

from commands.importers.headers import (
    MEETING_SYNONYMS,
    PLAN_SYNONYMS,
    field_of,
    find_header,
    match_header,
    plan_layout,
)
from commands.importers.report import ImportFailed
from commands.importers.table import Row


def row(number: int, *cells: str) -> Row:
    return Row(number, tuple(cells))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref.", "ref"),
        # A plural that may be one, and progress columns dated by when they were written.
        ("Lead Officer(s)", "lead"),
        ("Owner(s)", "lead"),
        ("Responsible Officer(s)", "lead"),
        ("Lead officer/s", "lead"),
        ("Action(s)", "title"),
        ("Progress to date (Dec 15)", "progress"),
        ("Progress (Dec 2015)", "progress"),
        ("Update Dec 15", "progress"),
        ("Progress Update - Q3", "progress"),
        ("Comments as at 31/12/15", "progress"),
        ("Status (Red/Amber/Green)", "status"),
        ("No", "ref"),
        ("#", "ref"),
        ("REFERENCE", "ref"),
        ("Priority", "title"),
        ("Recommendation", "title"),
        ("Corporate Parenting Provision", "title"),  # seed 004, ends with a synonym
        ("Actions", "title"),
        ("Who", "lead"),
        ("Responsibility", "lead"),
        ("Lead officer:", "lead"),
        ("When", "due"),
        ("Timescales", "due"),  # seed 004's plural
        ("Completion Date", "due"),  # seed 001
        ("By when?", "due"),
        ("RAG", "status"),
        ("Status", "status"),
        ("Progress to date", "progress"),
        ("CURRENT POSITION", "progress"),
        ("Strategic aim", "section"),
        ("TIME FOR CHANGE", None),  # seed 000: no synonym
        ("Lood", None),  # OCR noise in seed 001
        ("", None),
        ("The actions we agreed with partners in the first year", None),  # too long to be a header
    ],
)
def test_plan_headers(header: str, field: str | None) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Corporate Parenting meeting Date", "date"),
        ("Agenda Items", "item"),
        ("Lead Officer", "lead"),
        ("Draft reports due", "report_due"),
        ("Publication", "publication_date"),
        ("publication_date", "publication_date"),
        ("report_due", "report_due"),
        ("Committee", "committee"),
        ("Time", "time"),
        ("Channel", "channel"),
    ],
)
def test_meeting_headers(header: str, field: str) -> None:
    assert field_of(header, MEETING_SYNONYMS) == field


def test_header_row_is_found_below_ocr_noise_and_titles() -> None:
    rows = [
        row(1, "DRAFT – WORK IN PROGRESS"),
        row(2, "Strategic Aim: 1. Effective leadership"),
        row(3, "Def", "Duiquity", "Lood", "Timeseels", "Duaguage to date"),
        row(4, "Ref.", "Priority", "Lead", "Timescale", "Progress to date"),
        row(5, "1.1", "Appoint a new DCS", "CX", "Jan 2010", "Under way"),
    ]
    found = find_header(rows)
    assert found is not None and found.row.number == 4
    assert found.fields == {"ref": 0, "title": 1, "lead": 2, "due": 3, "progress": 4}


def test_a_data_row_is_never_a_header() -> None:
    # Two cells end with synonyms ("outcome", "update"), but the row carries a ref.
    assert match_header(row(7, "2.1", "Improve the outcome", "Annual update")) is None


def test_a_strong_header_wins_over_an_earlier_weak_one() -> None:
    rows = [
        row(1, "Council", "Children's services", "Comments"),  # one field among three cells
        row(2, "Ref", "Action", "Lead"),
    ]
    found = find_header(rows)
    assert found is not None and found.row.number == 2


def test_weak_header_of_seed_000() -> None:
    rows = [
        row(1, "", "TIME FOR CHANGE", "CURRENT POSITION", "WITHIN ONE YEAR", "FUTURE"),
        row(2, "1.0", "CORPORATE PARENTING: GETTING IT RIGHT"),
        row(
            3,
            "1.1",
            "Set up a Children in Care Council",
            "A panel meets",
            "Strengthen it",
            "Review",
        ),
    ]
    header = find_header(rows)
    assert header is not None and header.row.number == 1
    layout = plan_layout(header, rows[1:])
    assert layout.fields == {"progress": 2, "ref": 0, "title": 1}
    assert layout.extras == {3: "WITHIN ONE YEAR", 4: "FUTURE"}
    assert layout.column_name("ref") == "Ref" and layout.column_name("title") == "TIME FOR CHANGE"


def test_second_title_column_is_kept_as_an_extra() -> None:
    header = match_header(row(1, "", "Recommendation", "Current Position", "Action", "Who", "When"))
    assert header is not None
    data = [row(2, "1.", "Record all time worked", "Achieved.", "Check quarterly", "SM's", "2007")]
    layout = plan_layout(header, data)
    assert layout.fields["ref"] == 0 and layout.fields["title"] == 1
    assert layout.fields["lead"] == 4 and layout.fields["due"] == 5
    assert layout.extras == {3: "Action"}


def test_header_copied_one_column_left_of_its_data_is_moved_back() -> None:
    header = match_header(row(1, "Provision", "Responsibility", "Timescale"))
    assert header is not None
    data = [row(2, "1.1", "Develop the Children in Care Council", "Jon Abbey", "March 2016")]
    layout = plan_layout(header, data)
    assert layout.fields == {"ref": 0, "title": 1, "lead": 2, "due": 3}


def test_no_ref_column_is_refused_naming_the_header_row() -> None:
    header = match_header(row(3, "Action", "Lead", "Timescale"))
    assert header is not None
    with pytest.raises(ImportFailed, match="row 3: no column of action refs"):
        plan_layout(header, [row(4, "Do the thing", "AD", "March 2016")])


def test_synonym_lists_cover_the_design_contract() -> None:
    design = {
        "ref": ["Ref", "No", "Number", "Reference", "#"],
        "title": ["Action", "Priority", "Recommendation", "Objective", "Provision", "Outcome"],
        "lead": ["Lead", "Who", "Owner", "Responsibility", "Lead officer"],
        "due": ["Timescale", "When", "Due", "Deadline", "Completion date", "Target date"],
        "status": ["Status", "RAG"],
        "progress": ["Progress", "Progress to date", "Current position", "Update", "Comments"],
        "section": ["Section", "Theme", "Strategic aim"],
    }
    for name, headers in design.items():
        assert name in PLAN_SYNONYMS
        for header in headers:
            assert field_of(header) == name, header
