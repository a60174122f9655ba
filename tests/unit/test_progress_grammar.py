"""Channel progress messages: what reads as an update, and what stays ordinary chat."""

from __future__ import annotations

import pytest

from commands.progress import ProgressUpdate, extract_status, looks_like_progress, parse_progress


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2.3: KASS team recruited #on-track",
            ProgressUpdate("2.3", "KASS team recruited", "on_track"),
        ),
        ("[4.2] audit done #done", ProgressUpdate("4.2", "audit done", "achieved")),
        (
            "Update 10 - recruitment delayed RAG amber",
            ProgressUpdate("10", "recruitment delayed", "at_risk"),
        ),
        ("2.3 – text", ProgressUpdate("2.3", "text", None, explicit=False)),
        ("2.3 - panel met", ProgressUpdate("2.3", "panel met", None, explicit=False)),
        ("update 2.3: text", ProgressUpdate("2.3", "text", None)),
        ("UPDATE 2.3: text", ProgressUpdate("2.3", "text", None)),
        ("10: carers recruited #delayed", ProgressUpdate("10", "carers recruited", "off_track")),
        ("2.3: 12 practitioners started", ProgressUpdate("2.3", "12 practitioners started")),
        ("2.3:done the audit", ProgressUpdate("2.3", "done the audit")),
        (
            "CPAC343/1: report circulated status: at risk",
            ProgressUpdate("CPAC343/1", "report circulated", "at_risk"),
        ),
        ("[ 4.2 ] #done", ProgressUpdate("4.2", "", "achieved")),
        ("2.3: #amber waiting on HR", ProgressUpdate("2.3", "waiting on HR", "at_risk")),
        (
            "2.3: status is on track, panel agreed",
            ProgressUpdate("2.3", "panel agreed", "on_track"),
        ),
        ("2.3: see #kass channel", ProgressUpdate("2.3", "see #kass channel", None)),
        ("Update on 3.1 - draft ready", ProgressUpdate("3.1", "draft ready", None)),
        # A "#" before the ref, as item numbers are often written.
        ("#2.3: panel agreed", ProgressUpdate("2.3", "panel agreed")),
        ("[#4.2] audit booked", ProgressUpdate("4.2", "audit booked")),
        ("Action #10: carers recruited", ProgressUpdate("10", "carers recruited")),
        ("#2.3 – text", ProgressUpdate("2.3", "text", None, explicit=False)),
        # The ref in bold or italics, as Slack (*, _) and Teams (**) write them.
        ("*2.2*: reviews booked", ProgressUpdate("2.2", "reviews booked")),
        ("_2.2_: reviews booked", ProgressUpdate("2.2", "reviews booked")),
        ("**2.2**: reviews booked", ProgressUpdate("2.2", "reviews booked")),
        ("*2.2:* reviews booked", ProgressUpdate("2.2", "reviews booked")),
        ("*CPAC343/1*: report sent", ProgressUpdate("CPAC343/1", "report sent")),
        ("*2.2* - panel met", ProgressUpdate("2.2", "panel met", None, explicit=False)),
    ],
)
def test_updates_are_parsed(text: str, expected: ProgressUpdate) -> None:
    assert parse_progress(text) == expected
    assert looks_like_progress(text)


@pytest.mark.parametrize(
    "text",
    [
        "10 people came",
        "see you at 2.30",
        "10:30 meeting moved",
        "meeting at 10:30: bring papers",
        "10 - 12 people expected",
        "2.3",
        "2.3:",
        "[4.2]",
        "Q3: figures are in",
        "Note: nothing to report",
        "thanks all",
        "",
        "   ",
        "#done",
        "the 2.3: item is next",
        "update: all good",
        "2.30pm - room 4",
        "#kass: recruited",
        "## 2.3: heading",
        # Bold or italics that are not one ref, closed by the same mark.
        "*Note*: meeting at 10:30",
        "*2.2_: mixed marks",
        "_2.2: never closed",
        "2.2*: closed only",
        "* 2: a bullet",
        "*bold* words: and more",
    ],
)
def test_ordinary_chat_is_not_an_update(text: str) -> None:
    assert parse_progress(text) is None
    assert not looks_like_progress(text)


@pytest.mark.parametrize(
    ("text", "clean", "status"),
    [
        ("recruited #on-track", "recruited", "on_track"),
        ("#at_risk budget gap", "budget gap", "at_risk"),
        ("RAG: Red, no funding", "no funding", "off_track"),
        ("RAG A", "", "at_risk"),
        ("status - complete", "", "achieved"),
        ("Status: not started", "", "not_started"),
        ("the status of the review is unclear", "the status of the review is unclear", None),
        ("status is a concern", "status is a concern", None),
        ("#a #r tags", "#a #r tags", None),
        ("#amber then #done", "then", None),  # two statuses: the writer is asked which
        ("email me at a#done.com", "email me at a#done.com", None),
    ],
)
def test_status_is_taken_out_of_the_text(text: str, clean: str, status: str | None) -> None:
    assert extract_status(text) == (clean, status)


def test_a_long_body_is_still_an_update() -> None:
    text = "2.3: " + "word " * 30_000
    parsed = parse_progress(text)
    assert parsed is not None and parsed.ref == "2.3"
    assert len(parsed.text) > 100_000


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("2.3: done", "achieved"),
        ("2.3: Done.", "achieved"),
        ("2.3: COMPLETE!", "achieved"),
        ("[2.3] on track", "on_track"),
        ("Action 2.3: at risk", "at_risk"),
        ("2.3: not started", "not_started"),
        ("2.3 - delayed", "off_track"),
    ],
)
def test_an_update_that_is_only_a_status_word_is_that_status(text: str, status: str) -> None:
    parsed = parse_progress(text)
    assert parsed is not None and (parsed.text, parsed.status) == ("", status)


@pytest.mark.parametrize(
    "text",
    ["2.3: done the audit", "2.3: done and dusted", "2.3: on track, panel met", "2.3: 12"],
)
def test_a_status_word_in_a_sentence_is_text(text: str) -> None:
    parsed = parse_progress(text)
    assert parsed is not None and parsed.status is None and parsed.text == text[5:]
