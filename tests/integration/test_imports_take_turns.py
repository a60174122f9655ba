"""Imports into the same workspace at the same moment take turns: the second waits for the
first to commit, then reads what the first wrote, so both succeed, the data goes in once and
each report says what its own file changed. A wait that gives up, and a clash with a chat
change made meanwhile, are refused in words, never in the database's.

Before, each import read the workspace (the plan, its refs, the people, the indicators) before
it took any lock: two imports of the same new plan both created it, and the second was refused
with the raw "UNIQUE constraint failed: plan.workspace_id, plan.slug" (PostgreSQL: duplicate
key value violates unique constraint ...); two KPI files naming the same new indicator clashed
alike; on SQLite reports were stale ("Added 6 new people" from each of three imports).

The races are forced: a look-up the importer makes before it writes is made to wait (up to a
moment) for the other import to reach it too. Without the turns both imports pass it
together; with them the second waits for the first to commit, the wait gives up, and the
second then starts from the first's work. Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from commands import core as core_module
from commands.importers import ImportFailed, ImportReport, kpis, plan_target, run_import
from commands.importers import actions as actions_importer
from storage import unit_of_work
from storage.models import Action, Indicator, IndicatorValue, Person, Plan
from storage.unit_of_work import Store
from tests.conftest import FROZEN_NOW, Database
from tests.helpers import make_chat, run_cli
from tests.integration.test_concurrent_writes import MEET_TIMEOUT, meet_after

PLAN = "Ref,Action,Lead,Timescale,Status\n" + "".join(
    f"1.{n},{title},{lead},March 2027,On track\n"
    for n, (title, lead) in enumerate(
        [
            ("Recruit foster carers", "Ann Testsmith"),
            ("Audit the PEPs", "Bo Example"),
            ("Visit the children's homes", "Cy Sample"),
            ("Review care plans", "Di Trial"),
            ("Train social workers", "Ed Model"),
            ("Audit case files", "Fi Pattern"),
        ],
        1,
    )
)
KPI_HEADER = "indicator,period,value,target,unit,owner\n"


def at_once(*imports: Callable[[], ImportReport]) -> list[str]:
    """Run the imports at the same moment; their reports' summaries, in order."""
    with ThreadPoolExecutor(len(imports)) as pool:
        return [f.result().summary() for f in [pool.submit(i) for i in imports]]


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(store: Store, model: Any) -> int:
    with store.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_two_imports_of_the_same_new_plan_take_turns(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, "conc_c.csv", PLAN)
    # Both look for the plan "Same Plan" (there is none) before either creates it.
    meet_after(monkeypatch, plan_target, "typed_plan")

    def once() -> ImportReport:
        return run_import(store, "local", "actions", path, plan="Same Plan", now=FROZEN_NOW)

    reports = sorted(at_once(once, once))
    # The one that went second found the first's plan, actions and people: nothing changed.
    assert reports[0].startswith(
        "Imported actions into Same Plan: 0 new, 0 changed, 6 unchanged. Nothing changed."
    ), reports[0]
    assert "created" not in reports[0] and "new people" not in reports[0], reports[0]
    assert reports[1].startswith("Imported actions into Same Plan: 6 new"), reports[1]
    assert "New plan Same Plan (same-plan) created" in reports[1], reports[1]
    assert "Added 6 new people: " in reports[1], reports[1]
    assert (_count(store, Plan), _count(store, Action), _count(store, Person)) == (1, 6, 6)


def test_two_kpi_files_with_the_same_new_indicator_take_turns(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    may = _file(
        tmp_path, "may.csv", KPI_HEADER + "Personal Education Plans,May 2015,37,90,%,Fiona Smith\n"
    )
    july = _file(
        tmp_path, "july.csv", KPI_HEADER + "Personal Education Plans,Jul 2015,71,90,%,Fiona Smith\n"
    )
    # Both read the workspace's indicators and people (the indicator is not there yet).
    meet_after(monkeypatch, kpis._Indicators, "__init__")

    def importing(path: Path) -> Callable[[], ImportReport]:
        return lambda: run_import(store, "local", "kpis", path, now=FROZEN_NOW)

    reports = at_once(importing(may), importing(july))
    first, second = sorted(reports, key=lambda r: "New indicator" not in r)
    assert "New indicator personal-education-plans" in first, first
    assert "Added 1 new person: Fiona Smith." in first, first
    # The other found the indicator and its owner there: it only added its value.
    assert second.startswith("Imported KPI values: 1 new, 0 changed, 0 unchanged."), second
    assert "New indicator" not in second and "new person" not in second, second
    counts = [_count(store, model) for model in (Indicator, IndicatorValue, Person)]
    assert counts == [1, 2, 1]


def test_an_import_that_waited_too_long_for_its_turn_is_refused_in_words(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Waits of a moment, not of the 10 seconds (SQLite) or 30 (PostgreSQL) csbot gives.
    monkeypatch.setattr(unit_of_work, "TURN_TIMEOUT_S", 0.3)
    if database.backend == "sqlite":

        @event.listens_for(store.engine, "connect")
        def _short_busy_timeout(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA busy_timeout=300")

        store.engine.dispose()
    path = _file(tmp_path, "conc_c.csv", PLAN)
    with store.unit_of_work("local", actor="import") as other:
        other.take_turn()  # another import is in progress, and does not end in time
        with pytest.raises(ImportFailed) as refused:
            run_import(store, "local", "actions", path, plan="Same Plan", now=FROZEN_NOW)
        if database.backend == "postgresql":  # (SQLite's CLI would wait its 10 seconds)
            done = run_cli(database.url, tmp_path, "import", "actions", str(path), "--plan", "P")
    assert str(refused.value) == (
        "conc_c.csv: another import or change was in progress in this workspace and did not "
        "finish in time: run the import again"
    )
    if database.backend == "postgresql":
        assert done.returncode != 0
        refusal = f"Import refused: {refused.value}\nNothing was imported.\n"
        assert done.stderr == refusal, done.stderr
    assert (_count(store, Plan), _count(store, Action), _count(store, Person)) == (0, 0, 0)
    # Run again once the other has finished, it goes in.
    report = run_import(store, "local", "actions", path, plan="Same Plan", now=FROZEN_NOW)
    assert report.summary().startswith("Imported actions into Same Plan: 6 new"), report
    assert _count(store, Action) == 6


def test_a_chat_action_added_during_an_import_is_no_raw_constraint_text(
    store: Store, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_module, "RETRY_PAUSE", 0.0)
    first = "".join(PLAN.splitlines(keepends=True)[:3])  # 1.1 and 1.2
    run_import(store, "local", "actions", _file(tmp_path, "plan.csv", first), plan="Care plan")
    chat = make_chat(store, FROZEN_NOW)
    replies: list[str] = []
    added = threading.Thread(
        target=lambda: replies.append(
            chat.say(
                "/actions add Refresh the strategy owner Ann Testsmith due 30 June 2027 "
                "plan care-plan"
            )
        )
    )
    original = actions_importer._refuse_rows_over_chat_actions

    def chat_meanwhile(*args: Any) -> None:
        # The import has read the plan's actions (1.1 and 1.2) and written none of 1.3 to
        # 1.6 yet: an action is added in chat now. Where only imports take turns (PostgreSQL)
        # it takes 1.3 at once; on SQLite the import holds the write lock, and the chat waits.
        added.start()
        added.join(timeout=MEET_TIMEOUT)
        original(*args)

    monkeypatch.setattr(actions_importer, "_refuse_rows_over_chat_actions", chat_meanwhile)
    path = _file(tmp_path, "plan.csv", PLAN)
    if database.backend == "postgresql":
        with pytest.raises(ImportFailed) as refused:
            run_import(store, "local", "actions", path, plan="Care plan", now=FROZEN_NOW)
        assert str(refused.value) == (
            "plan.csv: another import or change was made in this workspace at the same moment "
            "and clashed with this one: run the import again"
        )
        assert "Added 1.3 to Care plan" in replies[0], replies
        with store.session_factory() as s:
            assert set(s.scalars(select(Action.ref))) == {"1.1", "1.2", "1.3"}
        return
    report = run_import(store, "local", "actions", path, plan="Care plan", now=FROZEN_NOW)
    added.join(timeout=15)
    assert report.summary().startswith("Imported actions into Care plan: 4 new"), report
    assert "Added 1.7 to Care plan" in replies[0], replies
