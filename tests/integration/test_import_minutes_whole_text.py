"""`csbot import minutes` keeps every word of a minute: a very long one, with emoji, whose
heading's line carries its first sentence and whose wrapped lines start or end like a page
footer, a bullet, a running head or another minute's number (a QA pass found the first
sentence of such a minute dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import csbot

FILLER = " ".join(
    f"Sentence {n} records that the service reviewed placement {n} with the carers."
    for n in range(60)
)
# The minute as typed, one line of the file each, after its heading's number.
LINES = [
    "The Committee RECEIVED the Virtual School annual report 🎉 and thanked",
    "the head and her team for it.",
    "Minutes of the governing body's meetings were NOTED 👩‍👧 with thanks.",
    "Attainment was set out in the tables on page 4",
    "of the report, which",
    "– as the Chair said – showed a gap at age",
    "16. The gap had narrowed since results at",
    f"KS2. {FILLER}",
    "Officers to circulate the revised pathway plan guidance to all members.",
]


def test_a_long_minute_with_emoji_is_stored_whole(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\nMONDAY 5 OCTOBER 2015\n\n"
        f"CPAC400. {LINES[0]}\n" + "\n".join(LINES[1:]) + "\n\nAction: Fiona Smith\n",
        encoding="utf-8",
    )
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch)
    csbot(
        database.url,
        ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"],
        monkeypatch,
    )

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        [action] = uow.repos.actions.in_plan(plan.id)
        stored = (action.ref, action.title, action.extra["Minute"])
    given = " ".join(LINES)
    assert len(given) > 4000
    assert stored == (
        "CPAC400/1",
        "Officers to circulate the revised pathway plan guidance to all members.",
        given,
    )


# A sentence a page break splits, the furniture between blank lines as printed papers
# converted to text have it, and a sentence with an inline numbered list (a QA pass found
# the first half, and everything before the list's second item, dropped).
CARE_LEAVERS = (
    "The Board heard that 12 care leavers 🏠 were in unsuitable accommodation at the end of",
    "October, of whom 3 were aged",
    "",
    "CPAC401 Page 2",
    "",
    "17 and placed out of borough.",
)
LEISURE = (
    "Members heard that 40",
    "",
    "**MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE**",
    "",
    "free leisure passes had been used by care leavers this year.",
)
STRATEGY = (
    "The Head of Service presented the draft strategy. Members welcomed the focus on",
    "1. local placements and",
    "2. support for carers of teenagers,",
    "and asked for a consultation with young people 🧒 before it was agreed.",
)


def _whole(lines: tuple[str, ...]) -> str:
    return " ".join(line for line in lines if line and "Page" not in line and "**" not in line)


def test_a_sentence_split_by_a_page_break_or_an_inline_list_is_stored_whole(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "\n".join(
            [
                "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
                "MONDAY 5 OCTOBER 2015",
                "",
                "CPAC401. CARE LEAVERS",
                "",
                *CARE_LEAVERS,
                "",
                "Action: Jane Testperson",
                "",
                "CPAC402. LEISURE",
                "",
                *LEISURE,
                "",
                "Action: Sam Example",
                "",
                f"CPAC403. {STRATEGY[0]}",
                *STRATEGY[1:],
                "Action: Jane Testperson",
                "",
            ]
        ),
        encoding="utf-8",
    )
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch)
    argv = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, argv, monkeypatch)
    csbot(database.url, argv, monkeypatch)
    assert "0 new, 0 changed, 3 unchanged" in capsys.readouterr().out

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [(a.ref, a.title, a.extra["Minute"]) for a in uow.repos.actions.in_plan(plan.id)]
    assert stored == [
        ("CPAC401/1", _whole(CARE_LEAVERS), _whole(CARE_LEAVERS)),
        ("CPAC402/1", _whole(LEISURE), _whole(LEISURE)),
        (
            "CPAC403/1",
            "Members welcomed the focus on 1. local placements and 2. support for carers of "
            "teenagers, and asked for a consultation with young people 🧒 before it was agreed.",
            _whole(STRATEGY),
        ),
    ]
