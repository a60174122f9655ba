"""KPI import: a file naming an existing indicator by its name, written with other
punctuation ("Up to date PEPs" for "Up-to-date PEPs"), adds to that indicator; it made a new
one, splitting the series in two (next month's figures under another indicator)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_retyped_with_other_punctuation_finds_the_indicator(
    store: Store, tmp_path: Path
) -> None:
    first = _write(
        tmp_path, "oct.csv", "Indicator,Slug,Period,Value\nUp-to-date PEPs,pep,Oct 2015,55\n"
    )
    run_import(store, "local", "kpis", first)
    later = _write(tmp_path, "nov.csv", "Indicator,Period,Value\nUp to date PEPs,Nov 2015,62\n")
    report = run_import(store, "local", "kpis", later)
    assert (report.created, report.indicators_created) == (1, 0)
    with store.session_factory() as s:
        assert list(s.scalars(select(Indicator.slug))) == ["pep"]
        assert sorted(s.scalars(select(IndicatorValue.period_label))) == ["Nov 2015", "Oct 2015"]


def test_a_name_two_indicators_share_but_for_punctuation_finds_neither(
    store: Store, tmp_path: Path
) -> None:
    first = _write(
        tmp_path,
        "two.csv",
        "Indicator,Slug,Period,Value\nCare-leavers (EET),eet-a,Oct 2015,50\n"
        "Care leavers: EET,eet-b,Oct 2015,51\n",
    )
    run_import(store, "local", "kpis", first)
    later = _write(tmp_path, "nov.csv", "Indicator,Period,Value\nCare leavers EET,Nov 2015,52\n")
    report = run_import(store, "local", "kpis", later)
    assert report.indicators_created == 1
