"""A KPI file that gives a new indicator no polarity: "higher is better" is assumed, and the
report says so, naming the indicators, so that a count where lower is better ("Children in
care") is not shown as worsening when it falls without anybody being told why. An indicator
given a polarity, or one that exists already, is not named."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

NO_POLARITY = """indicator,slug,period,value,target,unit
Children in care,cic-count,Oct 2026,450,430,count
PEPs,pep,Oct 2026,62,90,%
"""
SOME_POLARITY = """indicator,slug,period,value,target,unit,polarity
Children in care,cic-count,Nov 2026,440,430,count,Lower is better
PEPs,pep,Nov 2026,64,90,%,
Care leavers in touch,leavers,Nov 2026,88,95,%,
Placement moves,moves,Nov 2026,9,8,count,lower
"""


def _import(database: Database, tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_new_indicator_given_no_polarity_is_named_in_the_report(
    database: Database, tmp_path: Path
) -> None:
    first = _import(database, tmp_path, "october.csv", NO_POLARITY)
    assert "The file gives no polarity for cic-count, pep, so higher was taken to be better" in (
        first
    ), first
    second = _import(database, tmp_path, "november.csv", SOME_POLARITY)
    # Only the new indicator with a blank polarity: pep exists, the others were given one.
    assert "The file gives no polarity for leavers, so higher" in second, second
    assert "cic-count: polarity higher is better → lower is better" in second, second
    card = run_cli(database.url, tmp_path, "say", "/kpi cic-count").stdout
    assert "lower is better" in card.lower(), card
