"""An action's timescale as written is shown beside its due date only when it says more: a
spreadsheet's date cell (read as ``2027-03-31``, or ``2027-03-31T17:00:00`` with a time) only
writes the date again, on every platform."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.console.render import render as console_render
from bot.slack.pages import to_message
from bot.teams.cards import card_json
from bot.teams.render import render as teams_render
from commands.formatting import due_as_written
from commands.views import ActionDetail
from tests.slack.samples import action

DUE = date(2027, 3, 31)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("2027-03-31", None),
        ("2027-03-31T17:00:00", None),
        ("2027-03-31 00:00:00", None),
        ("31 Mar 2027", None),
        ("  ", None),
        ("", None),
        ("end of March", "end of March"),
        ("2027-04-30", "2027-04-30"),
        (
            "Jan 2027 – Interim Summer 2027 - Permanent",
            "Jan 2027 – Interim Summer 2027 - Permanent",
        ),
    ],
)
def test_the_timescale_is_shown_only_when_it_says_more(raw: str, shown: str | None) -> None:
    assert due_as_written(raw, DUE) == shown


def test_no_date_no_timescale_beside_it() -> None:
    assert due_as_written("TBC", None) is None


def _detail(raw: str) -> ActionDetail:
    summary = action(1).model_copy(
        update={"due_date": DUE, "due_text": raw, "overdue": False, "days_overdue": 0}
    )
    return ActionDetail(action=summary)


def _everywhere(raw: str) -> list[str]:
    view = _detail(raw)
    return [
        console_render(view),
        json.dumps(to_message(view).blocks, ensure_ascii=False),
        json.dumps(card_json(teams_render(view)), ensure_ascii=False),
    ]


def test_an_excel_date_with_a_time_is_not_written_out_again() -> None:
    for shown in _everywhere("2027-03-31T17:00:00"):
        assert "31 Mar 2027" in shown
        assert "“2027-03-31" not in shown


def test_words_that_say_more_are_kept_beside_the_date() -> None:
    for shown in _everywhere("end of March"):
        assert "31 Mar 2027" in shown
        assert "“end of March”" in shown
