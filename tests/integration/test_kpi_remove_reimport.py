"""A KPI value removed in chat stays removed when the file that gave it is imported again
with the same figure (the report says so); a file giving that period another figure imports
it; a value recorded in chat for the period afterwards is kept over the old figure, as a
correction is. Through the CLI, on both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import func, select

from storage.models import IndicatorValueRemoval
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

FILE = (
    "Indicator,Period,Value,Unit\nUp-to-date PEPs,Sep 2026,60%,%\nUp-to-date PEPs,Oct 2026,{oct}\n"
)


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _import(database: Database, tmp_path: Path, october: str) -> str:
    path = tmp_path / "kpis.csv"
    path.write_text(FILE.format(oct=f"{october},%"), encoding="utf-8")
    done = _cli(database, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def _latest(database: Database, tmp_path: Path) -> str:
    card = _cli(database, tmp_path, "say", "/kpi pep").stdout
    return next(line for line in card.splitlines() if line.startswith("Latest:"))


def _removals(store: Store) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(IndicatorValueRemoval)) or 0


def test_a_removed_value_stays_removed_while_the_file_gives_the_same_figure(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, "62%")
    removed = _cli(database, tmp_path, "say", "/kpi pep remove Oct 2026").stdout
    assert "✔ Removed 62% for Oct 2026 from up-to-date-peps." in removed, removed
    assert "An import of a file that still gives 62% for Oct 2026 leaves it removed." in removed
    again = _import(database, tmp_path, "62%")
    assert "0 new" in again and "Nothing changed" in again, again
    assert (
        "Left out 1 value removed in chat, which the file still gives as it did then: "
        "up-to-date-peps Oct 2026 (62%)."
    ) in again, again
    assert _latest(database, tmp_path) == "Latest: 60% for Sep 2026"
    # The file's next version gives October another figure: that is imported.
    changed = _import(database, tmp_path, "63%")
    assert "1 new" in changed and "Left out" not in changed, changed
    assert _latest(database, tmp_path) == "Latest: 63% for Oct 2026"
    assert _removals(store) == 0


def test_a_value_set_in_chat_after_a_removal_is_kept_over_the_old_figure(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, "62%")
    _cli(database, tmp_path, "say", "/kpi pep remove Oct 2026")
    recorded = _cli(database, tmp_path, "say", "/kpi pep set 61% for Oct 2026").stdout
    assert "✔ Recorded 61% for up-to-date-peps, Oct 2026." in recorded, recorded
    assert _removals(store) == 0
    again = _import(database, tmp_path, "62%")
    assert "Kept 1 value corrected in chat" in again, again
    assert _latest(database, tmp_path) == "Latest: 61% for Oct 2026"


def test_a_value_only_ever_typed_in_chat_leaves_nothing_to_remember(
    store: Store, database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, "62%")
    _cli(database, tmp_path, "say", "/kpi pep set 58% for Aug 2026")
    removed = _cli(database, tmp_path, "say", "/kpi pep remove Aug 2026").stdout
    assert "✔ Removed 58% for Aug 2026" in removed and "leaves it removed" not in removed
    assert _removals(store) == 0
