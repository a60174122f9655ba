"""Import files csbot may not read, folders given as files, and cells past the csv module's
own field limit: each refused in one plain line naming the file (and the row and column)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from commands.importers import ImportFailed, run_import
from storage.models import Action
from storage.unit_of_work import Store
from tests.conftest import Database


def _refuse_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Reading ``path`` fails as a file without read permission does (tests may run as root)."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize(
    ("kind", "name", "body"),
    [
        ("actions", "noperm.csv", "Ref,Action\n1.1,Visit every child\n"),
        ("kpis", "noperm.tsv", "indicator\tperiod\tvalue\npep\tNov 2015\t80\n"),
        ("meetings", "noperm.csv", "committee,date,item\nCPAC,2027-03-01,Performance\n"),
        ("actions", "noperm.xlsx", "not really a workbook"),
        ("minutes", "noperm.txt", "Minutes of CPAC\n"),
    ],
)
def test_a_file_csbot_may_not_read_is_one_plain_line(
    store: Store,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    name: str,
    body: str,
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    _refuse_reading(monkeypatch, path)
    with pytest.raises(
        ImportFailed, match=r"csbot may not read .*noperm\.\w+ \(permission denied\)"
    ):
        run_import(store, "local", kind, path, meeting="CPAC 2027-03-01")
    monkeypatch.setenv("DATABASE_URL", database.url)
    args = ["--workspace", "local", "import", kind, str(path)]
    code = main([*args, "--meeting", "CPAC 2027-03-01"] if kind == "minutes" else args)
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"Import refused: csbot may not read {path} (permission denied).\nNothing was imported.\n"
    )


@pytest.mark.parametrize("kind", ["actions", "kpis", "meetings", "minutes"])
def test_a_folder_is_named_as_a_folder(store: Store, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "plans.csv"
    folder.mkdir()
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", kind, folder, meeting="CPAC")
    assert str(err.value) == f"{folder} is a folder, not a file: give the file to import."


@pytest.mark.parametrize("kind", ["actions", "minutes"])
def test_a_file_in_a_folder_csbot_may_not_enter_is_one_plain_line(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    inside = tmp_path / "locked" / "plan.csv"

    def is_dir(self: Path) -> bool:  # as Path.is_dir does below a folder without x permission
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_dir", is_dir)
    with pytest.raises(ImportFailed, match=r"csbot may not read .*plan\.csv \(permission denied\)"):
        run_import(store, "local", kind, inside, meeting="CPAC")


def test_a_missing_file_is_still_named_missing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="There is no file at"):
        run_import(store, "local", "actions", tmp_path / "nowhere.csv")


def test_a_cell_past_the_csv_field_limit_is_named_by_row_and_column(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    huge = "word " * 30_000  # 150,000 characters: past csv's default 131,072 limit
    path.write_text(f'Ref,Action,Progress\n1.1,Visit,ok\n1.2,Call,"{huge}"\n', encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "actions", path)
    assert "row 3, column “Progress”: the cell is over 20,000 characters" in str(err.value)
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Action)) == 0


def test_a_long_kpi_note_past_the_csv_field_limit_is_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text(
        f'indicator,period,value,note\npep,Nov 2015,80,"{"n" * 140_000}"\n', encoding="utf-8"
    )
    with pytest.raises(ImportFailed, match=r"row 2, column “note”: this note is longer than"):
        run_import(store, "local", "kpis", path)
