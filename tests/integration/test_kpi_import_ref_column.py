"""A KPI file's own code for each indicator, in a column headed `Ref` (`CIC01`, `PEP01`), is
kept as an alias, so `/kpi CIC01` finds the indicator whose slug its long name made; before,
the column was not read and every lookup needed that long slug. Through the CLI, on both
backends, wide and long files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Database
from tests.helpers import run_cli

WIDE = (
    "Ref,Indicator,Unit,Target,Oct 2026,Nov 2026\n"
    "CIC01,Children in care with 3 or more placements in the year,%,10,9.5,9.8\n"
    "PEP01,School-aged children in care with an up-to-date PEP,%,90,88,91\n"
)
LONG = (
    "Ref,Indicator,Period,Value,Unit\n"
    "CIC01,Children in care with 3 or more placements in the year,Oct 2026,9.5,%\n"
    "CIC01,Children in care with 3 or more placements in the year,Nov 2026,9.8,%\n"
    "PEP01,School-aged children in care with an up-to-date PEP,Nov 2026,91,%\n"
)


@pytest.mark.parametrize("text", [WIDE, LONG], ids=["wide", "long"])
def test_a_ref_column_is_kept_as_an_alias(database: Database, tmp_path: Path, text: str) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(text, encoding="utf-8")
    done = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "`/kpi CIC01` finds it too" in done.stdout, done.stdout
    assert "Columns not imported" not in done.stdout, done.stdout
    card = run_cli(database.url, tmp_path, "say", "/kpi CIC01").stdout
    assert "Latest: 9.8% for Nov 2026" in card, card
    assert "Latest: 91%" in run_cli(database.url, tmp_path, "say", "/kpi pep01").stdout
    # The same file again changes nothing.
    again = run_cli(database.url, tmp_path, "import", "kpis", str(path)).stdout
    assert "Nothing changed." in again, again
