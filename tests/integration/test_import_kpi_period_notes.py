"""A period cell or heading with a note in brackets (``Sep 2026 (provisional)``,
``Q2 2026/27 (draft)``, ``2025/26 (final)``) is read as its period, the note kept in the
value's note; a period that cannot be read is still refused, naming the cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import run_cli

LONG = """indicator,period,value,unit,note
pep,Sep 2026 (provisional),62,%,
pep,Aug 2026 (draft),55,%,After the audit
pep,Jul 2026,50,%,
care-proceedings,Q2 2026/27 (draft),32.4,weeks,
adoption-days,2025/26 (final),431,days,
"""


def _notes(store: Store) -> dict[tuple[str, str], str]:
    """Each value's note, by indicator slug and period label."""
    with store.session_factory() as s:
        rows = s.execute(
            select(Indicator.slug, IndicatorValue.period_label, IndicatorValue.note).join(
                Indicator, Indicator.id == IndicatorValue.indicator_id
            )
        )
        return {(slug, label): note for slug, label, note in rows}


def test_a_period_with_a_note_is_imported_end_to_end(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(LONG, encoding="utf-8")
    imported = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    history = run_cli(database.url, tmp_path, "say", "/kpi pep history")
    assert history.returncode == 0, history.stdout + history.stderr
    lines = history.stdout.splitlines()
    assert any("Sep 2026" in line and "provisional" in line for line in lines), lines
    assert any("Aug 2026" in line and "After the audit (draft)" in line for line in lines)
    store = Store.from_url(database.url, upgrade=False)
    try:
        notes = _notes(store)
    finally:
        store.engine.dispose()
    assert notes[("care-proceedings", "Q2 2026/27")] == "draft"
    assert notes[("adoption-days", "2025/26")] == "final"
    assert notes[("pep", "Jul 2026")] == ""


def test_an_unreadable_period_with_a_note_is_still_refused(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text("indicator,period,value\npep,Sept 20x6 (provisional),62\n", encoding="utf-8")
    imported = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    said = imported.stdout + imported.stderr
    assert imported.returncode != 0, said
    assert "“Sept 20x6 (provisional)” is not a period" in said and "row 2" in said, said
    assert "Traceback" not in said


def test_a_period_heading_with_a_note_is_a_column_of_figures(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "indicator,Jul 2026,Aug 2026,Sep 2026 (provisional),2025/26 (target)\npep,50,55,62,90\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path, today=date(2026, 12, 6))
    assert report.created == 3
    assert any("2025/26 (target)" in note for note in report.notes), report.notes
    notes = _notes(store)
    assert notes[("pep", "Sep 2026")] == "provisional"
    assert notes[("pep", "Aug 2026")] == ""
    again = run_import(store, "local", "kpis", path, today=date(2026, 12, 6))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_months_in_brackets_that_are_not_the_periods_are_not_a_note(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text("indicator,period,value\npep,Q2 2026/27 (Jul-Dec),62\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path, today=date(2026, 12, 6))
    assert "Q2 2026/27 (Jul-Dec)" in str(err.value)
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0
