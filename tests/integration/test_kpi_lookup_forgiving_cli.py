"""``csbot say "/kpi PEP completion"`` and ``"/kpi children in care"`` find an indicator known
by the alias "PEP" and one named "Looked after children …": trailing KPI words are dropped and
the names of looked-after children are one, when that names one indicator; ``history`` and
``set`` after such a name still work."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.helpers import run_cli

KPIS = """slug,name,aliases,period,value,target,unit,polarity
pep-timeliness,Reviews of education plans held within 20 school days,PEP,May 2015,37,90,%,higher
care-population,Looked after children per 10000 under 18s,,May 2015,74,70,rate per 10000,lower
"""


def test_a_name_with_extra_words_is_found_end_to_end(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(KPIS, encoding="utf-8")
    imported = run_cli(database.url, tmp_path, "import", "kpis", str(path))
    assert imported.returncode == 0, imported.stderr + imported.stdout

    def say(text: str) -> str:
        done = run_cli(database.url, tmp_path, "say", text)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    assert "(pep-timeliness)" in say("/kpi PEP completion").splitlines()[0]
    assert "(care-population)" in say("/kpi children in care").splitlines()[0]
    recorded = say("/kpi PEP completion set 45% for Jun 2015")
    assert "✔ Recorded" in recorded and "pep-timeliness" in recorded, recorded
    history = say("/kpi PEP completion history")
    assert "pep-timeliness" in history and "Jun 2015" in history and "45%" in history
    assert "(care-population) — history" in say("/kpi children in care history")
