"""A KPI file is matched to the values stored with a bounded number of queries: one per
indicator, not one per row, so importing (or re-importing) a file of years of monthly
figures does not send a query for each of its rows. (Each new value still needs its INSERT,
which SQLite's driver sends row by row: those are not counted.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from commands.importers import run_import
from storage.models import IndicatorValue
from storage.unit_of_work import Store

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _months(n: int) -> list[str]:
    return [f"{MONTHS[m % 12]} {2008 + m // 12}" for m in range(n)]


def _long(tmp_path: Path, months: int, bump: int = 0) -> Path:
    lines = ["Indicator,Slug,Period,Value,Target,Unit,Polarity"]
    for slug in (f"pep-{months}", f"care-plans-{months}"):
        lines += [
            f"{slug} name,{slug},{period},{50 + n % 40 + (bump if n % 2 else 0)},80,%,higher"
            for n, period in enumerate(_months(months))
        ]
    path = tmp_path / f"long_{months}_{bump}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wide(tmp_path: Path, months: int, bump: int = 0) -> Path:
    periods = _months(months)
    lines = ["Indicator,Slug,Unit,Polarity,Target," + ",".join(periods)]
    for slug in (f"pep-{months}", f"care-plans-{months}"):
        figures = [str(50 + n % 40 + (bump if n % 2 else 0)) for n in range(months)]
        lines.append(f"{slug} name,{slug},%,higher,80," + ",".join(figures))
    path = tmp_path / f"wide_{months}_{bump}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _statements(store: Store, make: Any, tmp_path: Path, months: int) -> list[int]:
    """Statements sent by a first import, the same file again, and a file changing half the
    figures (indicators of their own for each size)."""
    sent: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("INSERT"):
            sent.append(statement)

    counts = []
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        for path in (make(tmp_path, months), make(tmp_path, months), make(tmp_path, months, 1)):
            sent.clear()
            run_import(store, "local", "kpis", path)
            counts.append(len(sent))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    with store.unit_of_work("local") as uow:
        stored = uow.session.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.workspace_id == uow.workspace_id)
        )
    assert stored == 2 * (12 + months if months == 48 else months)
    return counts


def test_a_long_kpi_file_sends_no_statement_per_row(store: Store, tmp_path: Path) -> None:
    assert _statements(store, _long, tmp_path, 12) == _statements(store, _long, tmp_path, 48)


def test_a_wide_kpi_file_sends_no_statement_per_row(store: Store, tmp_path: Path) -> None:
    assert _statements(store, _wide, tmp_path, 12) == _statements(store, _wide, tmp_path, 48)
