"""KPI import: the GOV.UK statistics symbols that stand for no number (``c`` confidential or
suppressed, ``x`` not available, ``z`` not applicable, ``low`` rounds to 0, ``:`` not
available, also in square brackets) mean no figure, in both layouts; a flag that marks a
figure (``u`` low reliability) alone in a cell is refused, saying why."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import IndicatorValue
from storage.unit_of_work import Store

SYMBOLS = ["c", "C", "z", ":", "low", "[c]", "[x]", "[z]", "[low]", "N/K", "not known"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kpis.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _values(store: Store) -> list[tuple[str, float, float | None]]:
    with store.session_factory() as s:
        rows = s.execute(
            select(IndicatorValue.period_label, IndicatorValue.value, IndicatorValue.england)
        )
        return sorted((label, value, england) for label, value, england in rows)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_a_no_number_symbol_in_the_long_layout_skips_the_row(
    store: Store, tmp_path: Path, symbol: str
) -> None:
    body = f"indicator,period,value\npep,Oct 2015,70\npep,Nov 2015,{symbol}\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    assert report.created == 1
    assert f"row 3, pep Nov 2015 (“{symbol}”)" in report.summary()
    assert "No figure given, so nothing imported for 1 value" in report.summary()
    assert not run_import(store, "local", "kpis", _write(tmp_path, body)).changed_anything


def test_no_number_symbols_in_the_wide_layout_skip_their_cells(
    store: Store, tmp_path: Path
) -> None:
    body = "indicator,Sep 2015,Oct 2015,Nov 2015\npep,c,70,low\ncin,z,:,12\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    summary = report.summary()
    assert report.created == 2 and "nothing imported for 4 values" in summary
    assert "row 2, column “Sep 2015” (“c”); row 2, column “Nov 2015” (“low”)" in summary
    assert "row 3, column “Sep 2015” (“z”); row 3, column “Oct 2015” (“:”)" in summary
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 2


def test_a_suppressed_comparator_is_no_comparator(store: Store, tmp_path: Path) -> None:
    body = "indicator,period,value,england\npep,Oct 2015,70,c\npep,Nov 2015,72,[x]\n"
    run_import(store, "local", "kpis", _write(tmp_path, body))
    assert _values(store) == [("Nov 2015", 72, None), ("Oct 2015", 70, None)]


@pytest.mark.parametrize("flag", ["u", "[u]"])
def test_a_flag_alone_is_refused_as_no_figure_it_gives(
    store: Store, tmp_path: Path, flag: str
) -> None:
    meaning = "low reliability"
    long = f"indicator,period,value\npep,Nov 2015,{flag}\n"
    with pytest.raises(ImportFailed, match=rf"row 2, column “value”: .*{meaning}.*figure itself"):
        run_import(store, "local", "kpis", _write(tmp_path, long))
    wide = f"indicator,Oct 2015,Nov 2015\npep,70,{flag}\n"
    with pytest.raises(ImportFailed, match=rf"row 2, column “Nov 2015”: .*{meaning}"):
        run_import(store, "local", "kpis", _write(tmp_path, wide))
    assert _values(store) == []


def test_other_letters_are_still_not_numbers(store: Store, tmp_path: Path) -> None:
    body = "indicator,period,value\npep,Nov 2015,q\n"
    with pytest.raises(ImportFailed, match=r"“q” is not a number$"):
        run_import(store, "local", "kpis", _write(tmp_path, body))


@pytest.mark.parametrize(
    ("cell", "figure"), [("12 [u]", "12"), ("12u", "12"), ("45.5% p", "45.5%")]
)
def test_a_figure_with_its_flag_is_refused_naming_the_figure(
    store: Store, tmp_path: Path, cell: str, figure: str
) -> None:
    body = f"indicator,period,value\npep,Nov 2015,{cell}\n"
    with pytest.raises(ImportFailed, match=rf"write the figure without its .* flag \({figure}\)"):
        run_import(store, "local", "kpis", _write(tmp_path, body))
    assert _values(store) == []
