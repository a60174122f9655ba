"""KPI import: column headings in the plural ("KPIs", "Periods", "Actuals", "Targets",
"Comments") are read as their singular, as a plan's headings are; "KPIs | Period | Actuals"
was no header at all, and a "Comments" column's notes were dropped."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator, IndicatorValue
from storage.unit_of_work import Store


def test_plural_headings_are_read_as_their_fields(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "KPIs,Periods,Actuals,Targets,Units,Comments\n"
        "pep,Sep 2015,49%,90%,%,Start of the school year\n"
        "pep,Oct 2015,55%,90%,%,\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path)
    assert report.created == 2
    assert not any("not imported" in note for note in report.notes)
    with store.session_factory() as s:
        ind = s.scalars(select(Indicator)).one()
        assert (ind.slug, ind.unit) == ("pep", "%")
        rows = s.execute(
            select(IndicatorValue.period_label, IndicatorValue.value, IndicatorValue.note).order_by(
                IndicatorValue.period_start
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Sep 2015", 49.0, "Start of the school year"),
        ("Oct 2015", 55.0, ""),
    ]


def test_a_wide_file_with_plural_headings(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicators,Targets,Owners,Sep 2015,Oct 2015\npep,90,Fiona Smith,49,55\n", encoding="utf-8"
    )
    run_import(store, "local", "kpis", path)
    with store.session_factory() as s:
        ind = s.scalars(select(Indicator)).one()
        assert (ind.slug, ind.target, ind.owner_text) == ("pep", 90.0, "Fiona Smith")


def test_an_owner_column_headed_as_a_plan_heads_its_leads(store: Store, tmp_path: Path) -> None:
    """ "Lead officer" (the performance report's own word) was a column not imported."""
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Indicator,Period,Value,Lead Officer(s)\npep,Oct 2015,55,Fiona Smith\n"
        "eet,Oct 2015,50,Jon Abbey\n",
        encoding="utf-8",
    )
    report = run_import(store, "local", "kpis", path)
    assert not any("not imported" in note for note in report.notes)
    with store.session_factory() as s:
        owners = dict(s.execute(select(Indicator.slug, Indicator.owner_text)).all())
    assert owners == {"pep": "Fiona Smith", "eet": "Jon Abbey"}
