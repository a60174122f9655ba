"""KPI import: text longer than its database column is refused by row and column on every
backend; cells saying there is no figure (TBC, n/a, .., x) are skipped and named."""

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


def _count(store: Store, model: type) -> int:
    with store.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("name", "N" * 301, "row 2, column “name”: this name is longer than 300 characters"),
        ("source", "S" * 201, "row 2, column “source”: this source is longer than 200"),
        ("frequency", "F" * 33, "row 2, column “frequency”: this frequency is longer than 32"),
        ("note", "n" * 20_001, "row 2, column “note”: this note is longer than 20,000"),
        ("owner", "o" * 20_001, "row 2, column “owner”: this owner is longer than 20,000"),
        (
            "aliases",
            "a" * 20_001,
            "row 2, column “aliases”: this list of aliases is longer than 20,000",
        ),
    ],
)
def test_text_longer_than_its_column_is_refused(
    store: Store, tmp_path: Path, header: str, cell: str, expected: str
) -> None:
    path = _write(tmp_path, f"indicator,period,value,{header}\npep,Nov 2015,80,{cell}\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    assert expected in str(err.value)
    assert _count(store, Indicator) == 0


def test_a_long_indicator_cell_that_would_be_the_name_is_refused(
    store: Store, tmp_path: Path
) -> None:
    label = "Percentage of children in care " * 10  # 310 characters
    path = _write(tmp_path, f"indicator,period,value\n{label},Nov 2015,80\n")
    with pytest.raises(ImportFailed, match=r"row 2, column “indicator”: .* at most 300"):
        run_import(store, "local", "kpis", path)
    wide = _write(tmp_path, f"indicator,Oct 2015,Nov 2015\npep,70,80\n{label},1,2\n")
    with pytest.raises(ImportFailed, match=r"row 3, column “indicator”: .* at most 300"):
        run_import(store, "local", "kpis", wide)
    assert _count(store, Indicator) == 0


def test_a_long_indicator_cell_with_a_short_name_is_fine(store: Store, tmp_path: Path) -> None:
    label = "Percentage of children in care " * 10
    path = _write(tmp_path, f"indicator,name,period,value\n{label},PEPs,Nov 2015,80\n")
    assert run_import(store, "local", "kpis", path).created == 1


@pytest.mark.parametrize("marker", ["TBC", "n/a", "N/A", "-", "–", "..", "x", "*", "<5", "< 10"])
def test_no_figure_in_the_long_layout_skips_the_row(
    store: Store, tmp_path: Path, marker: str
) -> None:
    body = f"indicator,period,value\npep,Oct 2015,70\npep,Nov 2015,{marker}\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert report.created == 1
    assert f"row 3, pep Nov 2015 (“{marker}”)" in report.summary()
    assert "No figure given, so nothing imported for 1 value" in report.summary()
    assert _count(store, IndicatorValue) == 1
    again = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert not again.changed_anything


def test_no_figure_in_the_wide_layout_skips_the_cell(store: Store, tmp_path: Path) -> None:
    body = "indicator,Sep 2015,Oct 2015,Nov 2015\npep,TBC,70,\ncin,..,x,12\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert report.created == 2
    summary = report.summary()
    assert "nothing imported for 3 values" in summary
    assert "row 2, column “Sep 2015” (“TBC”)" in summary
    assert "row 3, column “Sep 2015” (“..”); row 3, column “Oct 2015” (“x”)" in summary


def test_a_word_that_is_not_a_figure_marker_still_refuses(store: Store, tmp_path: Path) -> None:
    body = "indicator,period,value\npep,Nov 2015,lots\n"
    with pytest.raises(ImportFailed, match=r"row 2, column “value”: “lots” is not a number"):
        run_import(store, "local", "kpis", _write(tmp_path, body))


def test_a_percent_sign_apart_from_its_figure_is_read(store: Store, tmp_path: Path) -> None:
    body = "indicator,period,value,target,unit\npep,Oct 2015,70 %,90 %,%\n"
    assert run_import(store, "local", "kpis", _write(tmp_path, body)).created == 1
    with store.session_factory() as s:
        assert s.scalars(select(IndicatorValue.value)).all() == [70]


def test_a_percentage_that_is_not_its_numerator_over_its_denominator_is_warned_about(
    store: Store, tmp_path: Path
) -> None:
    body = (
        "indicator,period,value,numerator,denominator,unit\n"
        "pep,Sep 2015,85,31,50,%\npep,Oct 2015,62,31,50,%\npep,Nov 2015,62.5,31,50,%\n"
        "lac-rate,Nov 2015,74,310,41900,rate per 10000\n"
    )
    said = run_import(store, "local", "kpis", _write(tmp_path, body)).summary()
    assert "⚠️ A percentage that is not its numerator over its denominator" in said
    warned = said.split("⚠️ A percentage that is not", 1)[1].splitlines()[1:]
    assert warned == ["  - row 2: 85% for pep, but 31 of 50 is 62%"]
    assert _count(store, IndicatorValue) == 4  # imported as written


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ("1,7", "row 3, column “value”: “1,7” is not a number: a comma in a figure separates"),
        ("12,34", "row 3, column “value”: “12,34” is not a number"),
        ("1,2345", "row 3, column “value”: “1,2345” is not a number"),
        ("17,", "row 3, column “value”: “17,” is not a number"),
    ],
)
def test_a_comma_that_does_not_separate_thousands_is_refused(
    store: Store, tmp_path: Path, cells: str, said: str
) -> None:
    """``1,7`` (a decimal comma, or a slip) was read as 17, as if the comma were a thousands
    separator; chat's ``/kpi set`` refuses it. Nothing is imported."""
    path = _write(
        tmp_path,
        f'indicator,period,value,unit\ncla,Oct 2015,"1,234",count\ncla,Nov 2015,"{cells}",count\n',
    )
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    assert said in str(err.value)
    assert _count(store, IndicatorValue) == 0


def test_a_stray_comma_in_a_wide_cell_or_a_denominator_is_refused_too(
    store: Store, tmp_path: Path
) -> None:
    wide = _write(tmp_path, 'indicator,unit,Oct 2015,Nov 2015\ncla,count,"1,234","1,25"\n')
    with pytest.raises(ImportFailed, match=r"row 2, column “Nov 2015”: “1,25” is not a number"):
        run_import(store, "local", "kpis", wide)
    long = _write(
        tmp_path, 'indicator,period,value,numerator,denominator\npep,Oct 2015,50,10,"2,0"\n'
    )
    with pytest.raises(ImportFailed, match=r"row 2, column “denominator”: “2,0” is not a number"):
        run_import(store, "local", "kpis", long)
    assert _count(store, IndicatorValue) == 0


def test_figures_with_thousands_separators_still_import(store: Store, tmp_path: Path) -> None:
    rows = 'cla,Oct 2015,"1,234",count\ncla,Nov 2015,"12,345",count\n'
    path = _write(tmp_path, f"indicator,period,value,unit\n{rows}")
    run_import(store, "local", "kpis", path)
    with store.session_factory() as s:
        assert sorted(s.scalars(select(IndicatorValue.value))) == [1234.0, 12345.0]
