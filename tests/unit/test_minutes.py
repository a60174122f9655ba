"""Parsing minutes: `Action:` lines close the text before them; the inline form its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.importers.minutes import left_by_inline, parse_minutes, sentences, title_from
from commands.importers.report import ImportFailed
from commands.owners import OwnerRef, split_lead

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minutes" / "cpac_2015-10-05.txt"


def test_fixture_actions_have_minute_refs_owners_and_titles() -> None:
    found = parse_minutes(FIXTURE.read_text(encoding="utf-8"), "M20151005")
    assert [(a.ref, a.owners_text) for a in found] == [
        ("CPAC341/1", "Cllr Waters"),
        ("CPAC343/1", "Fiona Smith"),
        ("CPAC343/2", "Annie Walker/Dominic Porter-Moore"),
        ("CPAC343/3", "Dominic Porter-Moore"),
        ("CPAC347/1", "Jon Abbey/Clerk"),
    ]
    titles = [a.title for a in found]
    assert titles[1] == (
        "Virtual Schools needed to establish a process for recording reviews in the "
        "performance figures."
    )
    assert titles[2] == "Managers needed training on recording plans in Mosaic."
    # The page header between the bullets is not part of any action's text.
    assert "MINUTES OF" not in " ".join(a.context for a in found)
    # The inline form closes only its own sentence, not the paragraph.
    assert (
        titles[4] == "AGREED that an update on the bid was to be a standing item on future agendas"
    )
    assert "thanked officers" not in titles[4]


def test_action_line_closes_the_bullet_not_the_whole_list() -> None:
    text = (
        "CPAC12. PERFORMANCE\n"
        "- First point, only noted.\n"
        "- Second point: the service to review the contract with commissioning.\n"
        "Action: Dominic Porter-Moore\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.ref == "CPAC12/1"
    assert action.title == "Second point: the service to review the contract with commissioning."


def test_short_closing_sentence_takes_the_one_before() -> None:
    assert title_from("The report on transport was received. Agreed.") == (
        "The report on transport was received. Agreed."
    )


def test_long_titles_are_cut_with_an_ellipsis() -> None:
    title = title_from("word " * 200)
    assert len(title) == 300 and title.endswith("…")


def test_two_action_lines_after_one_paragraph_share_the_action() -> None:
    text = "Draft the vision for the next meeting.\n\nAction: Jon Abbey\nAction: Clerk\n"
    [action] = parse_minutes(text, "M20151005")
    assert action.ref == "M20151005/1"
    assert action.owners_text == "Jon Abbey/Clerk"


def test_hard_wrapped_paragraph_is_one_text() -> None:
    text = (
        "The Committee AGREED to undertake\nsome mystery shopper analysis.\nAction: Lesley Kettles"
    )
    [action] = parse_minutes(text, "M1")
    assert action.title == "The Committee AGREED to undertake some mystery shopper analysis."


def test_several_inline_actions_in_one_paragraph() -> None:
    text = (
        "CPAC20. ITEMS\n"
        "The Clerk to circulate the plan (Action: Philip Slawther). Officers to report on "
        "transport (Action: Vicki Monk-Meyer). Noted.\n"
    )
    found = parse_minutes(text, "M1")
    assert [(a.ref, a.owners_text, a.title) for a in found] == [
        ("CPAC20/1", "Philip Slawther", "The Clerk to circulate the plan"),
        ("CPAC20/2", "Vicki Monk-Meyer", "Officers to report on transport"),
    ]


def test_action_line_with_nothing_before_it_is_refused_with_its_line() -> None:
    with pytest.raises(ImportFailed, match="line 3"):
        parse_minutes("CPAC1. APOLOGIES\n\nAction: Fiona Smith\n", "M1")


def test_words_like_action_updates_are_not_action_lines() -> None:
    text = "Action Updates\n\n5. Disabled LAC\n"
    assert parse_minutes(text, "M1") == []


def test_sentences_split_on_full_stops_before_capitals() -> None:
    assert sentences("One thing. Two things! Three? four") == [
        "One thing.",
        "Two things!",
        "Three? four",
    ]


# -- no text of a minute is lost: lines that only look like headings, bullets or page
# furniture are the minute's prose ---------------------------------------------------------


def test_heading_line_that_carries_the_first_sentence_keeps_it() -> None:
    text = (
        "CPAC400. The Committee RECEIVED the Virtual School report 🎉 and thanked\n"
        "the head for it. Officers to circulate the revised guidance to all members.\n"
        "Action: Fiona Smith\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.ref == "CPAC400/1"
    assert action.context == (
        "The Committee RECEIVED the Virtual School report 🎉 and thanked the head for it. "
        "Officers to circulate the revised guidance to all members."
    )
    assert action.title == "Officers to circulate the revised guidance to all members."


def test_heading_with_a_whole_sentence_can_be_closed() -> None:
    [action] = parse_minutes("CPAC341. The minutes were AGREED 👍.\nAction: Clerk\n", "M1")
    assert (action.ref, action.context) == ("CPAC341/1", "The minutes were AGREED 👍.")


def test_a_heading_alone_is_still_no_text_to_close() -> None:
    with pytest.raises(ImportFailed, match="line 2"):
        parse_minutes("CPAC1. Apologies for absence\nAction: Fiona Smith\n", "M1")


def test_prose_starting_minutes_of_is_kept_but_the_running_head_is_not() -> None:
    text = (
        "CPAC341. MINUTES\n\n"
        "Minutes of the governing body 🎉 were NOTED.\n"
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\n"
        "The Clerk to send them to members.\n"
        "Action: Clerk\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "Minutes of the governing body 🎉 were NOTED. The Clerk to send them to members."
    )


def test_a_line_ending_page_and_a_number_is_kept_but_the_page_footer_is_not() -> None:
    text = (
        "The Committee RECEIVED the figures 🎉 set out on page 4\n"
        "CPAC343 Page 3\n"
        "of the report. Officers to circulate the revised guidance.\n"
        "Action: Fiona Smith\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "The Committee RECEIVED the figures 🎉 set out on page 4 of the report. "
        "Officers to circulate the revised guidance."
    )


def test_wrapped_lines_starting_like_bullets_go_on_with_their_sentence() -> None:
    text = (
        "The Committee NOTED the figures 👩‍👧 which\n"
        "– as the Chair said – showed a gap at age\n"
        "16. Officers to circulate the revised guidance.\n"
        "Action: Fiona Smith\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "The Committee NOTED the figures 👩‍👧 which – as the Chair said – showed a gap at age "
        "16. Officers to circulate the revised guidance."
    )


def test_bullets_of_a_list_without_full_stops_are_still_items() -> None:
    text = "CPAC12. ITEMS\n- First point\n- Second point to review the contract\nAction: Clerk\n"
    [action] = parse_minutes(text, "M1")
    assert action.context == "- Second point to review the contract"


def test_a_wrapped_line_like_another_minute_number_goes_on_with_its_sentence() -> None:
    text = (
        "CPAC400. ATTAINMENT\n\n"
        "The gap had narrowed since results at\n"
        "KS2. Officers to circulate the revised guidance.\n"
        "Action: Fiona Smith\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.ref == "CPAC400/1"
    assert action.context == (
        "The gap had narrowed since results at KS2. Officers to circulate the revised guidance."
    )


def test_sentences_keep_the_quotation_mark_or_bracket_that_closes_them() -> None:
    assert sentences('The Chair said "we will act." Officers (as agreed.) To go.') == [
        'The Chair said "we will act."',
        "Officers (as agreed.)",
        "To go.",
    ]
    assert title_from('The Chair said "we will act." Agreed.') == (
        'The Chair said "we will act." Agreed.'
    )


# -- an inline action's owner may carry a bracket of their own: their post ----------------


@pytest.mark.parametrize(
    "owner",
    [
        "Jane Testperson (VSH)",
        "Jane Testperson (Virtual School Head) [acting]",
        "Jane Testperson [VSH (acting)]",
    ],
)
def test_inline_owner_with_a_bracketed_post_is_the_person(owner: str) -> None:
    text = (
        "CPAC400. PLACEMENTS\n"
        "The Committee NOTED the figures (as set out in the report). The Committee asked for "
        f"a report on placement stability (Action: {owner}). Members thanked officers.\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.owners_text, action.timescale) == ("CPAC400/1", owner, "")
    assert action.title == "The Committee asked for a report on placement stability"
    assert action.context == (
        "The Committee NOTED the figures (as set out in the report). The Committee asked for "
        "a report on placement stability. Members thanked officers."
    )
    assert split_lead(action.owners_text) == [
        OwnerRef("person", "jane testperson", "Jane Testperson")
    ]


@pytest.mark.parametrize("deadline", ["by March", "(by March)", "- by March 2016"])
def test_inline_owner_with_a_bracketed_post_and_a_deadline(deadline: str) -> None:
    text = f"Officers to report on stability (Action: Jane Testperson (VSH) {deadline}).\n"
    [action] = parse_minutes(text, "M1")
    assert action.owners_text == "Jane Testperson (VSH)"
    assert action.timescale == deadline.strip("()- ")
    assert action.title == "Officers to report on stability"


def test_bracketed_asides_are_kept_whole_beside_an_inline_action() -> None:
    prose = (
        "The Committee (chaired by the Vice-Chair) NOTED the figures [table 2 (revised)] for "
        "2015 (see page 4). The action plan (Appendix A (draft)) was AGREED."
    )
    assert parse_minutes(f"CPAC400. PLACEMENTS\n{prose}\n", "M1") == []
    text = (
        f"CPAC400. PLACEMENTS\n{prose} Officers to circulate it (Action: Jane Testperson "
        "(VSH)) with the report (2016 edition). Noted (with thanks).\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.title == "Officers to circulate it"
    assert action.context == (
        f"{prose} Officers to circulate it  with the report (2016 edition). Noted (with thanks)."
    )


def test_an_inline_action_keeps_the_lines_of_its_paragraph_after_its_marker() -> None:
    text = (
        "CPAC400. PLACEMENTS\n"
        "The Committee asked for a report on placement stability (Action: Jane Testperson).\n"
        "Members thanked officers\n"
        "for the update.\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.owners_text, action.line) == ("Jane Testperson", 2)
    assert action.context == (
        "The Committee asked for a report on placement stability. Members thanked officers "
        "for the update."
    )


def test_an_inline_action_wrapped_onto_the_next_line_is_found_on_the_line_it_ends() -> None:
    text = (
        "CPAC400. PLACEMENTS\n"
        "The Committee asked for a report on placement stability (Action: Jane\n"
        "Testperson (VSH)). Members thanked officers.\n"
        "Officers to circulate the guidance (Action: Clerk).\n"
    )
    found = parse_minutes(text, "M1")
    assert [(a.ref, a.owners_text, a.line, a.title) for a in found] == [
        (
            "CPAC400/1",
            "Jane Testperson (VSH)",
            3,
            "The Committee asked for a report on placement stability",
        ),
        ("CPAC400/2", "Clerk", 4, "Officers to circulate the guidance"),
    ]


# -- a page break between blank lines, and an inline numbered list, keep their sentence ----


@pytest.mark.parametrize(
    "furniture", ["CLB302 Page 2", "**MINUTES OF THE CORPORATE PARENTING BOARD**", "Page 2 of 9"]
)
def test_a_sentence_split_by_a_page_break_between_blank_lines_is_one_paragraph(
    furniture: str,
) -> None:
    text = (
        "CPAC400. CARE LEAVERS\n\n"
        "The Board heard that 12 care leavers 🏠 were in unsuitable accommodation at the end\n"
        "of October, of whom 3 were aged\n\n"
        f"{furniture}\n\n"
        "17 and placed out of borough.\n\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "The Board heard that 12 care leavers 🏠 were in unsuitable accommodation at the end "
        "of October, of whom 3 were aged 17 and placed out of borough."
    )
    assert action.title == action.context


def test_a_page_break_goes_on_with_a_lower_case_line_after_several_blank_lines() -> None:
    text = (
        "Members heard that 40\n\n\n"
        "MINUTES OF THE CORPORATE PARENTING BOARD\n"
        "CLB302 Page 3\n\n"
        "free leisure passes had been used by care leavers.\n"
        "Action: Sam Example\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "Members heard that 40 free leisure passes had been used by care leavers."
    )


def test_a_heading_line_going_on_over_a_page_break_keeps_its_words() -> None:
    text = (
        "CPAC400. The Committee RECEIVED the annual report of\n\n"
        "CPAC400 Page 2\n\n"
        "the Virtual School head 🎓 and thanked her.\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.context) == (
        "CPAC400/1",
        "The Committee RECEIVED the annual report of the Virtual School head 🎓 and thanked her.",
    )


@pytest.mark.parametrize(
    "after",
    [
        "The figures were noted.",
        "1. The figures were noted.",
        "2.1 the figures were noted.",
        "- the figures were noted.",
        "a. the figures were noted.",
    ],
)
def test_a_paragraph_without_a_full_stop_still_ends_at_a_blank_line(after: str) -> None:
    text = (
        "CPAC343. PERFORMANCE\n\n"
        "Performance report\n\n"
        "CPAC343 Page 2\n\n"
        f"{after}\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == after


@pytest.mark.parametrize(
    "opening",
    [
        "The Head of Service presented the draft strategy. Members welcomed the focus on",
        "Members welcomed the focus on",
    ],
)
def test_a_sentence_with_an_inline_numbered_list_is_one_paragraph(opening: str) -> None:
    text = (
        f"CPAC104. {opening}\n"
        "1. local placements and\n"
        "2. support for carers of teenagers,\n"
        "and asked for a consultation with young people 🧒 before it was agreed.\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.context) == (
        "CPAC104/1",
        f"{opening} 1. local placements and 2. support for carers of teenagers, and asked for a "
        "consultation with young people 🧒 before it was agreed.",
    )


@pytest.mark.parametrize("bullet", ["(a)", "-", "•"])
def test_an_inline_list_of_any_bullet_goes_on_with_its_sentence(bullet: str) -> None:
    text = (
        "Members welcomed the focus on\n"
        f"{bullet} local placements,\n"
        f"{bullet} support for carers and\n"
        f"{bullet} stability,\n"
        "and asked for a consultation.\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        f"Members welcomed the focus on {bullet} local placements, {bullet} support for carers "
        f"and {bullet} stability, and asked for a consultation."
    )


@pytest.mark.parametrize("intro", ["Members agreed the priorities:", "Members agreed."])
def test_a_list_after_a_colon_or_a_full_stop_is_still_items(intro: str) -> None:
    text = (
        f"CPAC104. STRATEGY\n{intro}\n"
        "1. local placements and\n"
        "2. support for carers of teenagers\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == "2. support for carers of teenagers"


def test_a_running_heads_date_line_is_furniture_too() -> None:
    text = (
        "CPAC346. MISSING CHILDREN\n\n"
        "The Director advised that the police had been slow to engage 🚓. A\n\n"
        "**MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\n"
        "MONDAY 5 OCTOBER 2015**\n\n"
        "breakfast meeting was arranged between the three agencies.\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == (
        "The Director advised that the police had been slow to engage 🚓. A breakfast meeting "
        "was arranged between the three agencies."
    )


@pytest.mark.parametrize(
    "heading", ["CPAC12. Items of business", "CPAC12. ITEMS\nRecommendation Current Position"]
)
def test_a_list_under_a_heading_is_items_when_they_end_without_full_stops(heading: str) -> None:
    text = (
        f"{heading}\n"
        "1. Managers should record all time spent working\n"
        "2. A twin approach is needed to cut the time spent on administration\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == "2. A twin approach is needed to cut the time spent on administration"


# -- an Action line after a paragraph with inline actions closes what they leave of it -----

REPORT_BACK = (
    "A further report on placement stability would be brought to the October meeting "
    "(Action: Jane Testperson)."
)


@pytest.mark.parametrize(
    ("paragraph", "left"),
    [
        (f"Officers would update the pledge. {REPORT_BACK}", "Officers would update the pledge."),
        (
            f"{REPORT_BACK} Officers would also update the pledge.",
            "Officers would also update the pledge.",
        ),
        (
            f"Members thanked officers.\n{REPORT_BACK}\nOfficers would also update the pledge.",
            "Members thanked officers. Officers would also update the pledge.",
        ),
    ],
)
def test_an_action_line_takes_what_the_inline_actions_left_of_its_paragraph(
    paragraph: str, left: str
) -> None:
    text = f"CPAC501. PERFORMANCE\n\n{paragraph}\n\nAction: Sam Example\n"
    found = parse_minutes(text, "M1")
    assert [(a.ref, a.owners_text, a.title) for a in found] == [
        (
            "CPAC501/1",
            "Jane Testperson",
            "A further report on placement stability would be brought to the October meeting",
        ),
        ("CPAC501/2", "Sam Example", left),
    ]
    assert found[1].text == left


@pytest.mark.parametrize(
    ("paragraph", "left"),
    [
        # A marker inside its sentence claims the rest of that sentence too.
        (
            "Officers to circulate it (Action: Jane Testperson) with the report. Noted with "
            "thanks.",
            "Noted with thanks.",
        ),
        # Two markers in a sentence, and one after the sentence's full stop.
        (
            "The Clerk (Action: Jane Testperson) and the Chair (Action: Sam Example) to write. "
            "The report was noted. (Action: Jane Testperson) Officers would update the pledge.",
            "Officers would update the pledge.",
        ),
        ('The Chair said "we will act (Action: Sam Example)." Agreed.', "Agreed."),
        ("No marker here. Nor here.", "No marker here. Nor here."),
    ],
)
def test_what_inline_actions_leave_of_a_paragraph(paragraph: str, left: str) -> None:
    assert left_by_inline(paragraph) == left


def test_an_action_line_after_a_paragraph_all_inline_actions_adds_their_owners() -> None:
    text = (
        "CPAC501. PERFORMANCE\n\n"
        "A report on placement stability would come to the October meeting (Action: Jane "
        "Testperson).\n\n"
        "Action: Sam Example - by end of June\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.owners_text, action.timescale, action.title) == (
        "CPAC501/1",
        "Jane Testperson/Sam Example",
        "by end of June",
        "A report on placement stability would come to the October meeting",
    )


# -- a heading with no blank line under it is no part of the text under it -----------------

ASKED = "The Committee asked for a breakdown of placement moves by age 🧒."


@pytest.mark.parametrize(
    "heading",
    [
        "2. PERFORMANCE",
        "Item 2 – Performance",
        "Item 2: Performance",
        "2.1 Placement Stability of Looked After Children",
        "**ANY OTHER BUSINESS**",
        # Numbered, short, with words in lower case that say nothing of a sentence.
        "2. Performance report",
        "3. Fostering service update and sufficiency",
        "5. Alternative options considered",
        "2.0 Children's trust arrangements update",
    ],
)
@pytest.mark.parametrize("bullet", ["", "• "])
def test_a_heading_with_no_blank_line_under_it_is_not_in_the_action(
    heading: str, bullet: str
) -> None:
    text = (
        f"1. APOLOGIES\nApologies were received from Cllr Hare.\n{heading}\n{bullet}{ASKED}\n"
        "Action: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert (action.title, action.context) == (ASKED, f"{bullet}{ASKED}")


def test_an_item_heading_ends_a_paragraph_left_without_a_full_stop() -> None:
    text = (
        "Item 1 – Apologies\nApologies were received from Cllr Hare\n"
        f"Item 2 – Performance\n{ASKED}\nAction: Jane Testperson\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.context == ASKED


def test_a_heading_with_no_blank_line_under_it_keeps_an_inline_actions_title() -> None:
    text = (
        "3. AOB\nIt was AGREED to write to the Minister about UASC funding (Action: Chair). "
        "Members noted the date of the next meeting.\n"
    )
    [action] = parse_minutes(text, "M1")
    assert action.title == "It was AGREED to write to the Minister about UASC funding"


@pytest.mark.parametrize(
    "lines",
    [
        # Numbered, with words in lower case: the first line of a sentence.
        ("3. The Committee asked the Virtual School", "Head to report on attainment 🎓."),
        ("4. Members thanked the Virtual School Head and the LAC", "Nurse for the report."),
        ("4. An update on placements for", "Looked After Children was given."),
        ("4. Officers would report on the Care", "Leavers offer."),
        ("4. Recruitment of foster carers for Looked After", "Children has improved."),
        ("4. Reports from the Virtual School, the IRO Service and", "Aspire were noted."),
        # In capitals, going on with the sentence before it or into the line after it.
        ("The Committee RECEIVED the report of the", "DIRECTOR OF CHILDREN'S SERVICES", "today."),
        ("The Committee NOTED it.", "DIRECTOR OF CHILDREN'S SERVICES", "and more was said."),
        ("The figures were set out under", "item 2 – Performance", "Tables 1 and 2."),
        ("2. Performance: The Committee noted the figures", "Officers to circulate them."),
        # A short line with a full stop is a sentence.
        ("The Committee NOTED it.", "AGREED.", "Officers to circulate the figures."),
    ],
)
def test_lines_like_headings_that_are_prose_stay_in_the_paragraph(lines: tuple[str, ...]) -> None:
    text = "\n".join(lines) + "\nAction: Jane Testperson\n"
    [action] = parse_minutes(text, "M1")
    assert action.context == " ".join(lines)


def test_a_heading_an_action_line_closes_is_still_the_actions_text() -> None:
    [action] = parse_minutes("2. PERFORMANCE REPORT\nAction: Jane Testperson\n", "M1")
    assert action.title == "PERFORMANCE REPORT"


# -- the ways minutes write an Action line, and lines where "Action" is a word of prose -----


@pytest.mark.parametrize(
    "line",
    [
        "Action - Jane Testperson",
        "Action – Jane Testperson",
        "Action -Jane Testperson",
        "Action by: Jane Testperson",
        "ACTION BY - Jane Testperson",
        "Actions: Jane Testperson",
        "**Action** – Jane Testperson",
        "- Action by: Jane Testperson.",
    ],
)
def test_forms_of_the_action_line(line: str) -> None:
    text = f"CPAC12. PERFORMANCE\n• Officers to circulate the Ofsted timetable.\n{line}\n"
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.owners_text, action.title) == (
        "CPAC12/1",
        "Jane Testperson",
        "Officers to circulate the Ofsted timetable.",
    )


def test_an_action_line_with_a_dash_keeps_its_timescale() -> None:
    text = "Officers to circulate the timetable.\nAction – Jane Testperson – by end of June\n"
    [action] = parse_minutes(text, "M1")
    assert (action.owners_text, action.timescale) == ("Jane Testperson", "by end of June")


@pytest.mark.parametrize(
    "prose",
    [
        "Action for Children will present their report at the next meeting.",
        "Action plans were agreed.",
        "Action-led planning was praised.",
        "Actioned by the service in May.",
        "Action by the police was slow.",
    ],
)
def test_a_line_starting_with_the_word_action_is_prose(prose: str) -> None:
    text = f"CPAC12. PERFORMANCE\nThe Committee noted the report.\n{prose}\n"
    assert parse_minutes(text, "M1") == []
    [action] = parse_minutes(f"{text}Action: Jane Testperson\n", "M1")
    assert action.context == f"The Committee noted the report. {prose}"


@pytest.mark.parametrize(
    ("who", "owner"),
    [("All", ("role", "ALL", "All")), ("All members", ("role", "MEMBERS", "members"))],
)
def test_action_all_is_a_role(who: str, owner: tuple[str, str, str]) -> None:
    [action] = parse_minutes(f"Officers to circulate the timetable.\nAction: {who}\n", "M1")
    assert [(o.kind, o.key, o.display) for o in split_lead(action.owners_text)] == [owner]


@pytest.mark.parametrize(
    "marker",
    ["(Action: Jane Testperson)", "(Action by: Jane Testperson)", "(Action by Jane Testperson)"],
)
def test_forms_of_the_inline_action(marker: str) -> None:
    text = f"The Committee asked for a report on placement stability {marker}. Noted.\n"
    [action] = parse_minutes(text, "M1")
    assert (action.owners_text, action.title) == (
        "Jane Testperson",
        "The Committee asked for a report on placement stability",
    )


def test_a_bracket_starting_action_by_in_lower_case_is_an_aside() -> None:
    text = "Officers expected a decision (action by the end of March) on the contract.\n"
    assert parse_minutes(text, "M1") == []


@pytest.mark.parametrize(
    ("heading", "kept"),
    [
        ("Fostering service update and sufficiency", False),
        ("Performance report", False),
        # Words of a sentence without its full stop: the minute's own text, never dropped.
        ("The Director gave an update on recruitment", True),
        ("Members were told of the new offer", True),
    ],
)
def test_a_minute_headings_words_in_lower_case_are_its_title_or_its_text(
    heading: str, kept: bool
) -> None:
    asked = "The Committee asked for a breakdown of moves."
    text = f"CPAC400. {heading}\n{asked}\nAction: Jane Testperson\n"
    [action] = parse_minutes(text, "M1")
    assert (action.ref, action.context) == ("CPAC400/1", f"{heading} {asked}" if kept else asked)
