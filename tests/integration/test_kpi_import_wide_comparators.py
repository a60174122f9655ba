"""KPI import, one column per period: comparator columns (England, Region or a region's name,
Statistical neighbours) are imported beside each row's latest value, checked against the unit
as a long file's are, and `/kpi` shows them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store
from tests.helpers import make_chat

Stored = tuple[str, str, float | None, float | None, float | None]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _stored(store: Store) -> list[Stored]:
    """(slug, period, England, region, statistical neighbours) of every value."""
    with store.session_factory() as s:
        rows = s.execute(
            select(
                Indicator.slug,
                IndicatorValue.period_label,
                IndicatorValue.england,
                IndicatorValue.region,
                IndicatorValue.statistical_neighbours,
            )
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .order_by(Indicator.slug, IndicatorValue.period_end)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


WIDE = (
    "Indicator,Unit,Polarity,Sep 2015,Oct 2015,Nov 2015,England,North West,Stat neighbours\n"
    "pep,%,higher,61,70,72,80,75,78\n"
    "cla-rate,rate per 10000,lower,76,75,,60,52,69\n"
)


def test_wide_comparators_go_with_each_rows_latest_value(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    report = run_import(store, "local", "kpis", _write(tmp_path, WIDE))
    summary = report.summary()
    assert report.created == 5, summary
    assert "Columns not imported" not in summary, summary
    assert "latest value: pep Nov 2015, cla-rate Oct 2015." in summary, summary
    # cla-rate's Nov 2015 is blank: its comparators go with Oct 2015, its latest value.
    assert _stored(store) == [
        ("cla-rate", "Sep 2015", None, None, None),
        ("cla-rate", "Oct 2015", 60, 52, 69),
        ("pep", "Sep 2015", None, None, None),
        ("pep", "Oct 2015", None, None, None),
        ("pep", "Nov 2015", 80, 75, 78),
    ]
    card = make_chat(store, frozen_now).say("/kpi pep")
    assert "Comparators: England 80%, Region 75%, Statistical neighbours 78%" in card, card
    assert not run_import(store, "local", "kpis", _write(tmp_path, WIDE)).changed_anything


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("England,Region,Statistical neighbours", "Statistical neighbours"),
        ("England average,London,SN average", "SN average"),
        ("national,Yorkshire & the Humber,Statistical Neighbours Average", "Statistical"),
    ],
)
def test_comparator_headers_councils_write(
    store: Store, tmp_path: Path, header: str, column: str
) -> None:
    body = f"Indicator,Oct 2015,Nov 2015,{header}\npep,70,72,80,75,78\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert "Columns not imported" not in report.summary(), (column, report.summary())
    assert _stored(store)[-1] == ("pep", "Nov 2015", 80, 75, 78)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "Indicator,Unit,Oct 2015,Nov 2015,England\npep,%,70,72,80\ncin,%,40,41,950\n",
            "row 3, column “England”: 950 is not a percentage between 0 and 100 (cin)",
        ),
        (
            "Indicator,Unit,Nov 2015,Stat neighbours\nleavers,count,5,-3\n",
            "row 2, column “Stat neighbours”: -3 is negative, but a count cannot be",
        ),
        (
            "Indicator,Unit,Nov 2015,North West\nadoption,days,430,80%\n",
            "row 2, column “North West”: it is a percentage, but the indicator is measured in days",
        ),
        (
            "Indicator,Nov 2015,England\npep,72,eighty\n",
            "row 2, column “England”: “eighty” is not a number",
        ),
    ],
)
def test_a_comparator_that_does_not_fit_the_unit_refuses_the_file(
    store: Store, tmp_path: Path, content: str, expected: str
) -> None:
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", _write(tmp_path, content))
    assert expected in str(err.value)
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Indicator)) == 0
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_a_comparator_that_looks_like_a_fraction_is_warned_of(store: Store, tmp_path: Path) -> None:
    body = "Indicator,Unit,Oct 2015,Nov 2015,England\npep,%,70%,72%,0.8\n"
    summary = run_import(store, "local", "kpis", _write(tmp_path, body)).summary()
    assert "⚠️ pep (a percentage): England 0.8 (row 2) looks like a fraction: 80%?" in summary


def test_comparators_with_no_value_to_go_with_are_reported(store: Store, tmp_path: Path) -> None:
    body = "Indicator,Oct 2015,Nov 2015,England\npep,70,72,80\ncin,,TBC,45\n"
    summary = run_import(store, "local", "kpis", _write(tmp_path, body)).summary()
    assert (
        "⚠️ Comparators not imported, as their row has no value in this file to go with: "
        "row 3 (cin)."
    ) in summary, summary
    assert _stored(store)[-1] == ("pep", "Nov 2015", 80, None, None)


def test_a_value_for_a_period_to_come_does_not_take_the_comparators(
    store: Store, tmp_path: Path
) -> None:
    body = "Indicator,Oct 2015,Nov 2015,Mar 2016,England\npep,70,72,74,80\n"
    path = _write(tmp_path, body)
    report = run_import(store, "local", "kpis", path, today=datetime(2015, 12, 2).date())
    assert "Not imported: 1 value" in report.summary()
    assert _stored(store)[-1] == ("pep", "Nov 2015", 80, None, None)
