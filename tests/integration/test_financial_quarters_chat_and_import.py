"""Quarters are financial in chat and in imports alike: "Q3 2026", "Q3 2026/27" and "Q3
2026-27" all end on 31 December 2026, and the reply or import report says which quarter was
read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage.unit_of_work import Store
from tests.conftest import Database
from tests.factories import leeds_world
from tests.helpers import cpac_minutes, make_chat, run_cli

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
IN_LEEDS = {"channel": "leeds"}
READ_AS = "the end of financial Q3 2026/27 (October to December 2026)"


def _due(store: Store, plan_slug: str, ref: str) -> tuple[date | None, str]:
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(plan_slug)
        assert plan is not None
        action = uow.repos.actions.by_ref(ref, plan.id)[0]
        return action.due_date, action.due_text


@pytest.mark.parametrize("when", ["Q3 2026", "Q3 2026/27", "Q3 2026-27", "Quarter 3 2026"])
def test_a_quarter_typed_in_chat_is_the_financial_one_and_is_named_back(
    store: Store, when: str
) -> None:
    leeds_world(store)
    chat = make_chat(store, NOW)
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert f"is now due Thu 31 Dec 2026 — {READ_AS}" in reply, reply
    assert _due(store, "leeds-improvement-plan", "2.3") == (date(2026, 12, 31), when)
    added = chat.say(f"/actions add Visit panel owner Fiona Smith due {when}", **IN_LEEDS)
    assert f"due Thu 31 Dec 2026 — {READ_AS}" in added, added


def test_an_imported_quarter_is_the_financial_one_and_the_report_says_so(
    store: Store, database: Database, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Ref,Action,Lead,Timescale\n"
        "1.1,Audit files,Fiona Smith,Q3 2026\n"
        "1.2,Review panel,Fiona Smith,Q3 2026/27\n"
        "1.3,Refresh pledge,Fiona Smith,March 2025\n"
        "1.4,Visit homes,Fiona Smith,Ongoing\n",
        encoding="utf-8",
    )
    done = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Quarters")
    assert done.returncode == 0, done.stderr
    assert (
        "Quarters are financial (April to March years), so these timescales were read as: "
        f"row 2 “Q3 2026” → 31 Dec 2026, {READ_AS}; "
        f"row 3 “Q3 2026/27” → 31 Dec 2026, {READ_AS}."
    ) in done.stdout, done.stdout
    assert _due(store, "quarters", "1.1") == (date(2026, 12, 31), "Q3 2026")
    assert _due(store, "quarters", "1.2") == (date(2026, 12, 31), "Q3 2026/27")
    assert _due(store, "quarters", "1.3") == (date(2025, 3, 31), "March 2025")
    assert _due(store, "quarters", "1.4") == (None, "Ongoing")


def test_minutes_name_the_quarter_an_action_timescale_was_read_as(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n".join(
        [
            "MINUTES OF CORPORATE PARENTING ADVISORY COMMITTEE",
            "MONDAY 5 OCTOBER 2015",
            "",
            "CPAC400. PLACEMENTS",
            "",
            "Officers to report on placement stability.",
            "",
            "Action: Jane Testperson - Q3 2016",
            "",
        ]
    )
    command = cpac_minutes(database.url, text, monkeypatch, tmp_path)
    done = run_cli(database.url, tmp_path, *command)
    assert done.returncode == 0, done.stderr
    assert (
        "this timescale was read as: line 8 “Q3 2016” → 31 Dec 2016, the end of financial Q3 "
        "2016/17 (October to December 2016)."
    ) in done.stdout, done.stdout


def test_a_quarter_on_many_rows_is_named_once_and_the_rest_counted(
    store: Store, database: Database, tmp_path: Path
) -> None:
    # Rows sharing a timescale are named together (not the same reading row after row), and
    # beyond twenty timescales the report says how many more, rather than "…".
    rows = [f"1.{i},Audit {i},Fiona Smith,Q{i % 2 + 2} 2026" for i in range(1, 7)]
    rows += [f"2.{i},Visit {i},Fiona Smith,Q3 {2030 + i}" for i in range(1, 23)]
    plan = tmp_path / "plan.csv"
    plan.write_text("Ref,Action,Lead,Timescale\n" + "\n".join(rows) + "\n", encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "actions", str(plan), "--plan", "Quarters")
    assert done.returncode == 0, done.stderr
    assert (
        "these timescales were read as: rows 2, 4, 6 “Q3 2026” → 31 Dec 2026, "
        f"{READ_AS}; rows 3, 5, 7 “Q2 2026” → 30 Sep 2026, the end of financial Q2 2026/27 "
        "(July to September 2026); row 8 “Q3 2031” → 31 Dec 2031"
    ) in done.stdout, done.stdout
    assert "row 25 “Q3 2048”" in done.stdout and "row 26 “Q3 2049”" not in done.stdout
    assert done.stdout.rstrip().endswith("(October to December 2048); and 4 more.")
    assert done.stdout.count("“Q3 2026”") == 1


@pytest.mark.parametrize(
    ("when", "pair"),
    [("Q3 2026/28", "2026/28"), ("Q4 2026/24", "2026/24"), ("2025/2028 Q3", "2025/2028")],
)
def test_a_quarter_of_a_financial_year_that_is_not_one_is_refused(
    store: Store, when: str, pair: str
) -> None:
    # Was read as the quarter of the first year alone ('Q4 2026/24' as January-March 2026).
    leeds_world(store)
    chat = make_chat(store, NOW)
    before = _due(store, "leeds-improvement-plan", "2.3")
    reply = chat.say(f"/actions due 2.3 {when}", **IN_LEEDS)
    assert f"I couldn't read “{when}” as a date." in reply, reply
    assert f"“{pair}” is not a financial year: the two years must follow each other" in reply
    assert "Nothing was changed" in reply
    assert _due(store, "leeds-improvement-plan", "2.3") == before
