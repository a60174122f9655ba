"""An exported plan imported into another, fresh database is the same plan, and exported from
there it is the same file: a committee's actions arising keep their section (filed under the
meeting's date, headed ``Section: Actions arising from …``) rather than gaining a ``1.0``, and
an ordinary plan's numbered sections stay as they were."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.cli import main
from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database

ARISING = "cpac-actions-arising"


def cli(url: str, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run csbot on the database at ``url``; it must succeed."""
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(argv) == 0, argv


@pytest.fixture
def source(tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    """A database of its own, apart from the one the test imports into."""
    path = tmp_path / "source.db"
    shutil.copy(sqlite_template, path)
    store = Store.from_url(f"sqlite:///{path}", upgrade=False)
    store.ensure_workspace("local", name="Local")
    yield store
    store.engine.dispose()


def url_of(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def owners(action: Action) -> list[str]:
    """The people and roles owning an action, by name."""
    return [o.person.name if o.person else o.role.title if o.role else "" for o in action.owners]


def plan_state(store: Store, slug: str) -> dict[str, Any]:
    """A plan as users see it: its sections and each action's fields and owners."""
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug(slug)
        assert plan is not None
        sections = {s.id: s.ref for s in uow.repos.plans.sections(plan.id)}
        return {
            "name": plan.name,
            "sections": [(s.ref, s.title, s.lead_text) for s in uow.repos.plans.sections(plan.id)],
            "actions": [
                (
                    a.ref,
                    a.title,
                    a.lead_text,
                    owners(a),
                    a.due_date,
                    a.status,
                    sections.get(a.section_id) if a.section_id else None,
                )
                for a in uow.repos.actions.in_plan(plan.id)
            ],
        }


def rows_of(path: Path) -> list[list[str]]:
    """A CSV's or a workbook's rows as text, blank cells as ''."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).worksheets[0]
        return [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def round_trip(
    source: Store, target: str, slug: str, suffix: str, tmp_path: Path, mp: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Export ``slug`` from ``source``, import it into ``target``, export it again there."""
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    cli(url_of(source), ["export", "actions", str(first), "--plan", slug], mp)
    cli(target, ["import", "actions", str(first)], mp)  # the plan named by its "Plan:" line
    cli(target, ["export", "actions", str(second), "--plan", slug], mp)
    return first, second


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_actions_arising_import_elsewhere_as_the_same_plan_without_a_numbered_section(
    source: Store,
    store: Store,
    database: Database,
    suffix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = url_of(source)
    cli(here, ["import", "meetings", str(FIXTURES / "meetings" / "cpac_planning.csv")], monkeypatch)
    minutes = FIXTURES / "minutes" / "cpac_2015-10-05.txt"
    cli(here, ["import", "minutes", str(minutes), "--meeting", "CPAC 2015-10-05"], monkeypatch)

    first, second = round_trip(source, database.url, ARISING, suffix, tmp_path, monkeypatch)

    assert rows_of(second) == rows_of(first)  # not "1.0" for "Section: Actions arising…"
    assert not any(cell == "1.0" for row in rows_of(second) for cell in row)
    state = plan_state(source, ARISING)
    assert state["sections"] == [("2015-10-05", "Actions arising from CPAC 2015-10-05", "")]
    assert len(state["actions"]) == 5 and all(action[3] for action in state["actions"])
    assert plan_state(store, ARISING) == state  # refs, titles, owners, dates, statuses

    # Imported again where it now is, the file changes nothing and invents nothing.
    cli(database.url, ["import", "actions", str(second)], monkeypatch)
    assert plan_state(store, ARISING) == state


@pytest.mark.parametrize("plan", ["haringey_strategy.tsv", "leeds_improvement.tsv"])
def test_an_ordinary_plan_round_trips_unchanged(
    source: Store,
    store: Store,
    database: Database,
    plan: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = url_of(source)
    cli(
        here,
        ["import", "actions", str(FIXTURES / "plans" / plan), "--plan", "Round trip plan"],
        monkeypatch,
    )

    first, second = round_trip(
        source, database.url, "round-trip-plan", ".csv", tmp_path, monkeypatch
    )

    state = plan_state(source, "round-trip-plan")
    assert state["sections"] and all(ref.isdigit() for ref, _, _ in state["sections"])
    assert plan_state(store, "round-trip-plan") == state
    assert rows_of(second) == rows_of(first)
