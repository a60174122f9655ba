"""A KPI file whose figures are older than an indicator's newest stored value (last month's
scorecard imported again by mistake, or a file of past years) leaves the indicator's own
fields (name, owner, aliases, amber tolerance, standing target) as the newer figures left
them, and says so; its figures are still read, and a file as new as the stored values (or
newer) still changes them. Through the CLI, on both backends."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat, run_cli

LONG = "Indicator,Slug,Period,Value,Unit,Owner,Indicator target,Amber tolerance\n"
NOVEMBER = (
    LONG + "Up-to-date PEPs,pep,Oct 2026,58,%,Ann Testsmith,90,5\n"
    "Up-to-date PEPs,pep,Nov 2026,62,%,Ann Testsmith,90,5\n"
)
DECEMBER = LONG + "Up-to-date PEPs,pep,Dec 2026,64,%,Bo Sample,92,3\n"


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _import(
    database: Database, tmp_path: Path, text: str, name: str = "kpis.csv"
) -> subprocess.CompletedProcess[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = _cli(database, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _card(database: Database, tmp_path: Path) -> str:
    return _cli(database, tmp_path, "say", "/kpi pep").stdout


def test_an_older_file_imported_again_leaves_the_newer_owner_and_target(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, NOVEMBER)
    _import(database, tmp_path, DECEMBER)
    card = _card(database, tmp_path)
    assert "Owner: Bo Sample" in card and "Target: 92%" in card, card
    # November's file again, by mistake: its figures are the stored ones, its owner, target
    # and tolerance are older than December's.
    again = _import(database, tmp_path, NOVEMBER)
    assert (
        "⚠️ pep: the file's figures go up to Nov 2026, older than the newest stored "
        "(Dec 2026), so the owner, amber tolerance and target it gives were left as they are"
        in again.stdout
    ), again.stdout
    assert "a file with figures for Dec 2026 or later changes them." in again.stdout
    assert "indicator changed" not in again.stdout, again.stdout
    card = _card(database, tmp_path)
    assert "Owner: Bo Sample" in card and "Target: 92%" in card, card
    assert "Latest: 64% for Dec 2026" in card, card
    out = tmp_path / "out.csv"
    assert _cli(database, tmp_path, "export", "kpis", str(out)).returncode == 0
    exported = out.read_text(encoding="utf-8")
    assert "Bo Sample" in exported and "Ann Testsmith" not in exported, exported


def test_an_older_files_revised_figure_is_still_read(database: Database, tmp_path: Path) -> None:
    _import(database, tmp_path, NOVEMBER)
    _import(database, tmp_path, DECEMBER)
    revised = _import(database, tmp_path, NOVEMBER.replace("Nov 2026,62", "Nov 2026,63"))
    assert "Revised 1 figure: pep Nov 2026 62% → 63%." in revised.stdout, revised.stdout
    history = _cli(database, tmp_path, "say", "/kpi pep history").stdout
    assert "63%" in history, history


def test_a_file_as_new_as_the_stored_figures_still_changes_them(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, NOVEMBER)
    _import(database, tmp_path, DECEMBER)
    # December's file corrected: the same period as the newest stored value.
    corrected = _import(database, tmp_path, DECEMBER.replace("Bo Sample,92", "Cy Example,95"))
    assert "left as" not in corrected.stdout, corrected.stdout
    assert "owner Bo Sample → Cy Example" in corrected.stdout, corrected.stdout
    card = _card(database, tmp_path)
    assert "Owner: Cy Example" in card and "Target: 95%" in card, card
    # A file of older and newer rows: the newest row's owner is read, without a warning.
    both = _import(
        database,
        tmp_path,
        LONG + "Up-to-date PEPs,pep,Nov 2026,62,%,Ann Testsmith,90,5\n"
        "Up-to-date PEPs,pep,Dec 2026,64,%,Di Placeholder,95,3\n",
    )
    assert "left as" not in both.stdout, both.stdout
    assert "Owner: Di Placeholder" in _card(database, tmp_path)


def test_an_older_file_that_gives_what_the_indicator_has_says_nothing(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, NOVEMBER)
    _import(database, tmp_path, NOVEMBER.replace("Nov 2026,62", "Dec 2026,64"))
    again = _import(database, tmp_path, NOVEMBER)
    assert "left as" not in again.stdout, again.stdout


def test_an_older_wide_file_leaves_the_owner_and_target(database: Database, tmp_path: Path) -> None:
    _import(database, tmp_path, DECEMBER)
    wide = _import(
        database,
        tmp_path,
        "Indicator,Slug,Unit,Owner,Target,Oct 2026,Nov 2026\n"
        "Up-to-date PEPs,pep,%,Ann Testsmith,90,58,62\n",
        "wide.csv",
    )
    assert (
        "⚠️ pep: the file's figures go up to Nov 2026, older than the newest stored "
        "(Dec 2026), so the owner and target it gives were left as they are" in wide.stdout
    ), wide.stdout
    card = _card(database, tmp_path)
    assert "Owner: Bo Sample" in card and "Target: 92%" in card, card
    history = _cli(database, tmp_path, "say", "/kpi pep history").stdout
    assert "Oct 2026" in history and "Nov 2026" in history, history
    # A wide file whose figures reach the newest stored period: its owner is read.
    newer = _import(
        database,
        tmp_path,
        "Indicator,Slug,Unit,Owner,Target,Nov 2026,Dec 2026\n"
        "Up-to-date PEPs,pep,%,Cy Example,95,62,64\n",
        "wide2.csv",
    )
    assert "left as" not in newer.stdout, newer.stdout
    assert "Owner: Cy Example" in _card(database, tmp_path)


def test_a_provisional_figure_typed_in_chat_does_not_hold_back_last_months_file(
    store: Store, tmp_path: Path
) -> None:
    """December's figure typed in chat on 7 December (the month under way) is no newer file:
    November's file, the latest there can be, still gives the indicator its owner."""
    today, now = date(2026, 12, 7), datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    path = tmp_path / "kpis.csv"
    path.write_text(NOVEMBER, encoding="utf-8")
    run_import(store, "local", "kpis", path, today=today)
    chat = make_chat(store, now)
    assert "Recorded 63%" in chat.say("/kpi pep set 63% for Dec 2026")
    path.write_text(NOVEMBER.replace("Ann Testsmith", "Bo Sample"), encoding="utf-8")
    report = run_import(store, "local", "kpis", path, today=today).summary()
    assert "left as" not in report, report
    assert "Owner: Bo Sample" in chat.say("/kpi pep")
