"""Timescales naming a committee's next meeting ("Before next CPAC", "by the next Corporate
Parenting meeting") are read from the workspace's meetings, in chat and in an import; with no
meeting planned the existing behaviour stands (chat refuses, an import keeps the text)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world
from tests.helpers import Chat, csbot, make_chat, run_cli

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
IN_LEEDS = {"channel": "leeds"}
CPAC = "Corporate Parenting Advisory Committee"


def _due(store: Store, plan_slug: str, ref: str) -> tuple[date | None, str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(plan_slug)
        assert plan is not None
        action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.due_date, action.due_text


def _chat_with_meetings(store: Store, *dates: str) -> Chat:
    leeds_world(store)
    chat = make_chat(store, NOW)
    for day in dates:
        assert "✖" not in chat.say(f"/meeting add {CPAC} {day} 18:30")
    return chat


@pytest.mark.parametrize(
    ("when", "expected", "kept", "shown"),
    [
        (
            "Before next CPAC",
            date(2027, 1, 4),
            "Before CPAC 2027-01-05",
            "is now due Mon 4 Jan 2027 — the day before CPAC 2027-01-05",
        ),
        (
            "by the next Corporate Parenting meeting",
            date(2027, 1, 5),
            "By CPAC 2027-01-05",
            "is now due Tue 5 Jan 2027 — the day of CPAC 2027-01-05",
        ),
        ("Christmas 2026", date(2026, 12, 25), "Christmas 2026", "is now due Fri 25 Dec 2026"),
        ("Easter 2027", date(2027, 3, 28), "Easter 2027", "is now due Sun 28 Mar 2027"),
    ],
)
def test_chat_reads_the_next_meeting_and_holidays(
    store: Store, when: str, expected: date, kept: str, shown: str
) -> None:
    chat = _chat_with_meetings(store, "2026-10-05", "2027-01-05", "2027-04-05")
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert shown in reply, reply
    assert _due(store, "leeds-improvement-plan", "2.3") == (expected, kept)


def test_chat_with_no_next_meeting_refuses_and_changes_nothing(store: Store) -> None:
    chat = _chat_with_meetings(store, "2026-10-05")
    before = _due(store, "leeds-improvement-plan", "2.3")
    reply = chat.say("/actions due 2.3 Before next CPAC", **IN_LEEDS)
    assert f"names the next {CPAC} meeting, but none is planned" in reply, reply
    assert "Nothing was changed" in reply
    unknown = chat.say("/actions due 2.3 before next Fostering Panel", **IN_LEEDS)
    assert "I couldn't read “before next Fostering Panel” as a date" in unknown, unknown
    assert _due(store, "leeds-improvement-plan", "2.3") == before


def test_an_import_reads_the_next_meeting_and_says_which(
    store: Store, database: Database, tmp_path: Path
) -> None:
    # The import reads meetings from the real clock: far-off meetings stay "next".
    chat = _chat_with_meetings(store, "2020-01-06", "2028-01-05", "2028-04-03")
    assert "✖" not in chat.say("/meeting add Fostering Panel 2020-02-03 10:00")
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Action,Lead,Timescale\n"
        "1.1,Audit files,Fiona Smith,Before next CPAC\n"
        "1.2,Review panel,Fiona Smith,by the next Corporate Parenting meeting\n"
        "1.3,Refresh pledge,Fiona Smith,Christmas 2026\n"
        "1.4,Visit homes,Fiona Smith,Before next Fostering Panel\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Next")
    assert done.returncode == 0, done.stderr
    assert (
        "Timescales naming a committee's next meeting, read from the meetings planned now: "
        f"row 2 “Before next CPAC” → 4 Jan 2028, the day before CPAC 2028-01-05, the next {CPAC} "
        "meeting; row 3 “by the next Corporate Parenting meeting” → 5 Jan 2028, the day of CPAC "
        f"2028-01-05, the next {CPAC} meeting; row 5 “Before next Fostering Panel” → no meeting "
        "planned."
    ) in done.stdout, done.stdout
    assert "no due date" in done.stdout and "row 5 “Before next Fostering Panel”" in done.stdout
    # The file's words are kept; the date is the one read.
    assert _due(store, "next", "1.1") == (date(2028, 1, 4), "Before next CPAC")
    assert _due(store, "next", "1.2") == (
        date(2028, 1, 5),
        "by the next Corporate Parenting meeting",
    )
    assert _due(store, "next", "1.3") == (date(2026, 12, 25), "Christmas 2026")
    assert _due(store, "next", "1.4") == (None, "Before next Fostering Panel")
    again = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Next")
    assert "0 new, 0 changed, 4 unchanged" in again.stdout, again.stdout


@pytest.mark.parametrize(
    ("when", "expected", "kept"),
    [
        ("next week", date(2026, 12, 11), "11 Dec 2026"),
        ("by next week", date(2026, 12, 11), "11 Dec 2026"),
        ("next month", date(2027, 1, 31), "31 Jan 2027"),
        ("next Weekly", date(2027, 2, 10), "By WPP 2027-02-10"),
    ],
)
def test_a_date_is_not_read_as_a_committee_whose_name_starts_with_it(
    store: Store, when: str, expected: date, kept: str
) -> None:
    # 'next week' was the next Weekly Placement Panel, 'next month' the Monthly Performance
    # Board's next meeting; a committee still answers to the start of its name otherwise.
    chat = _chat_with_meetings(store, "2027-01-05")
    for committee, day in (
        ("Weekly Placement Panel", "2027-02-10"),
        ("Monthly Board", "2027-03-10"),
    ):
        assert "✖" not in chat.say(f"/meeting add new {committee} {day} 10:00")
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert "✖" not in reply, reply
    assert _due(store, "leeds-improvement-plan", "2.3") == (expected, kept), reply


def test_actions_due_by_the_next_meeting_follow_it_when_it_moves_or_is_cancelled(
    store: Store,
) -> None:
    # They kept 'Before CPAC 2027-01-05' after the meeting moved, naming a meeting no longer
    # on the calendar, while actions arising from minutes followed it.
    chat = _chat_with_meetings(store, "2027-01-05", "2027-04-05")
    assert "✖" not in chat.say("/actions due 2.3 Before next CPAC", **IN_LEEDS)
    assert "✖" not in chat.say("/actions due 3.1 by the next CPAC", **IN_LEEDS)
    moved = chat.say("/meeting move CPAC 2027-01-05 to 2027-01-12")
    assert (
        "2 actions whose timescale names this meeting follow CPAC 2027-01-12: "
        "2.3 to 11 Jan 2027; 3.1 to 12 Jan 2027."
    ) in moved, moved
    assert _due(store, "leeds-improvement-plan", "2.3") == (
        date(2027, 1, 11),
        "Before CPAC 2027-01-12",
    )
    assert _due(store, "leeds-improvement-plan", "3.1") == (date(2027, 1, 12), "By CPAC 2027-01-12")
    assert "✖" not in chat.say("/actions done 3.1", **IN_LEEDS)  # done: keeps its record
    cancelled = chat.say("/meeting cancel CPAC 2027-01-12")
    assert (
        "1 action whose timescale names this meeting follows CPAC 2027-04-05: 2.3 to 4 Apr 2027."
    ) in cancelled, cancelled
    assert _due(store, "leeds-improvement-plan", "2.3") == (
        date(2027, 4, 4),
        "Before CPAC 2027-04-05",
    )
    assert _due(store, "leeds-improvement-plan", "3.1") == (date(2027, 1, 12), "By CPAC 2027-01-12")
    last = chat.say("/meeting cancel CPAC 2027-04-05")
    assert (
        "1 action whose timescale names this meeting (2.3) keeps its due date: the committee "
        "has no later meeting yet."
    ) in last, last


MEETING_DAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
MEETING_DAY_EVENING = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "expected", "kept", "shown"),
    [
        (
            "Before next CPAC",
            date(2026, 12, 7),
            "Before CPAC 2026-12-07",
            "is now due Mon 7 Dec 2026 — the day of CPAC 2026-12-07 (the day before it is "
            "already past)",
        ),
        ("by the next CPAC", date(2026, 12, 7), "By CPAC 2026-12-07", "the day of CPAC 2026-12-07"),
        ("next CPAC", date(2026, 12, 7), "By CPAC 2026-12-07", "the day of CPAC 2026-12-07"),
    ],
)
def test_on_the_meeting_day_before_it_starts_the_due_date_is_never_past(
    store: Store, when: str, expected: date, kept: str, shown: str
) -> None:
    # 'Before next CPAC' typed on the morning of CPAC's day was due the day before: overdue.
    leeds_world(store)
    chat = make_chat(store, MEETING_DAY_MORNING)
    for day in ("2026-12-07", "2027-03-08"):
        assert "✖" not in chat.say(f"/meeting add {CPAC} {day} 18:30")
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert shown in reply, reply
    assert "overdue" not in reply, reply
    assert _due(store, "leeds-improvement-plan", "2.3") == (expected, kept)


@pytest.mark.parametrize(
    ("when", "expected", "kept"),
    [
        ("Before next CPAC", date(2027, 3, 7), "Before CPAC 2027-03-08"),
        ("by the next CPAC", date(2027, 3, 8), "By CPAC 2027-03-08"),
    ],
)
def test_once_the_meeting_has_started_the_next_one_is_the_following(
    store: Store, when: str, expected: date, kept: str
) -> None:
    leeds_world(store)
    make_chat(store, MEETING_DAY_MORNING).say(f"/meeting add {CPAC} 2026-12-07 18:30")
    chat = make_chat(store, MEETING_DAY_EVENING)
    assert "✖" not in chat.say(f"/meeting add {CPAC} 2027-03-08 18:30")
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert "✖" not in reply and "overdue" not in reply, reply
    assert _due(store, "leeds-improvement-plan", "2.3") == (expected, kept)


def test_an_action_due_on_the_meeting_day_still_follows_the_meeting(store: Store) -> None:
    # Due on the meeting's day (the day before was past), it follows the meeting when it
    # moves, to the day before the new date.
    leeds_world(store)
    chat = make_chat(store, MEETING_DAY_MORNING)
    for day in ("2026-12-07", "2027-03-08"):
        assert "✖" not in chat.say(f"/meeting add {CPAC} {day} 18:30")
    assert "✖" not in chat.say("/actions due 2.3 Before next CPAC", **IN_LEEDS)
    moved = chat.say("/meeting move CPAC 2026-12-07 to 2026-12-14")
    assert "2.3 to 13 Dec 2026" in moved, moved
    assert _due(store, "leeds-improvement-plan", "2.3") == (
        date(2026, 12, 13),
        "Before CPAC 2026-12-14",
    )


def test_a_meeting_moved_to_today_keeps_actions_due_before_it_out_of_the_past(
    store: Store,
) -> None:
    leeds_world(store)
    chat = make_chat(store, MEETING_DAY_MORNING)
    for day in ("2026-12-14", "2027-03-08"):
        assert "✖" not in chat.say(f"/meeting add {CPAC} {day} 18:30")
    assert "✖" not in chat.say("/actions due 2.3 Before next CPAC", **IN_LEEDS)
    moved = chat.say("/meeting move CPAC 2026-12-14 to 2026-12-07")
    assert "2.3 to 7 Dec 2026" in moved, moved
    assert _due(store, "leeds-improvement-plan", "2.3") == (
        date(2026, 12, 7),
        "Before CPAC 2026-12-07",
    )


def test_imported_next_meeting_timescales_follow_the_meeting_when_it_moves(
    store: Store, database: Database, tmp_path: Path
) -> None:
    # Typed in chat they followed a moved meeting; imported from a plan they kept the old
    # meeting's date. The file's words are still kept as the timescale.
    chat = _chat_with_meetings(store, "2028-01-05", "2028-04-03")
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Action,Lead,Timescale\n"
        "1.1,Audit files,Fiona Smith,Before next CPAC\n"
        "1.2,Review panel,Fiona Smith,by the next Corporate Parenting meeting\n"
        "1.3,Refresh pledge,Fiona Smith,5 Jan 2028\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Next")
    assert done.returncode == 0, done.stderr
    moved = chat.say("/meeting move CPAC 2028-01-05 to 2028-01-12")
    assert (
        "2 actions whose timescale names this meeting follow CPAC 2028-01-12: "
        "1.1 to 11 Jan 2028; 1.2 to 12 Jan 2028."
    ) in moved, moved
    assert _due(store, "next", "1.1") == (date(2028, 1, 11), "Before next CPAC")
    assert _due(store, "next", "1.2") == (
        date(2028, 1, 12),
        "by the next Corporate Parenting meeting",
    )
    assert _due(store, "next", "1.3") == (date(2028, 1, 5), "5 Jan 2028")  # a date of its own
    cancelled = chat.say("/meeting cancel CPAC 2028-01-12")
    assert "follow CPAC 2028-04-03: 1.1 to 2 Apr 2028; 1.2 to 3 Apr 2028." in cancelled, cancelled
    # The file imported again changes nothing: its words are what the actions say.
    again = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Next")
    assert "0 new, 0 changed, 3 unchanged" in again.stdout, again.stdout
    assert _due(store, "next", "1.1") == (date(2028, 4, 2), "Before next CPAC")


def test_an_import_names_the_rows_of_one_next_meeting_timescale_together(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Each row was its own entry ("row 2 … ; row 4 …" with the same words and date), where
    # quarters name the rows of one timescale together ("rows 2, 4 “Q3 2026” → …").
    chat = _chat_with_meetings(store, "2028-01-05")
    assert "✖" not in chat.say("/meeting add Fostering Panel 2020-02-03 10:00")
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Action,Lead,Timescale\n"
        "1.1,Audit files,Fiona Smith,Before next CPAC\n"
        "1.2,Review panel,Fiona Smith,Before next Fostering Panel\n"
        "1.3,Refresh pledge,Fiona Smith,Before next CPAC\n"
        "1.4,Visit homes,Fiona Smith,Before next Fostering Panel\n"
        "1.5,Train staff,Fiona Smith,Before next CPAC\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "actions", str(plan), "--plan", "Next"], monkeypatch)
    out = capsys.readouterr().out
    assert (
        "Timescales naming a committee's next meeting, read from the meetings planned now: "
        "rows 2, 4, 6 “Before next CPAC” → 4 Jan 2028, the day before CPAC 2028-01-05, the "
        f"next {CPAC} meeting; rows 3, 5 “Before next Fostering Panel” → no meeting planned."
    ) in out, out
