"""`csbot import kpis` names the financial quarter a period written as a quarter of one year
was read as ("2015 Q3", "Q4 2015": quarters are financial, so Q4 2015 is January to March
2015), in either layout; a quarter written with its financial year or its months is not
listed, and `/kpi` shows the quarter read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import Database

LONG = (
    "indicator,name,period,value,unit,polarity\n"
    "pep,PEPs,2015 Q3,85,%,higher\n"
    "pep,PEPs,Q4 2015,86,%,higher\n"
    "pep,PEPs,Q1 2016/17,87,%,higher\n"
    "pep,PEPs,Qtr 2 2016-17,88,%,higher\n"
    "pep,PEPs,Q3 2016 (provisional),89,%,higher\n"
)
WIDE = "Indicator,Name,Unit,Polarity,Q3 2015,Q4 2015/16,Apr-Jun 2016\ncic,CiC,count,lower,1,2,3\n"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 0, argv
    return capsys.readouterr().out


def test_a_quarter_of_one_year_is_named_with_the_financial_quarter_read(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "long.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "wide.csv").write_text(WIDE, encoding="utf-8")
    report = _run(["import", "kpis", str(tmp_path / "long.csv")], capsys)
    assert (
        "Quarters are financial (April to March years), so these periods were read as: "
        "“2015 Q3” → Q3 2015/16 (Oct–Dec 2015); “Q4 2015” → Q4 2014/15 (Jan–Mar 2015); "
        "“Q3 2016 (provisional)” → Q3 2016/17 (Oct–Dec 2016)."
    ) in report, report
    assert "2016/17”" not in report and "2016-17”" not in report
    report = _run(["import", "kpis", str(tmp_path / "wide.csv")], capsys)
    assert "so this period was read as: “Q3 2015” → Q3 2015/16 (Oct–Dec 2015)." in report
    assert "Apr-Jun" not in report
    card = _run(["say", "/kpi cic"], capsys)
    assert "for Q1 2016/17" in card, card
