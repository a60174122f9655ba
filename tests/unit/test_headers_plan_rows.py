"""Reading action plan rows: sections, lead lines, continuations, statuses and bad rows."""

from __future__ import annotations

from datetime import date

import pytest

from commands.importers.meetings import deadlines, parse_meeting_date, split_date_time
from commands.importers.plan_rows import clean_cell, parse_plan, status_from_progress
from commands.importers.report import ImportFailed
from commands.importers.table import Row, Table


def table(*lines: str, sep: str = "\t") -> Table:
    rows = tuple(
        Row(i, tuple(line.split(sep))) for i, line in enumerate(lines, start=1) if line.strip()
    )
    return Table("plan.tsv", rows)


def test_strategic_aim_rows_split_over_cells_are_sections() -> None:
    plan = parse_plan(
        table(
            "Strategic Aim: 1. Effective leadership",
            "Ref.\tPriority\tLead\tTimescale",
            "1.1\tAppoint a new DCS\tCX\tJan 2010",
            "Strategic Aim: 3.\tExcellent safeguarding\tstandards and practice",
            "<u> </u>\t5 5",
            "Ref.\tPriority\tLead\tCompletion Date",
            "3.1\tRelaunch the handbook\tJackie Wilson\tOn-going",
        )
    )
    assert [(s.ref, s.title) for s in plan.sections] == [
        ("1", "Effective leadership"),
        ("3", "Excellent safeguarding standards and practice"),
    ]
    assert [(a.ref, a.section_ref, a.due_text) for a in plan.actions] == [
        ("1.1", "1", "Jan 2010"),
        ("3.1", "3", "On-going"),
    ]


def test_lead_officer_rows_give_their_section_a_lead() -> None:
    plan = parse_plan(
        table(
            "1.0 STRONG AND EFFECTIVE CORPORATE PARENTING",
            "LEAD OFFICER: Neelam Bhardwaja",
            "\tProvision\tResponsibility\tTimescale",
            "1.1\tDevelop the Children in Care Council\t\tMarch 2016",
            "2.0 IMPROVING HEALTH",
            "Lead officer\tDominic Porter-Moore",
            "2.1\tImprove health assessments\tLyn Carrington\tDecember 2015",
        )
    )
    leads = {s.ref: s.lead for s in plan.sections}
    assert leads == {"1": "Neelam Bhardwaja", "2": "Dominic Porter-Moore"}
    assert [(a.ref, a.lead) for a in plan.actions] == [("1.1", ""), ("2.1", "Lyn Carrington")]


def test_section_rows_by_ref_and_whole_numbers_with_children() -> None:
    plan = parse_plan(
        table(
            "Ref,Action,Lead",
            "1.0,CORPORATE PARENTING,",
            "1.1,Set up a council,AD",
            "2,Health,",
            "2.1,Dental checks,HOS",
            "3,Stand-alone action with no children,",
            sep=",",
        )
    )
    assert [s.ref for s in plan.sections] == ["1", "2"]
    assert [a.ref for a in plan.actions] == ["1.1", "2.1", "3"]


def test_a_heading_row_with_a_lead_cell_gives_the_section_its_lead() -> None:
    plan = parse_plan(
        table(
            "Ref\tAction\tLead\tTimescale",
            "3.0\tKEEPING CHILDREN SAFE\tNeelam Bhardwaja\t",
            "3.1\tAddress the sufficiency strategy\t\tMarch 2016",
        )
    )
    assert [(s.ref, s.title, s.lead) for s in plan.sections] == [
        ("3", "KEEPING CHILDREN SAFE", "Neelam Bhardwaja")
    ]
    assert [(a.ref, a.section_ref) for a in plan.actions] == [("3.1", "3")]


def test_a_short_continuation_row_is_not_taken_for_a_header() -> None:
    plan = parse_plan(
        table(
            "Ref\tAction\tLead\tProgress",
            "1.1\tReview the panel\tAD\tStarted",
            "\tand its terms\tHOS\tUpdate",  # three short cells, one a synonym
            "1.2\tTrain carers\tSM\tBooked",
        )
    )
    assert [(a.ref, a.title, a.lead) for a in plan.actions] == [
        ("1.1", "Review the panel and its terms", "AD/HOS"),  # two leads, never one
        ("1.2", "Train carers", "SM"),
    ]


def test_rows_without_a_ref_continue_the_action_above() -> None:
    plan = parse_plan(
        table(
            "Ref\tAction\tLead\tProgress",
            "3.11\tCollate information on\tAD\tStarted",
            "\tinvestigations about children in care\t\tin June",
            "\t\t1\tı",  # OCR debris: no title cell, so not a continuation
        )
    )
    (action,) = plan.actions
    assert action.title == "Collate information on investigations about children in care"
    assert action.progress == "Started in June" and action.lead == "AD"
    assert plan.joined_rows == 1


def test_repeated_headers_and_page_notes_are_skipped() -> None:
    plan = parse_plan(
        table(
            "\tTIME FOR CHANGE\tCURRENT POSITION\tFUTURE",
            "1.1\tPublish a pledge to children in care\tA guarantee exists\tReview",
            "October 2007",
            "-----\t--\t---",
            "\tTIME FOR CHANGE\tCURRENT POSITION\tFUTURE",
            "1.2\tTrain corporate parents\tTraining continues\tMonitor",
        )
    )
    assert [a.ref for a in plan.actions] == ["1.1", "1.2"]
    assert plan.actions[1].extra == {"FUTURE": "Monitor"}
    assert plan.columns == ["TIME FOR CHANGE", "CURRENT POSITION", "FUTURE"]


def test_a_section_with_its_own_column_layout() -> None:
    plan = parse_plan(
        table(
            "\tProvision\tResponsibility\tTimescale",
            "1.1\tFirst\tAD\tMarch 2016",
            "\tCorporate Parenting Provision\t\tResponsibility\tTimescales",
            "2.1\tSecond\t\tHOS\tJune 2016",
        )
    )
    assert [(a.ref, a.title, a.lead, a.due_text) for a in plan.actions] == [
        ("1.1", "First", "AD", "March 2016"),
        ("2.1", "Second", "HOS", "June 2016"),
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Achieved. It is a requirement that staff record this.", "achieved"),
        ("Achieved Monitored on an on-going basis", "monitoring"),
        ("Not accepted. We would lose carers.", "not_accepted"),
        ("Delayed - awaiting the budget", "off_track"),
        ("Complete.", "achieved"),
        ("On track", "on_track"),
        ("A workforce strategy is being drafted.", None),
        ("Ongoing work with partners.", None),
        ("Ongoing.", None),
        ("New arrangements were agreed in September.", None),
        ("Red tape slowed this down", None),
    ],
)
def test_status_from_progress(text: str, status: str | None) -> None:
    assert status_from_progress(text) == status


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Ref\tAction\tLead", "1.1\tFirst\tAD", "1.1\tAgain\tAD"), "row 3, column “Ref”"),
        (("Ref\tAction\tLead", "1.1\t\tAD"), "row 2, column “Action”: action 1.1 has no title"),
        (("Ref\tAction\tRAG", "1.1\tFirst\tPurple"), "row 2, column “RAG”"),
        (("Ref\tAction\tLead", "Appoint a DCS\tNow\tCX"), "row 2, column “Ref”"),
        (("Ref\tAction\tLead",), "no action rows"),
        (("some\twords", "more\twords"), "no header row found"),
    ],
)
def test_bad_rows_name_row_and_column(lines: tuple[str, ...], expected: str) -> None:
    with pytest.raises(ImportFailed) as err:
        parse_plan(table(*lines))
    assert expected in str(err.value)


def test_clean_cell_drops_pdf_markup() -> None:
    assert clean_cell("<p>TOIL levels &amp; leave</p> <ul><li>checked</li></ul>") == (
        "TOIL levels & leave checked"
    )
    assert clean_cell("fewer than <5 days") == "fewer than <5 days"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-01-05", date(2016, 1, 5)),
        ("05/01/2016", date(2016, 1, 5)),
        ("5 Jan 2016", date(2016, 1, 5)),
        ("6 th July 2015", date(2015, 7, 6)),
        ("4th April 2016", date(2016, 4, 4)),
        ("the fifth", None),
        ("5 Jan", None),  # a meeting date needs its year
    ],
)
def test_meeting_dates(text: str, expected: date | None) -> None:
    assert parse_meeting_date(text) == expected


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("05/04/2027 10:00", "05/04/2027", "10:00"),
        ("Mon 5 April 2027 at 2pm", "Mon 5 April 2027", "2pm"),
        ("4th July 2016, 6.30pm", "4th July 2016", "6.30pm"),
        ("2027-04-05T18:30:00", "2027-04-05", "18:30:00"),  # an Excel date with its time
        ("5 April 2027 (10 am)", "5 April 2027", "10 am"),
        ("05/04/2027 00:00", "05/04/2027", ""),  # a date alone, as a spreadsheet writes it
        ("05.04.27", "05.04.27", ""),  # a date with dots, not 05:04
        ("Monday 4th July 2016", "Monday 4th July 2016", ""),
    ],
)
def test_a_time_written_in_a_date_cell(text: str, day: str, time: str) -> None:
    assert split_date_time(text) == (day, time)


def test_deadline_sentences_give_report_and_publication_dates_before_the_meeting() -> None:
    sentence = (
        "Draft Reports will be due with Jon Abbey on 17th December and due for publication "
        "on the 23rd December 2015"
    )
    assert deadlines(sentence, date(2016, 1, 5)) == (date(2015, 12, 17), date(2015, 12, 23))
    assert deadlines("18 March", date(2016, 4, 4)) == (date(2016, 3, 18), None)
    assert deadlines("no date here", date(2016, 4, 4)) == (None, None)
