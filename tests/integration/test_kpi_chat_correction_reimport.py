"""A value corrected in chat (`/kpi pep set 64% for Nov 2026`) survives the next import of a
file that still gives the figure it gave before (next month's spreadsheet, say), and the
report names it; a file whose figure for that period changed since gives its own, with its
own source. Before, any import put the old figure back, and the value's source still named the
person who had corrected it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from storage.models import IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat, run_cli

NOW = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
HEADER = "indicator,slug,period,value,target,unit,polarity,owner\n"
ROWS = {
    "Oct 2026": "Up-to-date PEPs,pep,Oct 2026,58,90,%,higher,Ann Testsmith\n",
    "Nov 2026": "Up-to-date PEPs,pep,Nov 2026,62,90,%,higher,Ann Testsmith\n",
}


def _import(database: Database, tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "kpis.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def _stored(store: Store, label: str) -> tuple[float, str]:
    with store.session_factory() as s:
        row = s.execute(
            select(IndicatorValue.value, IndicatorValue.source).where(
                IndicatorValue.period_label == label
            )
        ).one()
        return row.value, row.source


def test_a_correction_stands_until_the_file_changes_that_figure(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"])
    chat = make_chat(store, NOW)
    reply = chat.say("/kpi pep set 64% for Nov 2026", as_="Ann Testsmith")
    assert "Corrected pep for Nov 2026: 64% (was 62%)" in reply, reply
    # Next month's file: December added, November's figure as before.
    dec = "Up-to-date PEPs,pep,Dec 2026,66,90,%,higher,Ann Testsmith\n"
    out = _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"], dec)
    assert "1 new, 0 changed, 2 unchanged" in out, out
    assert (
        "Kept 1 value corrected in chat, which the file gives as it did before the correction "
        "(or did not give then): pep Nov 2026 (64%, console: Ann Testsmith; the file: 62%)."
    ) in out, out
    assert _stored(store, "Nov 2026") == (64, "console: Ann Testsmith")
    # The analyst's file is corrected too, to its own figure: the file's figure now.
    out = _import(database, tmp_path, ROWS["Nov 2026"].replace(",62,", ",63,"), dec)
    assert "0 new, 1 changed, 1 unchanged" in out and "Kept" not in out, out
    assert _stored(store, "Nov 2026") == (63, "")
    assert "63%" in chat.say("/kpi pep history", as_="Ann Testsmith")


def test_the_same_figure_in_chat_and_file_is_no_conflict_and_a_file_only_value_is_replaced(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"])
    chat = make_chat(store, NOW)
    chat.say("/kpi pep set 64% for Nov 2026", as_="Ann Testsmith")
    out = _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"].replace(",62,", ",64,"))
    assert "Nothing changed." in out and "Kept" not in out, out
    # A value no chat touched follows its file, as always.
    out = _import(database, tmp_path, ROWS["Oct 2026"].replace(",58,", ",57,"))
    assert "1 changed" in out, out
    assert _stored(store, "Oct 2026") == (57, "")


def test_a_figure_first_typed_in_chat_gives_way_to_the_files(
    store: Store, database: Database, tmp_path: Path
) -> None:
    """Typed before the month's return was in, the figure is replaced by the file's (the
    validated figure), and the report names it; a correction typed afterwards stands as any
    correction of a file's figure does."""
    _import(database, tmp_path, ROWS["Oct 2026"])
    chat = make_chat(store, NOW)
    assert "Recorded 61%" in chat.say("/kpi pep set 61% for Nov 2026", as_="Ann Testsmith")
    out = _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"])
    assert (
        "Replaced 1 figure first typed in chat with the file's: pep Nov 2026 61% "
        "(console: Ann Testsmith) → 62%."
    ) in out, out
    assert "Kept" not in out and "Revised" not in out, out
    assert _stored(store, "Nov 2026") == (62, "")
    # The same file again changes nothing and says nothing of chat.
    again = _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"])
    assert "Replaced" not in again and "Kept" not in again, again
    # Corrected in chat now: the correction stands while the file gives 62.
    chat.say("/kpi pep set 61% for Nov 2026", as_="Ann Testsmith")
    kept = _import(database, tmp_path, ROWS["Oct 2026"], ROWS["Nov 2026"])
    assert "pep Nov 2026 (61%, console: Ann Testsmith; the file: 62%)" in kept, kept
    assert _stored(store, "Nov 2026") == (61, "console: Ann Testsmith")
