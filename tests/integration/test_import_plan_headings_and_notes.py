"""An action plan's headings written `Priority 1: …`, `Priority 2 - …` or `Outcome 3: …` are
its sections; a row of words with no action ref (a note in the ref column, a total) is named
in the report rather than dropped without a word; and a re-import reports a quarter's reading
only for the actions whose date it gave (an action keeps its date when its timescale is
unchanged, so "Q3" read again a year on is not said to be next year's)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

PLAN = (
    "Ref,Action,Lead,Timescale,RAG\n"
    "Priority 1: Stable homes for children in care,,,,\n"
    "1.1,Recruit 20 more foster carers,Ann Testsmith,end of March 2027,Amber\n"
    "NB 1.1 also covers connected carers - agreed with AD,,,,\n"
    "1.2,Review placement sufficiency,AD,31/03/2027,Green\n"
    "Priority 2 - Education,,,,\n"
    "2.1,Every child in care has a PEP,VSH,31/03/2027,Red\n"
    "Outcome 3: Care leavers,,,,\n"
    "3.1,Staying close offer,HOS,31/01/2027,Green\n"
    "Total actions: 4,,,,\n"
    "Grand total,4,,,\n"
)


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def test_priority_and_outcome_headings_are_sections_and_notes_are_named(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    done = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Testshire plan")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 new" in done.stdout and "3 sections;" in done.stdout, done.stdout
    assert (
        "Not read, having no action ref: row 4 “NB 1.1 also covers connected carers - agreed "
        "with AD”; row 10 “Total actions: 4”; row 11 “Grand total 4”"
    ) in done.stdout, done.stdout
    out = tmp_path / "export.csv"
    assert _cli(database, tmp_path, "export", "actions", str(out)).returncode == 0
    exported = out.read_text(encoding="utf-8")
    for heading in ("Stable homes for children in care", "Education", "Care leavers"):
        assert heading in exported, exported


def test_a_reimport_names_only_the_quarters_it_read_into_dates(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale\n1.1,Recruit foster carers,Ann Testsmith,Q3\n", encoding="utf-8"
    )
    first = run_import(
        store, "local", "actions", path, plan="Testshire plan", today=date(2026, 8, 3)
    )
    assert "“Q3” → 31 Dec 2026" in first.summary(), first.summary()
    # A year on, the same file: the action keeps 31 Dec 2026, and the report says nothing of
    # a Q3 it did not read into a date.
    again = run_import(
        store, "local", "actions", path, plan="Testshire plan", today=date(2027, 1, 14)
    )
    assert "Q3" not in again.summary(), again.summary()
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("testshire-plan")
        assert plan is not None
        [action] = uow.repos.actions.in_plan(plan.id)
        assert action.due_date == date(2026, 12, 31)


def test_a_plan_import_names_the_people_it_adds_and_close_spellings(
    database: Database, tmp_path: Path
) -> None:
    """As minutes do: `Fiona Smyth` in next month's plan, where Fiona Smith is known, is a
    second person who would own her action; the report says so and how to put it right."""
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Timescale\n1.1,Refresh the pledge,Fiona Smith,31/03/2027\n",
        encoding="utf-8",
    )
    first = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Pledge")
    assert "Added 1 new person: Fiona Smith." in first.stdout, first.stdout
    path.write_text(
        "Ref,Action,Lead,Timescale\n1.1,Refresh the pledge,Fiona Smith,31/03/2027\n"
        "1.2,Audit the offer,Fiona Smyth,31/03/2027\n",
        encoding="utf-8",
    )
    again = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Pledge")
    assert "Added 1 new person: Fiona Smyth." in again.stdout, again.stdout
    assert "⚠️ Fiona Smyth is close to Fiona Smith, known already" in again.stdout
    unchanged = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Pledge")
    assert "new person" not in unchanged.stdout, unchanged.stdout
