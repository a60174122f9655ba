"""KPI import: a scorecard whose header is on two rows, a year heading (merged across its
columns in a workbook) over that year's months or quarters written without it, is read as one
header: it was refused with a baffling message (“Unit” is not a unit I know, the second header
row read as an indicator) or as having no header at all."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store


def _values(store: Store) -> list[tuple[str, str, float]]:
    with store.session_factory() as s:
        rows = s.execute(
            select(Indicator.slug, IndicatorValue.period_label, IndicatorValue.value)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .order_by(Indicator.slug, IndicatorValue.period_start, IndicatorValue.period_end)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_workbook_with_a_merged_year_over_its_months(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Indicator", "Unit", "Polarity", "Target", "2015/16", None, None, None])
    ws.append([None, None, None, None, "Nov", "Dec", "Jan", "Feb"])
    for column in "ABCD":
        ws.merge_cells(f"{column}1:{column}2")
    ws.merge_cells("E1:H1")
    ws.append(["Up-to-date PEPs", "%", "higher", 90, 62, 64, 66, 70])
    path = tmp_path / "scorecard.xlsx"
    wb.save(path)
    report = run_import(store, "local", "kpis", path)
    assert report.created == 4
    assert _values(store) == [
        ("up-to-date-peps", "Nov 2015", 62.0),
        ("up-to-date-peps", "Dec 2015", 64.0),
        ("up-to-date-peps", "Jan 2016", 66.0),  # January of the financial year 2015/16
        ("up-to-date-peps", "Feb 2016", 70.0),
    ]


def test_a_csv_with_financial_calendar_and_academic_years_over_months_and_quarters(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "Scorecard,,,,,,,,,\n"
        ",,2014/15,2015/16,,,2015,AY 2015/16,,England\n"
        "Indicator,Unit,,Mar,Apr,Q2,Dec,Sep,Jan,\n"
        "Missing episodes,count,12,31,29,80,27,30,26,25\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 7
    assert _values(store) == [
        ("missing-episodes", "2014/15", 12.0),  # a year heading with nothing under it
        ("missing-episodes", "Apr 2015", 29.0),
        ("missing-episodes", "Q2 2015/16", 80.0),
        ("missing-episodes", "Sep 2015", 30.0),  # the academic year's September
        ("missing-episodes", "Dec 2015", 27.0),  # the calendar year's December
        ("missing-episodes", "Jan 2016", 26.0),  # the academic year's January
        ("missing-episodes", "Mar 2016", 31.0),  # the financial year's March
    ]
