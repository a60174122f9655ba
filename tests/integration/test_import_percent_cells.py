"""Percentages from spreadsheets: Excel % cells are scaled; CSV fractions are warned about, all
of an indicator's or one among its percentages."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import run_import
from commands.importers.table import is_percent_format, read_table
from storage.models import IndicatorValue
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import csbot, make_chat, run_cli


def _values(store: Store) -> list[float]:
    with store.session_factory() as s:
        return sorted(s.scalars(select(IndicatorValue.value)).all())


def test_an_excel_percentage_cell_is_imported_as_that_percentage(
    store: Store, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KPI", "Period", "Actual", "Unit"])
    sheet.append(["dental", "Oct 2015", 0.85, "%"])
    sheet.append(["dental", "Nov 2015", 0.905, "%"])
    sheet["C2"].number_format = "0%"
    sheet["C3"].number_format = "0.0%"
    book.save(tmp_path / "dental.xlsx")
    report = run_import(store, "local", "kpis", tmp_path / "dental.xlsx")
    assert report.created == 2
    assert _values(store) == [85.0, 90.5]
    assert "between 0 and 1" not in report.summary()


def test_percent_formats_only_count_a_bare_percent_sign() -> None:
    assert is_percent_format("0%") and is_percent_format("0.00%")
    assert not is_percent_format('0"%"') and not is_percent_format("0\\%")
    assert not is_percent_format("General") and not is_percent_format(None)


def test_an_excel_time_cell_reads_as_a_time(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["time", "other"])
    sheet.append([time(14, 0), time(9, 30, 15)])
    book.save(tmp_path / "t.xlsx")
    assert read_table(tmp_path / "t.xlsx").rows[1].cells == ("14:00", "09:30:15")


def test_csv_fractions_for_a_percentage_are_warned_about(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text(
        "indicator,period,value,unit\ndental,Oct 2015,0.85,%\ndental,Nov 2015,0.9,%\n"
        "visits,Oct 2015,0.5,%\nvisits,Nov 2015,12,%\n"
        "sdq,Oct 2015,0.5%,%\n",
        encoding="utf-8",
    )
    summary = run_import(store, "local", "kpis", path).summary()
    assert "Every value of dental (a percentage) in this file is between 0 and 1" in summary
    assert "rows 2, 3" in summary
    assert "of visits" not in summary and "of sdq" not in summary
    # Not every value of visits: its 0.5 among percentages is warned about by itself.
    assert "visits (a percentage): 0.5 in Oct 2015 (row 4) looks like a fraction: 50%?" in summary
    assert "sdq (a percentage)" not in summary  # 0.5% says it is a percentage


def test_a_fraction_among_a_rows_percentages_is_imported_as_written_with_a_warning(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "peps.csv"
    path.write_text(
        "Indicator,Unit,Polarity,Target,Apr-15,May-15,Jun-15\n"
        "PEPs up to date,%,higher,90%,45%,0.52,55\n"
        "Care leavers in EET,%,higher,55%,50,51,52\n",
        encoding="utf-8",
    )
    csbot(database.url, ["import", "kpis", str(path)], monkeypatch, tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert (
        "⚠️ peps-up-to-date (a percentage): 0.52 in May 2015 (row 2) looks like a fraction: 52%?"
        in said
    )
    assert "stored as written, 0.52%" in said
    assert "care-leavers" not in said.split("⚠️", 1)[1]
    assert _values(store) == [0.52, 45.0, 50.0, 51.0, 52.0, 55.0]  # not changed silently


def test_a_fraction_target_or_comparator_beside_percentages_is_warned_about(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    path = tmp_path / "health.csv"
    path.write_text(
        "Indicator,Slug,Period,Value,Target,Unit,Polarity,England\n"
        "Up to date health assessments,health,Oct 2015,82%,0.95,%,higher,0.89\n"
        "Up to date health assessments,health,Nov 2015,84%,0.95,%,higher,0.89\n"
        "Dental checks,dental,Nov 2015,84,90%,%,higher,88\n",
        encoding="utf-8",
    )
    said = " ".join(run_import(store, "local", "kpis", path).summary().split())
    assert (
        "⚠️ health (a percentage): target 0.95 (rows 2, 3) and England 0.89 (rows 2, 3) look "
        "like fractions: 95%, 89%?" in said
    )
    assert "stored as written, 0.95%, 0.89%" in said
    assert "Until then its RAG is judged against 0.95%." in said
    assert "dental (a percentage)" not in said  # 90% and 88 are percentages
    assert "Green" in make_chat(store, frozen_now).say("/kpi health")  # as written
    path.write_text(path.read_text().replace("0.95", "95%").replace("0.89", "89"))
    said = run_import(store, "local", "kpis", path).summary()
    assert "looks like" not in said and "look like" not in said
    card = make_chat(store, frozen_now).say("/kpi health")
    assert "Target: 95%" in card and "Red" in card and "England 89%" in card


def test_a_wide_rows_fraction_target_is_warned_about(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "peps.csv"
    path.write_text(
        "Indicator,Unit,Polarity,Target,Apr-15,May-15\nPEPs up to date,%,higher,0.9,45,52\n",
        encoding="utf-8",
    )
    said = " ".join(run_import(store, "local", "kpis", path).summary().split())
    assert "peps-up-to-date (a percentage): target 0.9 (row 2) looks like a fraction: 90%?" in said


def test_fraction_targets_of_fraction_values_are_named_in_the_one_warning(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "k.csv"
    path.write_text(
        "indicator,period,value,target,unit\ndental,Oct 2015,0.85,0.9,%\n"
        "dental,Nov 2015,0.88,0.9,%\n",
        encoding="utf-8",
    )
    said = " ".join(run_import(store, "local", "kpis", path).summary().split())
    assert "Every value of dental (a percentage) in this file is between 0 and 1" in said
    assert "multiply them (and its targets between 0 and 1 in this file) by 100" in said
    assert said.count("⚠️") == 1


def test_fractions_over_an_indicator_s_stored_percentages_are_refused(
    database: Database, tmp_path: Path
) -> None:
    """As Excel's CSV saves cells formatted as %: 0.61 for 61%. Over the 62% stored, they
    would replace its figures and target with ones a hundred times smaller."""
    first = tmp_path / "first.csv"
    first.write_text(
        "Indicator,Period,Value,Unit,Target\nCare leavers in EET,Oct 2026,62%,%,65%\n",
        encoding="utf-8",
    )
    assert run_cli(database.url, tmp_path, "import", "kpis", str(first)).returncode == 0
    fractions = tmp_path / "fractions.csv"
    fractions.write_text(
        "Indicator,Unit,Sep-26,Oct-26,Nov-26,Target\nCare leavers in EET,%,0.61,0.62,0.63,0.65\n",
        encoding="utf-8",
    )
    refused = run_cli(database.url, tmp_path, "import", "kpis", str(fractions))
    assert refused.returncode == 1
    assert (
        "row 2: care-leavers-in-eet's figures in this file are all within 0–1 (0.61, 0.62, "
        "0.63), where those stored for it are percentages up to 62%"
    ) in refused.stderr, refused.stderr
    assert "Nothing was imported" in refused.stderr
    card = run_cli(database.url, tmp_path, "say", "/kpi care-leavers-in-eet").stdout
    assert "Latest: 62% for Oct 2026" in card and "Target: 65%" in card, card
