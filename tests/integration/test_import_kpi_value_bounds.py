"""``csbot import kpis`` refuses a figure the indicator cannot have, by /kpi set's rule
(commands.kpi_logic.value_problem): a count's value is a whole number, a percentage lies
within 0-100, nothing is beyond ±1,000,000,000, and numerators and denominators count
children. A target or comparator of a count may be a fraction (an average)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from storage.unit_of_work import Store
from tests.conftest import Database

Run = Callable[[str], tuple[int, str, str]]
HEADER = "Indicator,Slug,Period,Value,Unit,Target,England,Numerator,Denominator\n"


@pytest.fixture
def imported(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Run:
    """Run ``csbot import kpis`` on a file of these rows: (exit code, stdout, stderr)."""
    store.ensure_workspace("local")
    monkeypatch.setenv("DATABASE_URL", database.url)

    def run(rows: str) -> tuple[int, str, str]:
        path = tmp_path / "kpis.csv"
        path.write_text(HEADER + rows, encoding="utf-8")
        code = main(["import", "kpis", str(path)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.mark.parametrize(
    ("row", "refusal"),
    [
        (
            "Children in care,cic,Oct 2015,962.5,count,,,,",
            "row 2, column “Value”: 962.5 is not a whole number, but a count is (cic)",
        ),
        (
            "Children in care,cic,Oct 2015,1000000000000000,count,,,,",
            "row 2, column “Value”: 1,000,000,000,000,000 is beyond ±1,000,000,000, the "
            "largest figure csbot keeps (cic)",
        ),
        (
            "PEP,pep,Oct 2015,100.5,%,,,,",
            "row 2, column “Value”: 100.5 is not a percentage between 0 and 100 (pep)",
        ),
        (
            "PEP,pep,Oct 2015,71,%,90,,71.5,100",
            "row 2, column “Numerator”: 71.5 is not a whole number, but a count is "
            "(it counts children)",
        ),
        ("Children in care,cic,Oct 2015,inf,count,,,,", "“inf” is not a number"),
        ("Children in care,cic,Oct 2015,nan,count,,,,", "“nan” is not a number"),
        (
            # As a spreadsheet saves a figure too wide for its column: a number, digits lost.
            "Children in care,cic,Oct 2015,1.23E+05,count,,,,",
            "row 2, column “Value”: “1.23E+05” is a figure in exponent form, as a spreadsheet "
            "shows one too wide for its column",
        ),
    ],
)
def test_an_impossible_figure_is_refused_naming_it(
    store: Store,
    imported: Run,
    row: str,
    refusal: str,
) -> None:
    code, out, err = imported(row + "\n")
    assert code == 1 and out == ""
    assert refusal in err and "Nothing was imported." in err
    with store.unit_of_work("local") as uow:
        assert list(uow.repos.indicators.all(with_owners=False)) == []


def test_a_count_takes_a_fractional_target_and_comparator(store: Store, imported: Run) -> None:
    code, out, err = imported("Children in care,cic,Oct 2015,450,count,440.5,433.7,,\n")
    assert code == 0, err
    assert "1 new" in out
