"""``csbot say "/kpi PEP completion"`` and ``"/kpi children in care"`` find an indicator known
by the alias "PEP" and one named "Looked after children …": trailing KPI words are dropped and
the names of looked-after children are one, when that names one indicator; ``history`` and
``set`` after such a name still work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from commands.importers import run_import
from storage.unit_of_work import Store
from tests.conftest import Database
from tests.helpers import make_chat, run_cli

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


def test_a_short_name_starting_with_kpi_is_found(store: Store, tmp_path: Path) -> None:
    # "kpi" before a name is dropped ("/kpi kpi pep"), but not from a short name that starts so.
    add_monthly = "indicator,slug,name,period,value\nKPI A,kpi-a,First measure,May 2015,40\n"
    path = tmp_path / "kpis.csv"
    path.write_text(add_monthly, encoding="utf-8")
    run_import(store, "local", "kpis", path, today=date(2015, 7, 1))
    chat = make_chat(store, datetime(2015, 7, 1, 9, tzinfo=UTC))
    assert "First measure (kpi-a)" in chat.say("/kpi kpi-a")
    assert "✔ Recorded" in chat.say("/kpi kpi-a set 45 for Jun 2015")
    history = chat.say("/kpi kpi-a history")
    assert "Jun 2015" in history and "45" in history, history
