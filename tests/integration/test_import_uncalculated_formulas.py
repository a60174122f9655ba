"""Workbooks whose formula cells' saved results are not the formulas' are refused, naming
the cell: saved without results (as a program that writes workbooks without working them out
leaves them), each would read as blank; saved with 0 by a program that asks for the workbook
to be worked out when opened, each would read as 0. A figure or a status would be lost, or
wrong, without a word. A workbook saved by Excel, with every result, is read as before, a
formula's empty text included; a sheet passed over for want of its header's results is named
rather than another sheet read."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.conftest import Database
from tests.helpers import run_cli


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def _kpi_workbook(path: Path, *, cover: bool = False) -> Path:
    """A KPI workbook whose Oct 2026 value is the formula =E2/F2*100, as openpyxl saves it:
    with no result. ``cover`` puts a sheet of workings with a formula of its own first."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if cover:
        sheet.title = "Cover"
        sheet.append(["Scorecard for the committee", "=1+1"])
        sheet = book.create_sheet("KPIs")
    sheet.append(["Indicator", "Period", "Value", "Unit", "Numerator", "Denominator"])
    sheet.append(["Up-to-date PEPs", "Oct 2026", "=E2/F2*100", "%", 62, 100])
    sheet.append(["Up-to-date PEPs", "Sep 2026", 60, "%", 60, 100])
    book.save(path)
    return path


def _with_sheet_xml(path: Path, *changes: tuple[bytes, bytes], excel: bool = True) -> Path:
    """The workbook with cells' XML rewritten; ``excel``: as Excel saves it, which works
    every formula out and no longer asks for that when the file is opened."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.namelist():
            data = src.read(member)
            if member.startswith("xl/worksheets/"):
                for old, new in changes:
                    data = data.replace(old, new)
            if member == "xl/workbook.xml" and excel:
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            dst.writestr(member, data)
    saved = path.with_name(f"saved-{path.name}")
    saved.write_bytes(out.getvalue())
    return saved


SAVED_C2 = (b"<f>E2/F2*100</f><v /></c>", b"<f>E2/F2*100</f><v>62</v></c>")


def test_a_kpi_formula_saved_without_its_result_is_refused(
    database: Database, tmp_path: Path
) -> None:
    done = _cli(database, tmp_path, "import", "kpis", str(_kpi_workbook(tmp_path / "k.xlsx")))
    assert done.returncode == 1
    assert "cell C2 holds a formula (=E2/F2*100) saved without its result" in done.stderr
    assert "open the file in Excel or LibreOffice, save it, and import it again" in done.stderr
    assert "Nothing was imported" in done.stderr
    card = _cli(database, tmp_path, "say", "/kpi list").stdout
    assert "No indicators yet" in card, card


def test_the_same_workbook_saved_with_its_results_is_read(
    database: Database, tmp_path: Path
) -> None:
    unsaved = _kpi_workbook(tmp_path / "k.xlsx")
    saved = _with_sheet_xml(unsaved, SAVED_C2)
    done = _cli(database, tmp_path, "import", "kpis", str(saved))
    assert done.returncode == 0, done.stderr
    assert "2 new" in done.stdout, done.stdout
    assert "Latest: 62% for Oct 2026" in _cli(database, tmp_path, "say", "/kpi pep").stdout


def test_a_formula_whose_result_is_empty_text_is_a_blank_cell(
    database: Database, tmp_path: Path
) -> None:
    """Excel saves =IF(E2="","",E2) giving "" as a text result with an empty value."""
    unsaved = _kpi_workbook(tmp_path / "k.xlsx")
    saved = _with_sheet_xml(
        unsaved,
        (
            b'<c r="C2"><f>E2/F2*100</f><v /></c>',
            b'<c r="C2" t="str"><f>IF(E2="","",E2)</f><v></v></c>',
        ),
    )
    done = _cli(database, tmp_path, "import", "kpis", str(saved))
    assert done.returncode == 0, done.stderr
    assert "row 2, Up-to-date PEPs Oct 2026 (blank)" in done.stdout, done.stdout


def test_a_cover_sheet_s_formulas_count_only_until_the_file_is_saved(
    database: Database, tmp_path: Path
) -> None:
    book = _kpi_workbook(tmp_path / "k.xlsx", cover=True)
    done = _cli(database, tmp_path, "import", "kpis", str(book))
    assert done.returncode == 1
    assert "sheet “KPIs”, cell C2 holds a formula (=E2/F2*100)" in done.stderr, done.stderr
    saved = _with_sheet_xml(book, SAVED_C2, (b"<f>1+1</f><v /></c>", b"<f>1+1</f><v>2</v></c>"))
    again = _cli(database, tmp_path, "import", "kpis", str(saved))
    assert again.returncode == 0, again.stderr
    assert "Read sheet “KPIs”" in again.stdout, again.stdout


def test_a_sheet_passed_over_for_want_of_its_header_s_results_is_named(
    database: Database, tmp_path: Path
) -> None:
    """A scorecard whose month headings are formulas, saved without results, has no header
    csbot can read: last year's sheet after it must not be imported in its place."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scorecard"
    sheet.append(["Indicator", "Unit", '=TEXT(DATE(2026,9,1),"mmm yyyy")'])
    sheet.append(["Up-to-date PEPs", "%", 60])
    last_year = book.create_sheet("Last year")
    last_year.append(["Indicator", "Unit", "Sep 2025"])
    last_year.append(["Up-to-date PEPs", "%", 55])
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    done = _cli(database, tmp_path, "import", "kpis", str(path))
    assert done.returncode == 1, done.stdout
    assert "sheet “Scorecard”, cell C1 holds a formula" in done.stderr, done.stderr
    assert "No indicators yet" in _cli(database, tmp_path, "say", "/kpi list").stdout


def test_formula_results_saved_as_0_for_working_out_on_opening_are_refused(
    database: Database, tmp_path: Path
) -> None:
    """As XlsxWriter saves formulas: a result of 0, and the workbook asks to be worked out
    when opened. Read, the 0 would be the indicator's figure."""
    unsaved = _kpi_workbook(tmp_path / "k.xlsx")
    zeroed = _with_sheet_xml(
        unsaved, (b"<f>E2/F2*100</f><v /></c>", b"<f>E2/F2*100</f><v>0</v></c>"), excel=False
    )
    done = _cli(database, tmp_path, "import", "kpis", str(zeroed))
    assert done.returncode == 1
    assert (
        "cell C2 holds a formula (=E2/F2*100) saved with the result 0 by a program that "
        "leaves formulas to be worked out when the file is opened"
    ) in done.stderr, done.stderr


def test_a_plan_s_status_formula_saved_without_its_result_is_refused(
    database: Database, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Action", "Lead", "Timescale", "Status"])
    sheet.append(["1.1", "Recruit foster carers", "Ann Testsmith", "March 2027", "On track"])
    sheet.append(["1.2", "Review PEPs", "Ann Testsmith", "March 2027", '=IF(D3="","",E2)'])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    done = _cli(database, tmp_path, "import", "actions", str(path), "--plan", "Test plan")
    assert done.returncode == 1
    assert 'cell E3 holds a formula (=IF(D3="","",E2))' in done.stderr, done.stderr
    assert "Nothing was imported" in done.stderr


def test_a_request_to_work_formulas_out_is_read_however_it_is_quoted(
    database: Database, tmp_path: Path
) -> None:
    unsaved = _kpi_workbook(tmp_path / "k.xlsx")
    zeroed = _with_sheet_xml(
        unsaved, (b"<f>E2/F2*100</f><v /></c>", b"<f>E2/F2*100</f><v>0</v></c>"), excel=False
    )
    quoted = tmp_path / "quoted.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(zeroed) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.namelist():
            data = src.read(member)
            if member == "xl/workbook.xml":
                data = data.replace(b'fullCalcOnLoad="1"', b"fullCalcOnLoad = '1'")
            dst.writestr(member, data)
    quoted.write_bytes(out.getvalue())
    done = _cli(database, tmp_path, "import", "kpis", str(quoted))
    assert done.returncode == 1
    assert "cell C2 holds a formula (=E2/F2*100) saved with the result 0" in done.stderr
