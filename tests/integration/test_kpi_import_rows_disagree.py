"""A long KPI file whose rows give an indicator different owners, names, tolerances or
frequencies: the latest period's row that gives each is read, whatever the rows' order (a
scorecard lists its newest month first as often as last), and the report names the
disagreement. Through the CLI, on both backends."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import Database
from tests.helpers import run_cli

HEADER = "Indicator,Period,Value,Unit,Owner,Amber tolerance,Frequency\n"
ROWS = {
    "Nov 2026": "Up-to-date PEPs,Nov 2026,63%,%,,,\n",
    "Oct 2026": "Up-to-date PEPs,Oct 2026,62%,%,Ann Testsmith,5,Monthly\n",
    "Sep 2026": "Up-to-date PEPs,Sep 2026,60%,%,Bob Sample,3,Quarterly\n",
}


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


@pytest.mark.parametrize("order", ["newest first", "oldest first"])
def test_the_latest_period_s_row_gives_the_indicator_its_fields(
    database: Database, tmp_path: Path, order: str
) -> None:
    rows = list(ROWS.values()) if order == "newest first" else list(reversed(ROWS.values()))
    path = tmp_path / "kpis.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    done = _cli(database, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stderr
    card = _cli(database, tmp_path, "say", "/kpi pep").stdout
    # Nov 2026 gives no owner: Oct 2026's is the latest given.
    assert "Owner: Ann Testsmith" in card, card
    assert "Latest: 63% for Nov 2026" in card, card
    assert "⚠️ The rows give up-to-date-peps more than one owner:" in done.stdout, done.stdout
    assert "“Ann Testsmith”, of the latest period giving one, was read." in done.stdout
    assert "more than one amber tolerance" in done.stdout
    assert "more than one frequency" in done.stdout
    exported = _cli(database, tmp_path, "export", "kpis", "-").stdout
    values = [line for line in exported.splitlines() if line.startswith("Up-to-date PEPs,")]
    assert len(values) == 3, exported
    assert all(line.endswith(",Ann Testsmith,,Monthly,5") for line in values), exported
    again = _cli(database, tmp_path, "import", "kpis", str(path))
    assert "Nothing changed" in again.stdout, again.stdout
    assert "Owner: Ann Testsmith" in _cli(database, tmp_path, "say", "/kpi pep").stdout


def test_rows_that_agree_say_nothing_of_it(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        HEADER
        + "Up-to-date PEPs,Oct 2026,62%,%,Ann Testsmith,5,Monthly\n"
        + "Up-to-date PEPs,Sep 2026,60%,%,Ann  Testsmith,5.0,monthly\n"
        + "Up-to-date PEPs,Aug 2026,59%,%,ann testsmith,5%,Month\n",
        encoding="utf-8",
    )
    done = _cli(database, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 0, done.stderr
    assert "more than one" not in done.stdout, done.stdout


@pytest.mark.parametrize("order", ["newest first", "oldest first"])
def test_a_hand_over_survives_the_file_imported_again_in_either_order(
    database: Database, tmp_path: Path, order: str
) -> None:
    rows = [
        "Up to date PEPs,pep2,Oct 2026,65,%,Ann Testsmith\n",
        "Up to date PEPs,pep2,Sep 2026,60,%,Old Testperson\n",
    ]
    if order == "oldest first":
        rows.reverse()
    path = tmp_path / "kpis.csv"
    path.write_text("Indicator,Slug,Period,Value,Unit,Owner\n" + "".join(rows), encoding="utf-8")
    assert _cli(database, tmp_path, "import", "kpis", str(path)).returncode == 0
    handed = _cli(database, tmp_path, "say", "/actions handover Ann Testsmith to new Bob Testman")
    assert "1 indicator (pep2)" in handed.stdout, handed.stdout
    again = _cli(database, tmp_path, "import", "kpis", str(path))
    assert "Nothing changed" in again.stdout, again.stdout
    assert "Owner: Bob Testman" in _cli(database, tmp_path, "say", "/kpi pep2").stdout
    # The older row's owner, never the indicator's, is nobody csbot knows.
    people = _cli(database, tmp_path, "say", "people").stdout
    assert "Old Testperson" not in people, people
