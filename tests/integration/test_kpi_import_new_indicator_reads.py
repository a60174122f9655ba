"""A KPI file that creates indicators does not query the values of those it creates (none are
stored): a first import of a council's file with hundreds of indicators once spent a query, and
a flush of the rows before it, per indicator reading values that could not be there. An
indicator that existed before the file still has its stored values read, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from commands.importers import run_import
from storage.unit_of_work import Store

MONTHS = ["Apr 2026", "May 2026", "Jun 2026"]


def _file(tmp_path: Path, slugs: list[str], value: int) -> Path:
    rows = ["indicator,slug,period,value,target,unit,polarity"]
    rows += [f"Ind {s},{s},{m},{value},80,%,higher" for s in slugs for m in MONTHS]
    path = tmp_path / "kpis.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _value_reads(store: Store, path: Path) -> int:
    reads: list[str] = []

    def seen(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        text = " ".join(statement.split()).upper()
        if text.startswith("SELECT") and "FROM INDICATOR_VALUE" in text:
            reads.append(text)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        run_import(store, "local", "kpis", path)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return len(reads)


def test_new_indicators_values_are_not_read_and_existing_ones_once(
    store: Store, tmp_path: Path
) -> None:
    store.ensure_workspace("local", name="local")
    first = [f"ind-{n}" for n in range(12)]
    assert _value_reads(store, _file(tmp_path, first, 50)) == 0
    # Again, with two new indicators: the twelve stored ones are read once each, and their
    # values found (updated, not added again).
    again = _file(tmp_path, [*first, "new-a", "new-b"], 60)
    assert _value_reads(store, again) == 12
    with store.unit_of_work("local") as uow:
        for slug in (*first, "new-a"):
            ind = uow.repos.indicators.by_slug(slug)
            assert ind is not None
            stored = uow.repos.indicators.values_by_period(ind.id)
            assert sorted(v.value for v in stored.values()) == [60, 60, 60], slug
