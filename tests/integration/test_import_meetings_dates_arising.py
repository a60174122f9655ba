"""A meeting added after minutes were imported gives the actions arising from the meeting
before it ("Before the next meeting") its eve as their due date. `/meeting add` said so (with
"1 actions … are" for one); an agenda file adding that meeting said nothing. Both now name
how many actions, and the file's report the two meetings and the date.
"""

from __future__ import annotations

from pathlib import Path

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat, run_cli
from tests.integration.test_meeting_world import at

HEADER = "committee,date,time,item,lead,report_due,publication_date,channel\n"
HELD = "CPAC,2026-10-05,18:30,Performance,Mary Gale,2026-09-18,,#cpac\n"
NEXT = "CPAC,2027-01-05,18:30,Performance,Anne Walker,2026-12-17,,#cpac\n"

MINUTES = """MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE
MONDAY 5 OCTOBER 2026

CPAC343. PERFORMANCE

Virtual Schools needed to establish a process for recording reviews.

Action: Fay Smith

Managers needed training on recording plans in Mosaic.

Action: Anne Walker/Dan Porter
"""


def _held_with_minutes(database: Database, tmp_path: Path, minutes: str = MINUTES) -> None:
    (tmp_path / "held.csv").write_text(HEADER + HELD, encoding="utf-8")
    (tmp_path / "minutes.txt").write_text(minutes, encoding="utf-8")
    for args in (
        ("import", "meetings", str(tmp_path / "held.csv")),
        ("import", "minutes", str(tmp_path / "minutes.txt"), "--meeting", "CPAC"),
    ):
        done = run_cli(database.url, tmp_path, *args)
        assert done.returncode == 0, done.stderr


def test_an_agenda_file_adding_the_next_meeting_says_it_dated_the_actions_arising(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _held_with_minutes(database, tmp_path)
    (tmp_path / "plan.csv").write_text(HEADER + HELD + NEXT, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "meetings", str(tmp_path / "plan.csv"))
    assert done.returncode == 0, done.stderr
    assert (
        "2 actions arising from CPAC 2026-10-05 are now due before CPAC 2027-01-05 "
        "(4 Jan 2027)." in done.stdout
    ), done.stdout
    shown = run_cli(database.url, tmp_path, "say", "/meeting actions CPAC 2026-10-05")
    assert shown.stdout.count("due 4 Jan 2027") == 2, shown.stdout
    again = run_cli(database.url, tmp_path, "import", "meetings", str(tmp_path / "plan.csv"))
    assert "now due before" not in again.stdout, again.stdout


def test_meeting_add_counts_one_action_arising_in_the_singular(
    store: Store, database: Database, tmp_path: Path
) -> None:
    one = MINUTES.split("\nManagers")[0] + "\n"
    _held_with_minutes(database, tmp_path, one)
    reply = make_chat(store, at("2026-12-07 10:00")).say("/meeting add CPAC 2027-01-05 18:30")
    assert "1 action arising from the meeting before is now due before it." in reply, reply
