"""KPI import: an amber tolerance is a band in the indicator's own unit (3 for 16% ± 3
points). One written as a percentage beside an indicator not measured in % (``5%`` for a count)
was read as 5, a band of 5 children where 5% of the target was meant, turning amber figures
red: it is refused with its row and column, saying what to write."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_percentage_tolerance_for_a_count_is_refused_naming_what_to_write(
    store: Store, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "Indicator,Unit,Polarity,Target,Amber tolerance,Oct 2015,Nov 2015\n"
        'cla,count,lower,"1,200",5%,"1,230","1,249"\n',
    )
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    assert (
        "row 2, column “Amber tolerance”: “5%” is a percentage, but cla is a count: write the "
        "amber tolerance as a count (for 5% of the target 1,200, write 60)"
    ) in str(err.value)
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Indicator)) == 0
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_a_long_row_for_days_is_refused_too(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Indicator,Period,Value,Unit,Polarity,Target,Amber tolerance\n"
        "adoption-days,Oct 2015,431,days,lower,426,10%\n",
    )
    with pytest.raises(ImportFailed, match="is a number of days: write the amber tolerance as"):
        run_import(store, "local", "kpis", path)


def test_tolerances_in_the_unit_and_percent_points_for_a_percentage_are_taken(
    store: Store, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "Indicator,Unit,Polarity,Target,Amber tolerance,Nov 2015\n"
        "placed-20,%,lower,16,3%,19\n"
        'cla,count,lower,"1,200",60,"1,249"\n',
    )
    run_import(store, "local", "kpis", path)
    with store.session_factory() as s:
        bands = dict(s.execute(select(Indicator.slug, Indicator.amber_tolerance)).all())
    assert bands == {"placed-20": 3.0, "cla": 60.0}
