"""`csbot import minutes` reads an `Action:` line that says what is to be done as well as who
does it, as minutes often write it ("ACTION: Ann Testsmith to add a trend chart – by end of
February", "Action by: Dev Mockford - re-audit the weaker PEPs"): the person owns it, the
task is its title, a timescale after it dates it, and the paragraph above is its minute's
text. Before, the whole line was one owner (a role named after the sentence), nobody's
`/actions mine` showed it, and its title was the paragraph above."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import csbot, owner_name

MINUTES = "\n".join(
    [
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
        "MONDAY 5 OCTOBER 2015",
        "",
        "CPAC400. PERFORMANCE",
        "",
        "The panel noted the improvement in PEPs to 96% in September.",
        "ACTION: Ann Testsmith to add a placement stability trend chart to the scorecard – by "
        "end of February",
        "",
        "22 of 30 PEPs were rated good or better.",
        "Action by: Dev Mockford - re-audit the 8 weaker PEPs",
        "",
        "CPAC401. PLEDGE",
        "",
        "The pledge was discussed (Action: Head of Service to circulate it to members).",
        "",
        "The Chair asked for the pledge to be refreshed.",
        "Action: Fiona Smith - by end of June",
        "",
    ]
)


def _cpac_minutes(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> list[str]:
    """Import the committee's meetings, then ``text`` as the minutes of CPAC 2015-10-05; the
    minutes import's arguments, to run it again."""
    minutes = tmp_path / "cpac_2015-10-05.txt"
    minutes.write_text(text, encoding="utf-8")
    meetings = FIXTURES / "meetings" / "cpac_planning.csv"
    csbot(database.url, ["import", "meetings", str(meetings)], monkeypatch, tmp_path)
    command = ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"]
    csbot(database.url, command, monkeypatch, tmp_path)
    return command


def test_an_action_line_with_its_task_is_owned_by_the_person_named(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = _cpac_minutes(database, tmp_path, monkeypatch, MINUTES)

    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (
                a.ref,
                a.title,
                [owner_name(o) for o in a.owners],
                a.due_date.isoformat() if a.due_date else None,
                a.extra["Minute"],
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]
        roles = [r.key for r in uow.repos.people.all_roles()]
    assert stored == [
        (
            "CPAC400/1",
            "Add a placement stability trend chart to the scorecard",
            ["Ann Testsmith"],
            "2016-02-29",
            "The panel noted the improvement in PEPs to 96% in September.",
        ),
        (
            "CPAC400/2",
            "Re-audit the 8 weaker PEPs",
            ["Dev Mockford"],
            "2016-01-04",  # the day before the committee's next meeting
            "22 of 30 PEPs were rated good or better.",
        ),
        (
            "CPAC401/1",
            "Circulate it to members",
            ["HOS"],
            "2016-01-04",
            "The pledge was discussed.",
        ),
        (
            "CPAC401/2",
            "The Chair asked for the pledge to be refreshed.",
            ["Fiona Smith"],
            "2016-06-30",
            "The Chair asked for the pledge to be refreshed.",
        ),
    ]
    assert not [r for r in roles if " TO " in f" {r} "], roles

    capsys.readouterr()
    csbot(database.url, ["say", "--as", "Ann Testsmith", "/actions mine"], monkeypatch, tmp_path)
    mine = capsys.readouterr().out
    assert "CPAC400/1" in mine and "placement stability trend chart" in mine, mine
    # The same minutes again change nothing.
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "0 new, 0 changed, 4 unchanged" in capsys.readouterr().out


MORE_STYLES = "\n".join(
    [
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
        "MONDAY 5 OCTOBER 2015",
        "",
        "CPAC400. ACCOMMODATION",
        "",
        "Members noted the care leavers' accommodation figures.",
        "Action: Ann Testsmith and Bo Sample to review suitability of accommodation by 31 March "
        "2016",
        "",
        "The campaign was discussed.",
        "Action: Ann Testsmith – Review the policy and report back",
        "",
        "Allowances were discussed.",
        "Action: Bo Sample: review allowances by March 2016",
        "",
        "The strategy was agreed.",
        "Action: officers to circulate the strategy to members",
        "",
        "The pledge was refreshed.",
        "Action: Fiona Smith – VSH",
        "",
    ]
)


def test_more_minute_taker_styles_name_the_owners_and_the_task(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A task ending in a date, a task after a dash in sentence case or after a colon, and a
    group in lower case; a post after a dash is still the owner's, not a task."""
    _cpac_minutes(database, tmp_path, monkeypatch, MORE_STYLES)
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (
                a.title,
                [owner_name(o) for o in a.owners],
                a.due_date.isoformat() if a.due_date else None,
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]
        roles = [r.key for r in uow.repos.people.all_roles()]
    assert stored == [
        ("Review suitability of accommodation", ["Ann Testsmith", "Bo Sample"], "2016-03-31"),
        ("Review the policy and report back", ["Ann Testsmith"], "2016-01-04"),
        ("Review allowances", ["Bo Sample"], "2016-03-31"),
        ("Circulate the strategy to members", ["OFFICERS"], "2016-01-04"),
        ("The pledge was refreshed.", ["Fiona Smith"], "2016-01-04"),
    ]
    assert not [r for r in roles if len(r.split()) > 3], roles


def test_a_deadline_after_a_dash_is_never_a_task_even_unread(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`- by Friday` and `- by 31/04/2016` (no such day) are the action's deadline: the
    paragraph above is its title, and a deadline not read as a date is named in the report.
    Before, they became the title ("By 31/04/2016") or part of a role's name."""
    _cpac_minutes(
        database,
        tmp_path,
        monkeypatch,
        "\n".join(
            [
                "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
                "MONDAY 5 OCTOBER 2015",
                "",
                "CPAC400. VISITS",
                "",
                "The Chair asked officers to arrange a visit to the new children's home.",
                "Action: Cllr Pat Member - by 31/04/2016",
                "",
                "The Panel asked for the return home interview rate.",
                "Action: Victor Schoolman - by Friday",
                "",
            ]
        ),
    )
    report = capsys.readouterr().out
    assert "CPAC400/1 “by 31/04/2016”" in report, report
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        stored = [
            (
                a.title,
                [owner_name(o) for o in a.owners],
                a.due_date.isoformat() if a.due_date else None,
            )
            for a in uow.repos.actions.in_plan(plan.id)
        ]
    assert stored == [
        (
            "The Chair asked officers to arrange a visit to the new children's home.",
            ["Cllr Pat Member"],
            None,
        ),
        ("The Panel asked for the return home interview rate.", ["Victor Schoolman"], "2015-10-09"),
    ]


def test_a_second_action_lines_other_deadline_is_named_not_dropped(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two Action lines under one paragraph make one action with both owners (as documented);
    the second line's other deadline was dropped without a word."""
    _cpac_minutes(
        database,
        tmp_path,
        monkeypatch,
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\nMONDAY 5 OCTOBER 2015\n\n"
        "CPAC400. MISSING\n\n"
        "The Panel asked for a report on missing episodes.\n"
        "Action: Victor Schoolman - by 5 February 2016\n"
        "Action: Lena Leaver - by 31 March 2016\n",
    )
    report = capsys.readouterr().out
    assert (
        "CPAC400/1: a further `Action:` line for the same text gave another deadline, “by 31 "
        "March 2016” (Lena Leaver), not used: an action has one (its first, “by 5 February "
        "2016”)" in report
    ), report


def test_the_people_minutes_add_are_named_and_a_close_spelling_warned_of(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`Fiona Smyth` in the minutes, where Fiona Smith is known: a second person was added
    without a word, who owns the action and is never the one reminded."""
    command = _cpac_minutes(
        database,
        tmp_path,
        monkeypatch,
        "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE\nMONDAY 5 OCTOBER 2015\n\n"
        "CPAC400. VISITS\n\nThe Chair asked for a visit.\nAction: Fiona Smyth - by 5 February "
        "2016\n\nThe Panel asked for a briefing.\nAction: Pat Newmember\n",
    )
    report = capsys.readouterr().out
    assert "Added 2 new people: Fiona Smyth; Pat Newmember." in report, report
    assert (
        "⚠️ Fiona Smyth is close to Fiona Smith, known already: if they are one person, "
        "`merge Fiona Smyth into Fiona Smith` puts it right." in report
    ), report
    assert "Pat Newmember is close" not in report
    csbot(database.url, command, monkeypatch, tmp_path)
    assert "new people" not in capsys.readouterr().out


def test_minutes_an_older_csbot_misread_are_put_right_in_place(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An older csbot stored `ACTION: Ann Testsmith to add …` as one made-up owner, titled by
    the paragraph above. Importing the same minutes now corrects that action (title, owner,
    date), keeping its ref and its progress, rather than adding a second beside it."""
    from commands.owner_store import set_action_owners

    command = _cpac_minutes(database, tmp_path, monkeypatch, MINUTES)
    csbot(database.url, ["say", "/actions update CPAC400/1 chart drafted #on-track"], monkeypatch)
    misread = "Ann Testsmith to add a placement stability trend chart to the scorecard"
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        [action] = uow.repos.actions.by_ref("CPAC400/1", plan.id)
        action.title = "The panel noted the improvement in PEPs to 96% in September."
        action.import_snapshot = {"title": action.title}
        action.lead_text = misread
        set_action_owners(action, [uow.repos.people.get_or_create_role(misread.upper(), misread)])
        uow.commit()
    capsys.readouterr()
    csbot(database.url, command, monkeypatch, tmp_path)
    report = capsys.readouterr().out
    assert "0 new, 1 changed, 3 unchanged" in report, report
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("cpac-actions-arising")
        assert plan is not None
        [action] = uow.repos.actions.by_ref("CPAC400/1", plan.id)
        assert action.title == "Add a placement stability trend chart to the scorecard"
        assert [owner_name(o) for o in action.owners] == ["Ann Testsmith"]
        assert action.status == "on_track"
        assert len(uow.repos.actions.in_plan(plan.id)) == 4


def test_actions_arising_due_on_a_day_off_are_named(database: Database, tmp_path: Path) -> None:
    """Due the day before a Monday meeting (a Sunday), or by Good Friday: the report names
    each with the working day before, as chat's replies name a weekend due date."""
    from tests.helpers import run_cli

    meetings = tmp_path / "cpp.csv"
    meetings.write_text(
        "Committee,Date,Time,Item,Lead\n"
        "CPP,2026-10-26,18:00,Performance,Ann Testsmith\n"
        "CPP,2027-01-11,18:00,Performance,Ann Testsmith\n",
        encoding="utf-8",
    )
    assert run_cli(database.url, tmp_path, "import", "meetings", str(meetings)).returncode == 0
    minutes = tmp_path / "cpp_minutes.txt"
    minutes.write_text(
        "MINUTES OF CORPORATE PARENTING PANEL\nMONDAY 26 OCTOBER 2026\n\nCPP7. VISITS\n\n"
        "The Chair asked for a visit.\nAction: Ann Testsmith\n\n"
        "A report was requested.\nAction: Bo Sample - by 26 March 2027\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "minutes", str(minutes), "--meeting", "CPP")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "⚠️ CPP7/1 is due 10 Jan 2027, a Sunday: the working day before is 8 Jan 2027" in done.stdout
    ), done.stdout
    assert "⚠️ CPP7/2 is due 26 Mar 2027, a bank holiday: the working day before is 25 Mar 2027" in (
        done.stdout
    )
