"""`csbot import kpis` names the people its owner cells add, and warns of a name close to
somebody known already, as plan, meetings and minutes imports do: `Fiona Smyth` in next
month's scorecard, where Fiona Smith owns the indicator, is a second person who would own it
and be reminded of nothing she owns."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

HEADER = "Indicator,Period,Value,Target,Unit,Owner\n"


def test_a_kpi_import_names_the_people_it_adds_and_close_spellings(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        HEADER + "PEPs in date,Sep 2026,91,95,%,Fiona Smith\nReferrals,Sep 2026,412,,count,HOS\n",
        encoding="utf-8",
    )
    first = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert first.returncode == 0, first.stderr
    assert "Added 1 new person: Fiona Smith." in first.stdout, first.stdout

    path.write_text(
        HEADER + "PEPs in date,Oct 2026,93,95,%,Fiona Smyth\nReferrals,Oct 2026,430,,count,HOS\n",
        encoding="utf-8",
    )
    again = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert again.returncode == 0, again.stderr
    assert "Added 1 new person: Fiona Smyth." in again.stdout, again.stdout
    assert "⚠️ Fiona Smyth is close to Fiona Smith, known already" in again.stdout
    assert "`merge Fiona Smyth into Fiona Smith`" in again.stdout

    unchanged = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert unchanged.returncode == 0, unchanged.stderr
    assert "new person" not in unchanged.stdout, unchanged.stdout
