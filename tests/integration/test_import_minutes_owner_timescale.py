"""`csbot import minutes`: an owner followed by a dash and a timescale ("Action: Jane
Testperson - by end of June") is that person, due by it, read from the meeting's date. Before,
the whole text became one role, "JANE TESTPERSON BY END OF JUNE", due before the next meeting.
A timescale that names no date ("ASAP", "TBC", "ongoing") is kept as the action's
timescale, with no due date, and the owner is still only the person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.models import ActionOwner
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import csbot, make_chat

MEETINGS = FIXTURES / "meetings" / "cpac_planning.csv"
HEADING = ["MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE", "MONDAY 5 OCTOBER 2015", ""]
MINUTES = "\n".join(
    [
        *HEADING,
        "CPAC400. PLACEMENTS",
        "",
        "Officers to report on placement stability.",
        "",
        "Action: Jane Testperson - by end of June",
        "",
        "Officers to audit the quality of personal education plans.",
        "",
        "Action: Sam Example – by end of March 2016",
        "",
        "Officers to refresh the sufficiency strategy.",
        "",
        "Action: Jane Testperson - by the end of the month",
        "",
        "Officers to write to schools about exclusions (Action: Sam Example - by end of June).",
        "",
        "CPAC401. PATHWAY PLANS",
        "",
        "Officers to review the pledge.",
        "",
        "Action: Sam Example - TBC",
        "",
        "Officers to circulate the revised guidance.",
        "",
        "Action: Jane Testperson - ASAP",
        "",
        "Officers to monitor the care leavers' dashboard.",
        "",
        "Action: Jane Testperson - ongoing",
        "",
        "Officers to bring the action plan back.",
        "",
        "Action: Sam Example - by next meeting",
        "",
    ]
)


def _owner_name(owner: ActionOwner) -> str:
    """A person owner's name; a role owner's key, marked as a role."""
    if owner.person is not None:
        return owner.person.name
    assert owner.role is not None
    return f"role {owner.role.key}"


def _stored(store: Store) -> list[tuple[str, list[str], str, str, str | None]]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        return [
            (
                a.ref,
                [_owner_name(o) for o in a.owners],
                a.lead_text,
                a.due_text,
                a.due_date.isoformat() if a.due_date else None,
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]


def test_an_owner_with_a_dash_and_a_timescale_is_the_person_due_by_it(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    csbot(database.url, ["import", "meetings", str(MEETINGS)], monkeypatch, tmp_path)
    capsys.readouterr()
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    out = capsys.readouterr().out

    jane, sam = ["Jane Testperson"], ["Sam Example"]
    assert _stored(store) == [
        # Read from the meeting's date (5 Oct 2015): the June after it.
        ("CPAC400/1", jane, "Jane Testperson", "by end of June", "2016-06-30"),
        ("CPAC400/2", sam, "Sam Example", "by end of March 2016", "2016-03-31"),
        ("CPAC400/3", jane, "Jane Testperson", "by the end of the month", "2015-10-31"),
        ("CPAC400/4", sam, "Sam Example", "by end of June", "2016-06-30"),
        # Named no date: kept as written and undated (the report lists ASAP; TBC and ongoing
        # say as much themselves).
        ("CPAC401/1", sam, "Sam Example", "TBC", None),
        ("CPAC401/2", jane, "Jane Testperson", "ASAP", None),
        ("CPAC401/3", jane, "Jane Testperson", "ongoing", None),
        # By the next meeting: what actions arising are due by anyway.
        ("CPAC401/4", sam, "Sam Example", "Before CPAC 2016-01-05", "2016-01-04"),
    ]
    assert (
        "1 timescale names no date I can read, so that action has no due date (the text is "
        "kept; set one with `/actions due <ref> <date>`): CPAC401/2 “ASAP”" in out
    )

    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 8 unchanged" in capsys.readouterr().out


def test_a_next_meeting_added_later_dates_the_others_but_keeps_a_timescale(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    october_only = tmp_path / "october.csv"
    rows = MEETINGS.read_text(encoding="utf-8").splitlines()
    october_only.write_text(
        "\n".join([rows[0], *[r for r in rows if ",2015-10-05," in r]]) + "\n", encoding="utf-8"
    )
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "\n".join(
            [
                *HEADING,
                "CPAC400. PLACEMENTS",
                "",
                "Officers to monitor the care leavers' dashboard.",
                "",
                "Action: Jane Testperson - ongoing",
                "",
                "Officers to review the pledge.",
                "",
                "Action: Sam Example - TBC",
                "",
                "Officers to report on placement stability.",
                "",
                "Action: Jane Testperson",
                "",
            ]
        ),
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(october_only)], monkeypatch, tmp_path)
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    csbot(database.url, ["import", "meetings", str(MEETINGS)], monkeypatch, tmp_path)

    jane, sam = ["Jane Testperson"], ["Sam Example"]
    assert _stored(store) == [
        ("CPAC400/1", jane, "Jane Testperson", "ongoing", None),
        ("CPAC400/2", sam, "Sam Example", "TBC", None),
        ("CPAC400/3", jane, "Jane Testperson", "Before CPAC 2016-01-05", "2016-01-04"),
    ]


def test_an_owner_followed_by_the_committees_next_meeting_is_the_person(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "Before next CPAC" after a name was part of the owner: "Jane Testperson - before next
    # CPAC" made a role "JANE TESTPERSON BEFORE NEXT CPAC". It is the timescale: before CPAC's
    # next meeting is what actions arising are due by anyway; "by next CPAC" is that
    # meeting's day (reported); a committee with no meeting planned leaves it undated, listed.
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "\n".join(
            [
                *HEADING,
                "CPAC400. PLACEMENTS",
                "",
                "Officers to report on placement stability.",
                "",
                "Action: Jane Testperson - before next CPAC",
                "",
                "Officers to audit the quality of personal education plans.",
                "",
                "Action: Sam Example - by next CPAC",
                "",
                "Officers to write to the scrutiny panel.",
                "",
                "Action: Sam Example, before the next Scrutiny Panel",
                "",
            ]
        ),
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(MEETINGS)], monkeypatch, tmp_path)
    capsys.readouterr()
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    out = capsys.readouterr().out
    jane, sam = ["Jane Testperson"], ["Sam Example"]
    assert _stored(store) == [
        ("CPAC400/1", jane, "Jane Testperson", "Before CPAC 2016-01-05", "2016-01-04"),
        ("CPAC400/2", sam, "Sam Example", "by next CPAC", "2016-01-05"),
        ("CPAC400/3", sam, "Sam Example", "before the next Scrutiny Panel", None),
    ]
    assert (
        "line 12 “by next CPAC” → 5 Jan 2016, the day of CPAC 2016-01-05, the next Corporate "
        "Parenting Advisory Committee meeting." in out
    ), out
    assert "CPAC400/3 “before the next Scrutiny Panel”" in out
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 3 unchanged" in capsys.readouterr().out


def test_a_minutes_timescale_naming_the_next_meeting_follows_it_when_it_moves(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "by next CPAC" in the minutes was due CPAC 2016-01-05's day, and stayed so when that
    # meeting moved, while the other actions arising followed it.
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(
        "\n".join(
            [
                *HEADING,
                "CPAC400. PLACEMENTS",
                "",
                "Officers to report on placement stability.",
                "",
                "Action: Jane Testperson - before next CPAC",
                "",
                "Officers to audit the quality of personal education plans.",
                "",
                "Action: Sam Example - by next CPAC",
                "",
            ]
        ),
        encoding="utf-8",
    )
    csbot(database.url, ["import", "meetings", str(MEETINGS)], monkeypatch, tmp_path)
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    capsys.readouterr()
    chat = make_chat(store, datetime(2015, 12, 1, 10, 0, tzinfo=UTC))
    moved = chat.say("/meeting move CPAC 2016-01-05 to 2016-01-12")
    assert "1 action whose timescale names this meeting follows CPAC 2016-01-12: " in moved, moved
    jane, sam = ["Jane Testperson"], ["Sam Example"]
    assert _stored(store) == [
        ("CPAC400/1", jane, "Jane Testperson", "Before CPAC 2016-01-12", "2016-01-11"),
        ("CPAC400/2", sam, "Sam Example", "by next CPAC", "2016-01-12"),
    ]
