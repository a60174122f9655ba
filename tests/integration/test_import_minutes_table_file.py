"""`csbot import minutes` given a plan's CSV by mistake (the wrong file picked) took it as the
meeting's minutes: it recorded the table as the meeting's minutes ("1 changed") and said the
meeting now had "no actions arising", though its real minutes had made some. A .csv or .tsv
file is now refused as a table, naming the importers that read one, and nothing changes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.models import Meeting
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

AGENDA = """committee,date,time,item,lead
Test Scrutiny Panel,2026-11-09,19:00,Ofsted action plan,Hana Testwell
"""

MINUTES = """MINUTES OF TEST SCRUTINY PANEL
MONDAY 9 NOVEMBER 2026

TSP12. OFSTED ACTION PLAN

The Panel asked for a breakdown of re-referrals by locality.

Action: Hana Testwell
"""

PLAN = """Ref,Action,Lead,Timescale
1.1,Review care plans,Hana Testwell,31/03/2027
"""


def _minutes_hash(url: str) -> str | None:
    store = Store.from_url(url, upgrade=False)
    try:
        with store.session_factory() as s:
            return s.scalars(select(Meeting.minutes_hash)).one()
    finally:
        store.engine.dispose()


def test_a_table_given_as_minutes_is_refused(database: Database, tmp_path: Path) -> None:
    for name, body in (("agenda.csv", AGENDA), ("minutes.txt", MINUTES), ("plan.csv", PLAN)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert (
        run_cli(
            database.url, tmp_path, "import", "meetings", str(tmp_path / "agenda.csv")
        ).returncode
        == 0
    )
    done = run_cli(
        database.url,
        tmp_path,
        "import",
        "minutes",
        str(tmp_path / "minutes.txt"),
        "--meeting",
        "TSP",
    )
    assert done.returncode == 0 and "1 new" in done.stdout, done.stdout + done.stderr
    kept = _minutes_hash(database.url)
    assert kept is not None
    for table in ("plan.csv", "agenda.csv"):
        refused = run_cli(
            database.url, tmp_path, "import", "minutes", str(tmp_path / table), "--meeting", "TSP"
        )
        assert refused.returncode == 1, refused.stdout
        assert f"{table} is a table, not minutes" in refused.stderr, refused.stderr
        assert "Nothing was imported." in refused.stderr
    assert _minutes_hash(database.url) == kept
