"""KPI re-import that changes indicators, not values: the report counts and names each
indicator changed (name, owner, target, aliases, frequency, polarity, amber tolerance), and
says "Nothing changed" only when nothing did."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from commands.importers import run_import
from storage.models import Indicator
from storage.unit_of_work import Store
from tests.conftest import FIXTURES
from tests.helpers import make_chat

HARINGEY = FIXTURES / "kpis" / "haringey_long.csv"
OLD_NAME = "School-aged children looked after with an up-to-date PEP"
NEW_NAME = "Children in care with a current PEP"


def _write(tmp_path: Path, text: str, name: str = "kpis.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _indicator(store: Store, slug: str) -> Indicator:
    with store.session_factory() as s:
        ind = s.scalars(select(Indicator).where(Indicator.slug == slug)).one()
        s.expunge(ind)
        return ind


def test_a_new_name_and_owner_are_counted_and_named(
    store: Store, tmp_path: Path, frozen_now: datetime
) -> None:
    run_import(store, "local", "kpis", HARINGEY)
    text = HARINGEY.read_text(encoding="utf-8")
    changed = text.replace(OLD_NAME, NEW_NAME).replace(",Fiona Smith,", ",Jon Abbey,")
    report = run_import(store, "local", "kpis", _write(tmp_path, changed))
    summary = report.summary()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert report.changed_anything and "Nothing changed" not in summary
    assert "1 indicator changed:" in summary
    assert f"pep: name “{OLD_NAME}” → “{NEW_NAME}”; owner Fiona Smith → Jon Abbey" in summary
    assert "lac-rate" not in summary
    shown = make_chat(store, frozen_now).say("/kpi pep")
    assert NEW_NAME in shown and "Jon Abbey" in shown
    again = run_import(store, "local", "kpis", _write(tmp_path, changed))
    assert not again.changed_anything and "Nothing changed" in again.summary()
    assert "indicator changed" not in again.summary()


def test_every_indicator_field_a_long_file_changes_is_named(store: Store, tmp_path: Path) -> None:
    head = "indicator,period,value,indicator target,polarity,aliases,frequency,amber tolerance\n"
    before = head + "pep,Nov 2015,62,90,higher,peps,monthly,5\n"
    run_import(store, "local", "kpis", _write(tmp_path, before))
    after = head + "pep,Nov 2015,62,95,lower,peps; personal education plans,quarterly,3\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, after))
    summary = report.summary()
    assert "Nothing changed" not in summary and report.indicators_changed == 1
    assert (
        "pep: target 90% → 95%; aliases peps → peps, personal education plans; "
        "frequency monthly → quarterly; polarity higher is better → lower is better; "
        "amber tolerance 5% → 3%"
    ) in summary
    ind = _indicator(store, "pep")
    assert (ind.target, ind.polarity, ind.frequency) == (95, "lower", "quarterly")


def test_a_wide_file_s_new_target_is_named(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "kpis", _write(tmp_path, "indicator,target,Oct 2015\npep,90,70\n"))
    report = run_import(
        store, "local", "kpis", _write(tmp_path, "indicator,target,Oct 2015\npep,85,70\n")
    )
    assert "Nothing changed" not in report.summary()
    assert "1 indicator changed:\n  - pep: target 90% → 85%" in report.summary()


def test_a_target_given_for_the_first_time_is_named(store: Store, tmp_path: Path) -> None:
    run_import(
        store, "local", "kpis", _write(tmp_path, "indicator,period,value\npep,Oct 2015,70\n")
    )
    body = "indicator,period,value,target\npep,Oct 2015,70,90\n"
    report = run_import(store, "local", "kpis", _write(tmp_path, body))
    # The period's target is a changed value; the indicator's standing target is new too.
    assert (report.updated, report.indicators_changed) == (1, 1)
    assert "pep: target none → 90%" in report.summary()


def test_new_indicators_are_not_also_listed_as_changed(store: Store, tmp_path: Path) -> None:
    report = run_import(store, "local", "kpis", HARINGEY)
    assert report.indicators_created == 2 and report.indicators_changed == 0
    assert "changed:" not in report.summary()


def test_a_file_that_only_creates_an_indicator_changed_something(
    store: Store, tmp_path: Path
) -> None:
    # A wide row whose every period is blank still creates its indicator.
    report = run_import(
        store, "local", "kpis", _write(tmp_path, "indicator,unit,Oct 2015,Nov 2015\ncin,count,,\n")
    )
    assert report.created == 0 and report.changed_anything
    assert "Nothing changed" not in report.summary() and "New indicator cin" in report.summary()


def test_another_council_s_file_renaming_an_indicator_is_named(
    store: Store, tmp_path: Path
) -> None:
    # As importing the Haringey fixture into the demo renames the demo's pep.
    ours = "indicator,slug,name,period,value\nPEP,pep,Our own PEP measure,Oct 2015,70\n"
    run_import(store, "local", "kpis", _write(tmp_path, ours))
    report = run_import(store, "local", "kpis", HARINGEY)
    assert f"pep: name “Our own PEP measure” → “{OLD_NAME}”" in report.summary()


def test_a_name_edited_in_an_exported_file_renames_the_indicator(
    store: Store, tmp_path: Path
) -> None:
    from commands.exporters import run_export

    run_import(store, "local", "kpis", FIXTURES / "kpis" / "haringey_long.csv")
    exported = tmp_path / "kpis.csv"
    run_export(store, "local", "kpis", str(exported))
    text = exported.read_text(encoding="utf-8-sig")
    with store.session_factory() as s:
        old = s.scalars(select(Indicator.name).where(Indicator.slug == "pep")).one()
    assert old in text
    edited = tmp_path / "edited.csv"
    edited.write_text(text.replace(old, "PEPs up to date"), encoding="utf-8")
    report = run_import(store, "local", "kpis", edited)
    assert report.changed_anything and "pep: name" in report.summary(), report.summary()
    with store.session_factory() as s:
        assert s.scalars(select(Indicator.name).where(Indicator.slug == "pep")).one() == (
            "PEPs up to date"
        )
    # The exported file as it was, imported again, puts the name back; once more, nothing.
    run_import(store, "local", "kpis", exported)
    assert not run_import(store, "local", "kpis", exported).changed_anything
