"""Two long indicator names that start alike ("… who had their teeth checked", "… who had
their annual health assessment") are two indicators, though their short names, cut to 64
characters, would be one: the second gets a short name of its own (…-2) and each keeps its
own values, in one file or two, imported again or not. Before, the second file's row was
taken as the first indicator's and replaced its value."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.importers import ImportFailed, run_import
from storage.unit_of_work import Store

START = "Percentage of children looked after continuously for at least twelve months who had their"
TEETH = f"{START} teeth checked"
HEALTH = f"{START} annual health assessment"
HEADER = "indicator,period,value,unit,polarity\n"


def _import(store: Store, tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "kpis.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return run_import(store, "local", "kpis", path).summary()


def _values(store: Store) -> dict[str, list[tuple[str, float]]]:
    with store.unit_of_work("local") as uow:
        return {
            ind.name: sorted(
                (v.period_label, v.value)
                for v in uow.repos.indicators.values_by_period(ind.id).values()
            )
            for ind in uow.repos.indicators.all()
        }


def test_names_alike_for_64_characters_are_two_indicators(store: Store, tmp_path: Path) -> None:
    first = _import(store, tmp_path, f"{TEETH},Oct 2015,80,%,higher\n")
    assert "1 new indicator" in first
    second = _import(store, tmp_path, f"{HEALTH},Oct 2015,60,%,higher\n")
    assert "1 new, 0 changed" in second and "-at-least-2 (“" in second, second
    both = _import(
        store, tmp_path, f"{TEETH},Nov 2015,81,%,higher\n", f"{HEALTH},Nov 2015,61,%,higher\n"
    )
    assert "2 new, 0 changed" in both and "new indicator" not in both, both
    assert _values(store) == {
        TEETH: [("Nov 2015", 81), ("Oct 2015", 80)],
        HEALTH: [("Nov 2015", 61), ("Oct 2015", 60)],
    }


def test_both_names_new_in_one_file(store: Store, tmp_path: Path) -> None:
    rows = (f"{TEETH},Oct 2015,80,%,higher\n", f"{HEALTH},Oct 2015,60,%,higher\n")
    assert "2 new indicators" in _import(store, tmp_path, *rows)
    assert "Nothing changed" in _import(store, tmp_path, *rows)
    assert _values(store) == {TEETH: [("Oct 2015", 80)], HEALTH: [("Oct 2015", 60)]}


def test_a_slug_too_long_to_keep_is_refused_not_cut(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(f"indicator,slug,period,value\nReferrals,{'r' * 70},Oct 2015,4\n")
    with pytest.raises(ImportFailed) as refused:
        run_import(store, "local", "kpis", path)
    assert "row 2, column “slug”: this slug is longer than 64 characters" in str(refused.value)
    assert _values(store) == {}
