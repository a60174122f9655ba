"""`csbot demo` builds only into an empty workspace or one it built itself, and all at once.

Before, it poured the demo into whatever workspace it was given: with DATABASE_URL pointing
at a council's live database, `csbot demo` made the demo's Jon Abbey a csbot administrator in
workspace `local`, gave the council's own people demo actions and made `/actions show 1.1`
ambiguous across plans; in a Slack workspace its KPI file renamed the council's indicator
`pep`, changed its aliases and mixed the demo's figures into its series. Nothing short of
deleting the workspace undid it. And a build that failed part way kept what it had imported
so far (plans and actions without their KPIs or meetings).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

import commands.demo
from storage.models import (
    Action,
    AuditEvent,
    Indicator,
    IndicatorValue,
    Meeting,
    Person,
    Plan,
)
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database
from tests.helpers import run_cli

TABLES = (Plan, Action, Indicator, IndicatorValue, Meeting, Person, AuditEvent)


def totals(store: Store) -> dict[str, int]:
    """Rows of each table, every workspace's (every write is audited, so a change shows)."""
    with store.session_factory() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def people(store: Store) -> list[tuple[str, bool]]:
    with store.session_factory() as s:
        return sorted((p.name, p.is_admin) for p in s.scalars(select(Person)))


def test_a_councils_local_workspace_is_refused_and_left_as_it_was(
    store: Store, database: Database, tmp_path: Path
) -> None:
    plan = FIXTURES / "plans" / "care_matters.csv"
    imported = run_cli(database.url, tmp_path, "import", "actions", str(plan))
    assert imported.returncode == 0, imported.stderr
    before, names = totals(store), people(store)

    refused = run_cli(database.url, tmp_path, "demo", "--tour")

    assert refused.returncode == 1, refused.stdout
    lines = refused.stderr.splitlines()
    assert len(lines) == 1, refused.stderr
    assert lines[0].startswith(
        "csbot: Workspace “local” holds data that is not the demo's (1 plan, 4 actions): "
        "the demo is built only into an empty workspace or one it built itself."
    ), lines[0]
    assert "Traceback" not in refused.stderr
    assert "DATABASE_URL=sqlite:///demo.db csbot demo" in lines[0]
    assert lines[0].endswith("Nothing was changed.")
    assert refused.stdout == ""
    assert totals(store) == before
    assert people(store) == names
    assert not any(name == "Jon Abbey" for name, _ in names)


def test_a_slack_workspace_with_the_councils_kpis_is_refused(
    store: Store, database: Database, tmp_path: Path
) -> None:
    store.ensure_workspace("T0LIVEWS", platform="slack", name="Live council")
    kpis = FIXTURES / "kpis" / "haringey_long.csv"
    imported = run_cli(
        database.url, tmp_path, "import", "kpis", str(kpis), "--workspace", "T0LIVEWS"
    )
    assert imported.returncode == 0, imported.stderr
    with store.unit_of_work("T0LIVEWS") as uow:
        pep = uow.repos.indicators.by_slug("pep")
        assert pep is not None
        name = pep.name
    before = totals(store)

    refused = run_cli(database.url, tmp_path, "demo", "--tour", "--workspace", "T0LIVEWS")

    assert refused.returncode == 1, refused.stdout
    assert "csbot: Workspace “T0LIVEWS” holds data that is not the demo's (" in refused.stderr
    assert "indicator" in refused.stderr and "Nothing was changed." in refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr
    assert totals(store) == before
    with store.unit_of_work("T0LIVEWS") as uow:
        pep = uow.repos.indicators.by_slug("pep")
        assert pep is not None and pep.name == name


def test_a_slack_workspace_made_by_a_first_message_takes_the_demo(
    store: Store, database: Database, tmp_path: Path
) -> None:
    """The chat account somebody's first message made is no council data."""
    store.ensure_workspace("T0NEWWS01", platform="slack", name="New")
    with store.unit_of_work("T0NEWWS01") as uow:
        uow.repos.people.get_or_create_chat_user("slack", "U0FIRST01", "First Person")
        uow.commit()
    built = run_cli(database.url, tmp_path, "demo", "--tour", "--workspace", "T0NEWWS01")
    assert built.returncode == 0, built.stderr
    with store.unit_of_work("T0NEWWS01") as uow:
        assert uow.repos.plans.by_slug(commands.demo.MAIN_PLAN) is not None


def test_the_demo_built_again_keeps_what_was_added_and_an_untouched_one_is_unchanged(
    store: Store, database: Database, tmp_path: Path
) -> None:
    first = run_cli(database.url, tmp_path, "demo", "--tour")
    assert first.returncode == 0, first.stderr
    built = totals(store)
    again = run_cli(database.url, tmp_path, "demo", "--tour")
    assert again.returncode == 0, again.stderr
    # The tour logs its one update again only where it is not logged yet: nothing changes.
    assert totals(store) == built

    plan = FIXTURES / "plans" / "care_matters.csv"
    added = run_cli(database.url, tmp_path, "import", "actions", str(plan))
    assert added.returncode == 0, added.stderr
    with_added = totals(store)
    used = run_cli(database.url, tmp_path, "demo", "--tour")
    assert used.returncode == 0, used.stderr
    assert "Demo workspace “local”" in used.stdout
    assert totals(store)["plan"] == with_added["plan"] == built["plan"] + 1


def test_a_build_that_fails_part_way_leaves_nothing(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The KPI file is read after both plans: a damaged one refuses the whole demo."""
    data = tmp_path / "data"
    shutil.copytree(commands.demo.DATA, data)
    (data / "kpis.csv").write_text("nothing,to,read\n1,2,3\n", encoding="utf-8")
    monkeypatch.setattr(commands.demo, "DATA", data)
    before = totals(store)

    failed = run_cli(database.url, tmp_path, "demo", "--tour")

    assert failed.returncode == 1, failed.stdout
    assert failed.stderr.startswith("csbot: The demo could not be built: kpis.csv"), failed.stderr
    assert failed.stderr.rstrip().endswith("Nothing was changed.")
    assert len(failed.stderr.splitlines()) == 1 and "Traceback" not in failed.stderr
    assert totals(store) == before

    monkeypatch.undo()  # the demo's own files again: it builds
    built = run_cli(database.url, tmp_path, "demo", "--tour")
    assert built.returncode == 0, built.stderr
