"""A plan whose name ends in brackets (`Ofsted improvement plan (2026-27)`) was exported with
the line `Plan: Ofsted improvement plan (2026-27)`, which the importer reads as the plan
"Ofsted improvement plan" with the slug "2026-27": importing the export where it came from
made a second plan with every action again, and elsewhere the plan lost its year. The line
now gives the slug after such a name, and the export imports again as the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Action, Plan
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

NAME = "Ofsted improvement plan (2026-27)"
PLAN = """Ref,Action,Lead,Timescale,Status
1.1,Monthly audits of supervision,Gil Testman,31/03/2030,On track
1.2,Dip sample of twenty files,Gil Testman,31/03/2030,
"""


def _plans(url: str) -> list[tuple[str, str, int]]:
    """(name, slug, number of actions) of every plan."""
    store = Store.from_url(url, upgrade=False)
    try:
        with store.session_factory() as s:
            plans = s.scalars(select(Plan).order_by(Plan.id)).all()
            actions = s.scalars(select(Action)).all()
            return [(p.name, p.slug, sum(a.plan_id == p.id for a in actions)) for p in plans]
    finally:
        store.engine.dispose()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_name_ending_in_brackets_exports_and_imports_again(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    done = run_cli(
        database.url, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", NAME
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / f"export{suffix}"
    done = run_cli(database.url, tmp_path, "export", "actions", str(out))
    assert done.returncode == 0, done.stderr
    again = run_cli(database.url, tmp_path, "import", "actions", str(out))
    assert again.returncode == 0, again.stderr
    assert f"Imported actions into {NAME}: 0 new" in again.stdout, again.stdout
    assert "Nothing changed" in again.stdout, again.stdout
    assert _plans(database.url) == [(NAME, "ofsted-improvement-plan-2026-27", 2)]


def test_into_another_database_the_plan_keeps_its_name(database: Database, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    done = run_cli(other, tmp_path, "import", "actions", str(tmp_path / "plan.csv"), "--plan", NAME)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "export.csv"
    assert run_cli(other, tmp_path, "export", "actions", str(out)).returncode == 0
    done = run_cli(database.url, tmp_path, "import", "actions", str(out))
    assert done.returncode == 0, done.stderr
    assert _plans(database.url) == [(NAME, "ofsted-improvement-plan-2026-27", 2)]
