"""KPI imports: units and polarity never silently change, new indicators are named, UK
financial-quarter headers are read, unknown columns and footnote rows are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import AuditEvent, Indicator, IndicatorValue
from storage.unit_of_work import Store


def _write(tmp_path: Path, content: str, name: str = "kpis.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(Indicator)) or 0,
            s.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def _indicator(store: Store, slug: str) -> Indicator:
    with store.session_factory() as s:
        found = s.scalar(select(Indicator).where(Indicator.slug == slug))
        assert found is not None
        s.expunge(found)
        return found


def test_a_row_cannot_change_an_existing_indicators_unit(store: Store, tmp_path: Path) -> None:
    run_import(
        store, "local", "kpis", _write(tmp_path, "indicator,period,value,unit\npep,May 2026,80,%\n")
    )
    before = _counts(store)
    bad = _write(
        tmp_path,
        "indicator,period,value,target,polarity,unit\npep,Jun 2026,80,90,higher,days\n",
        "k8.csv",
    )
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", bad)
    message = str(err.value)
    assert "row 2" in message and "pep" in message and "%" in message and "days" in message
    assert "Nothing was changed" in message or "nothing was changed" in message
    assert _counts(store) == before
    assert _indicator(store, "pep").unit == "%"


def test_rows_that_disagree_about_unit_or_polarity_are_refused(
    store: Store, tmp_path: Path
) -> None:
    head = "indicator,period,value,unit,polarity\nfoo,Jan 2026,10,%,higher\n"
    units = _write(tmp_path, head + "foo,Feb 2026,11,count,higher\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", units)
    assert "row 3" in str(err.value) and "row 2" in str(err.value) and "foo" in str(err.value)
    polarity = _write(tmp_path, head + "foo,Feb 2026,11,%,lower\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", polarity)
    assert "row 3" in str(err.value) and "higher" in str(err.value) and "lower" in str(err.value)
    assert _counts(store)[:2] == (0, 0)


def test_new_indicators_are_named_and_look_alikes_pointed_out(store: Store, tmp_path: Path) -> None:
    first = (
        "indicator,slug,name,period,value,unit\nx,care-plans,Care plans reviewed,Mar 2026,80,%\n"
    )
    run_import(store, "local", "kpis", _write(tmp_path, first, "one.csv"))
    report = run_import(
        store,
        "local",
        "kpis",
        _write(tmp_path, "indicator,period,value,unit\nCare plans reviewd,Apr 2026,70,%\n"),
    )
    text = report.summary()
    assert "New indicator care-plans-reviewd (“Care plans reviewd”)" in text
    assert "care-plans" in text and "resembles" in text


def test_an_assumed_percentage_unit_is_explained(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "indicator,period,value\nChildren in need,Mar 2026,1500\n")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", path)
    message = str(err.value)
    assert "1,500 is not a percentage" in message
    assert "assumed" in message and "Unit column" in message
    fine = run_import(
        store,
        "local",
        "kpis",
        _write(tmp_path, "indicator,period,value\nNew measure,Mar 2026,15\n"),
    )
    assert "assumed" in fine.summary() and "Unit column" in fine.summary()


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Q1 25/26", "2025/26-Q1"),
        ("Q2 25/26", "2025/26-Q2"),
        ("Qtr 1 2025/26", "2025/26-Q1"),
        ("Quarter 3 2025-26", "2025/26-Q3"),
        ("Q1 FY25/26", "2025/26-Q1"),
        ("2024-25 Outturn", "2024/25"),
        ("FY25/26", "2025/26"),
        ("Apr-Jun 2025", "2025/26-Q1"),
        ("Q3 2025/26 (Oct-Dec)", "2025/26-Q3"),
        ("Apr 2024 - Mar 2025", "2024/25"),
    ],
)
def test_uk_financial_period_headers_are_read(
    store: Store, tmp_path: Path, header: str, key: str
) -> None:
    path = _write(tmp_path, f"Indicator,Unit,{header},Notes\nre-referrals,%,21,x\n")
    report = run_import(store, "local", "kpis", path)
    assert report.created == 1
    with store.session_factory() as s:
        assert s.scalars(select(IndicatorValue.period_key)).all() == [key]
    assert "“Notes”" in report.summary()


def test_unreadable_wide_headers_are_listed(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "Indicator,Unit,Q1 2025/26,Q2 2025/26,Q5 25/26,Comments\nrr,%,21,19,5,x\n"
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 2
    assert "“Q5 25/26”" in report.summary() and "“Comments”" in report.summary()


def test_footnote_rows_are_skipped_and_reported(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "indicator,period,value\npep,Jan 2026,50\n,,\nSource: DfE SSDA903 return,,\n"
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 1
    assert "row 4" in report.summary() and "Source: DfE SSDA903 return" in report.summary()
    assert _counts(store)[0] == 1
    wide = _write(tmp_path, "Indicator,Q1 2025/26,Q2 2025/26\nrr,21,19\nSource: DfE,,\n")
    report = run_import(store, "local", "kpis", wide)
    assert "Source: DfE" in report.summary() and _counts(store)[0] == 2


def test_a_header_only_kpi_file_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "kpis", _write(tmp_path, "indicator,period,value\n"))
    assert "no" in str(err.value) and "rows" in str(err.value)
    with pytest.raises(ImportFailed):
        run_import(store, "local", "kpis", _write(tmp_path, "Indicator,Q1 2025/26,Q2 2025/26\n"))


@pytest.mark.parametrize(
    ("written", "polarity"),
    [
        ("Smaller is better", "lower"),
        ("Good is low", "lower"),
        ("↓", "lower"),
        ("Minimise", "lower"),
        ("High is good", "higher"),
        ("Bigger = better", "higher"),
        ("Maximise", "higher"),
    ],
)
def test_polarity_as_scorecards_write_it(
    store: Store, tmp_path: Path, written: str, polarity: str
) -> None:
    path = _write(tmp_path, f"indicator,period,value,polarity\nrr,Oct 2015,21,{written}\n")
    run_import(store, "local", "kpis", path)
    with store.session_factory() as s:
        assert s.scalars(select(Indicator.polarity)).all() == [polarity]
