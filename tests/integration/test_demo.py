"""The demo builds, is idempotent, and answers the README's examples (also via the CLI)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from commands.demo import build_demo, month_offset, shift_text
from storage.models import Action, AuditEvent, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def totals(store: Store) -> tuple[int, int, int]:
    with store.session_factory() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
            for t in (Action, IndicatorValue, AuditEvent)
        )


def test_dates_shift_by_whole_months() -> None:
    assert month_offset(TODAY) == 131
    assert shift_text("@2015-11 and @2015-12-17, @2016-02-31", 131) == (
        "Oct 2026 and 17 Nov 2026, 31 Jan 2027"
    )


def test_demo_is_idempotent_and_answers(store: Store) -> None:
    build_demo(store, "local", today=TODAY)
    first = totals(store)
    build_demo(store, "local", today=TODAY)
    assert totals(store) == first
    chat = make_chat(store, NOW)
    mine = chat.say("/actions mine", as_="Dominic Porter-Moore")
    # His own items and his role's (HOS) items, overdue first, nothing achieved.
    assert "Dominic Porter-Moore (and HOS)" in mine
    assert mine.index("5.2") < mine.index("3.4")
    assert "2.2" in mine and "2.3" in mine  # owned by the HOS role
    assert "Fiona Smith ·" not in mine
    overdue_part = mine.split("\n⚠")
    assert len(overdue_part) > 1
    pep = chat.say("/kpi pep")
    for expected in (
        "62% for Oct 2026",
        "Target: 90%",
        "Red",
        "improving",
        "Owner: Fiona Smith",
        "Comparators: England 66%, Region 68%, Statistical neighbours 63%",
    ):
        assert expected in pep
    lac = chat.say("/kpi lac-rate")
    assert "England 60" in lac and "Statistical neighbours 69" in lac


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
    assert "Fiona Smith> /actions mine" in tour.stdout and "Logged on 4.2" in tour.stdout
    mine = cli("say", "--as", "Fiona Smith", "/actions mine")
    assert mine.returncode == 0 and "Outstanding actions for Fiona Smith" in mine.stdout
    pep = cli("say", "/kpi pep")
    assert pep.returncode == 0 and "Latest: 62%" in pep.stdout
    nonsense = cli("say", "/actions frobnicate")
    assert nonsense.returncode == 2
