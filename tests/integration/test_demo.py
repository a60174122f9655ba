"""The demo builds, is idempotent, answers as the papers say, and runs from the CLI."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.console.tour import STEPS, run_tour
from commands.core import Core
from commands.demo import (
    DATA,
    MINUTES_MEETING,
    build_demo,
    month_offset,
    shift,
    shift_text,
    shift_working_day,
)
from commands.jobs.working_days import is_working_day
from commands.owners import person_key, split_lead
from commands.status import is_outstanding, parse_status_cell
from storage.models import (
    Action,
    AgendaItem,
    AuditEvent,
    Indicator,
    IndicatorValue,
    Meeting,
    MeetingLink,
    Person,
    PlanChannel,
    Update,
)
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TABLES = (Action, Update, Indicator, IndicatorValue, Person, PlanChannel, MeetingLink, AuditEvent)


def totals(store: Store) -> tuple[int, ...]:
    with store.session_factory() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES)


def test_dates_shift_by_whole_months() -> None:
    assert month_offset(TODAY) == 131
    assert month_offset(date(2015, 12, 2)) == 0
    assert shift_text("@2015-11 and @2015-12-17, @2016-02-31", 131) == (
        "Oct 2026 and 17 Nov 2026, 31 Jan 2027"
    )
    assert shift_text("@{2014/15}, @{Q1 2015/16}", 131) == "2024/25, Q4 2025/26"
    assert shift_text("@2016-01-31 to @2015-12", 0) == "31 Jan 2016 to Dec 2015"


@pytest.mark.parametrize("months", range(0, 241))
def test_meetings_and_their_deadlines_stay_on_working_days_in_order(months: int) -> None:
    shifted = shift_text(
        (DATA / "meetings.csv").read_text(encoding="utf-8"), months, working_days=True
    )
    rows = list(csv.DictReader(shifted.splitlines()))
    meeting_days = set()
    for row in rows:
        meeting, due, published = (
            datetime.strptime(row[k], "%d %b %Y").date()
            for k in ("date", "report_due", "publication_date")
        )
        assert all(is_working_day(d) for d in (meeting, due, published)), row
        assert due <= published < meeting, row
        meeting_days.add(meeting)
    assert shift_working_day(MINUTES_MEETING, months) in meeting_days


def test_a_demo_built_when_a_meeting_would_fall_on_a_sunday_holds_it_on_the_monday(
    store: Store,
) -> None:
    # Built in December 2026 the story moves 132 months: its 4 April meeting is a Sunday.
    build_demo(store, "local", today=date(2026, 12, 5))
    with store.session_factory() as s:
        meetings = list(s.scalars(select(Meeting)))
        items = list(s.scalars(select(AgendaItem)))
    days = {m.meeting_date for m in meetings}
    assert date(2027, 4, 5) in days and date(2027, 4, 4) not in days
    assert all(is_working_day(d) for d in days)
    assert all(is_working_day(i.report_due) for i in items if i.report_due)
    assert all(is_working_day(i.publication_date) for i in items if i.publication_date)


def test_demo_is_idempotent_even_in_a_later_month(store: Store) -> None:
    summary = build_demo(store, "local", today=TODAY)
    assert "December 2015 is November 2026" in summary
    first = totals(store)
    assert all(first), dict(zip([t.__name__ for t in TABLES], first, strict=True))
    build_demo(store, "local", today=TODAY)
    assert totals(store) == first
    later = build_demo(store, "local", today=date(2027, 2, 3))
    assert totals(store) == first
    assert "December 2015 is November 2026" in later and "earlier month" in later


def _people_named(store: Store, word: str) -> list[str]:
    with store.session_factory() as s:
        names = s.scalars(select(Person.name).where(Person.name.contains(word)))
        return sorted(names)


def test_demo_built_again_keeps_a_renamed_or_removed_person_so(store: Store) -> None:
    # "Annie Walker" is another name of Anne Walker once renamed, and Fiona Smith, removed by
    # an administrator, is not added again: as any import naming them would do.
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    assert "Renamed Annie Walker to Anne Walker" in chat.say("rename Annie Walker to Anne Walker")
    assert "Handed Fiona Smith's work" in chat.say("/actions handover Fiona Smith to HOS")
    removed = chat.say("remove Fiona Smith")
    assert removed.startswith("✔ Removed Fiona Smith"), removed
    build_demo(store, "local", today=TODAY)
    assert _people_named(store, "Walker") == ["Anne Walker"]
    assert _people_named(store, "Fiona") == []
    assert "Anne Walker — HOS" in chat.say("people Walker")


def _expected_mine(person: str, roles: set[str], today: date, months: int) -> dict[str, bool]:
    """Outstanding plan actions owned by ``person`` or ``roles``, read straight from the demo
    files: {ref: overdue}."""
    expected: dict[str, bool] = {}
    for name, lead_column in (
        ("corporate_parenting_plan.tsv", "Responsibility"),
        ("leeds_improvement_plan.tsv", "Lead"),
    ):
        section_lead = ""
        header: list[str] = []
        for cells in csv.reader((DATA / name).open(encoding="utf-8"), delimiter="\t"):
            if cells[0].startswith("LEAD OFFICER:"):
                section_lead = cells[0].split(":", 1)[1].strip()
            elif cells[0].startswith("Ref"):
                header = cells
            elif header and len(cells) > 2 and re.fullmatch(r"\d+\.\d+", cells[0]):
                row = dict(zip(header, cells, strict=False))
                lead = row.get(lead_column) or section_lead
                status = parse_status_cell(row.get("Status", "")) or "not_started"
                owners = {(o.kind, o.key) for o in split_lead(lead)}
                mine = ("person", person_key(person)) in owners or any(
                    ("role", r) in owners for r in roles
                )
                if mine and is_outstanding(status):
                    dues = [
                        shift(int(y), int(m), int(d) if d else None, months)
                        for y, m, d in re.findall(r"@(\d{4})-(\d{2})(?:-(\d{2}))?", row[header[3]])
                    ]
                    expected[f"{name[:2]}:{cells[0]}"] = bool(dues) and max(dues) < today
    return expected


def test_actions_mine_lists_exactly_my_items_and_my_roles_overdue_first(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    mine = chat.say("/actions mine", as_="Dominic Porter-Moore")
    assert mine.startswith("Outstanding actions for Dominic Porter-Moore (and HOS)")
    listed = re.findall(r"^(⚠ )?\[([a-z-]+)\] (\S+)  ", mine, flags=re.M)
    plans = {"corporate-parenting-action-plan": "co", "leeds-improvement-plan": "le"}
    shown = {f"{plans[p]}:{ref}": bool(flag) for flag, p, ref in listed if p in plans}
    assert shown == _expected_mine("Dominic Porter-Moore", {"HOS"}, TODAY, 131)
    assert any(shown.values()) and not all(shown.values())
    flags = [bool(flag) for flag, _p, _ref in listed]
    assert flags == sorted(flags, reverse=True)  # every overdue item comes first
    # The minutes' "Action: Annie Walker/Dominic Porter-Moore" lines are his too.
    arising = [ref for _f, p, ref in listed if p == "cpac-actions-arising"]
    minutes = (DATA / "minutes_cpac_2015-10-05.txt").read_text(encoding="utf-8")
    assert len(arising) == len(re.findall(r"Action: [^\n)]*Dominic Porter-Moore", minutes))


def test_kpi_cards_tell_the_papers_story(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    pep = chat.say("/kpi pep")
    for expected in (
        "Latest: 62% for Oct 2026",  # the story's November, one month before "now"
        "Target: 90% (higher is better)",
        "RAG: 🔴 Red",
        "improving (from 49% in Aug 2026)",
        "Comparators: England 66%, Region 68%, Statistical neighbours 63%",
        "Owner: Fiona Smith",
    ):
        assert expected in pep
    lac = chat.say("/kpi lac rate")
    assert "74 per 10,000" in lac and "lower is better" in lac
    assert "England 60 per 10,000, Region 52 per 10,000, Statistical neighbours 69" in lac
    assert "Amber" in chat.say("/kpi placed-20-miles")  # 19% against 16% ± 3 points
    assert "Green" in chat.say("/kpi health assessments")
    red = chat.say("/kpi red")
    assert red.index("🔴") < red.index("🟠") and "health-assessments" not in red


def test_demo_channel_takes_progress_updates(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    chat = make_chat(store, NOW)
    reply = chat.say(
        "2.3: Assessments now booked within a month of arrival #on-track",
        as_="Dominic Porter-Moore",
        channel="cp-plan",
    )
    assert "Logged on 2.3 (Corporate Parenting Action Plan)" in reply
    leeds = chat.say("/actions show 2.3", channel="leeds-plan")
    assert "Keep social care workloads manageable" in leeds


def test_the_tour_runs_every_step_and_can_be_repeated(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    build_demo(store, "local", today=TODAY)
    core = Core(store, clock=lambda: NOW)
    assert run_tour(core, "local") == 0
    first = capsys.readouterr().out
    steps = re.findall(r"^── \d+\. ", first, flags=re.M)
    assert len(steps) == len(STEPS)
    updates = totals(store)[TABLES.index(Update)]
    assert run_tour(core, "local") == 0
    assert totals(store)[TABLES.index(Update)] == updates  # the channel update is not doubled
    assert "Logged on 4.2" in capsys.readouterr().out


def test_cli_demo_tour_and_say(database: Database) -> None:
    env = {**os.environ, "DATABASE_URL": database.url}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=180,
        )

    tour = cli("demo", "--tour")
    assert tour.returncode == 0, tour.stderr
    for step in (
        "Fiona Smith> /actions mine",
        "you> /actions overdue",
        "you> /kpi pep\n",
        "you> /kpi red",
        "you> /kpi pep history",
        "Fiona Smith in #cp-plan> 4.2:",
        "Logged on 4.2",
        "you in #cp-plan> /actions show 4.2",
        "you> /meeting next",
    ):
        assert step in tour.stdout, step
    mine = cli("say", "--as", "Fiona Smith", "/actions mine")
    assert mine.returncode == 0 and "Outstanding actions for Fiona Smith (and VSH)" in mine.stdout
    pep = cli("say", "/kpi pep")
    assert pep.returncode == 0 and "Latest: 62%" in pep.stdout
    update = cli(
        "say", "--as", "Fiona Smith", "--channel", "cp-plan", "4.3: Early years PEP form agreed"
    )
    assert update.returncode == 0 and "Logged on 4.3" in update.stdout
    nonsense = cli("say", "/actions frobnicate")
    assert nonsense.returncode == 2
