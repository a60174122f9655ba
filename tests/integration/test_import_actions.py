"""Action plan and meetings imports in the seed layouts, through run_import and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import Action, AuditEvent, Section, Update
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, Database

PLANS = FIXTURES / "plans"
TODAY = date(2015, 12, 2)


def counts(store: Store) -> tuple[int, int, int]:
    with store.session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(Action)) or 0,
            s.scalar(select(func.count()).select_from(Update)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


@dataclass(frozen=True)
class Snapshot:
    """An action's imported fields, read in one unit of work."""

    status: str
    due_date: date | None
    due_text: str
    extra: dict[str, str]
    owners: list[str]


def actions(store: Store) -> dict[str, Snapshot]:
    with store.unit_of_work("local") as uow:
        return {
            f"{a.plan.slug}:{a.ref}": Snapshot(
                a.status,
                a.due_date,
                a.due_text,
                dict(a.extra),
                [o.person.name if o.person else o.role.key for o in a.owners],  # type: ignore[union-attr]
            )
            for a in uow.session.scalars(select(Action)).all()
        }


def owners(action: Snapshot) -> list[str]:
    return action.owners


def test_leeds_layout_sections_owners_dates(store: Store) -> None:
    report = run_import(
        store, "local", "actions", PLANS / "leeds_improvement.tsv", plan="Leeds", today=TODAY
    )
    assert report.created == 7
    got = actions(store)
    assert owners(got["leeds:1.1"]) == ["CX"]  # Cyrillic "СХ" in the file
    assert owners(got["leeds:2.1"]) == ["Ken Morton", "Catherine Marchant"]
    assert owners(got["leeds:2.5"]) == ["HOS", "SM"]
    assert got["leeds:1.1"].due_date == date(2010, 8, 31)
    assert got["leeds:1.1"].due_text.startswith("Jan 2010")
    assert got["leeds:10"].due_date is None and got["leeds:10"].due_text == "TBC"
    # A progress note is not a status: "A workforce strategy..." must not read as amber.
    assert got["leeds:2.1"].status == "not_started"
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Section)) == 2


def test_other_layouts(store: Store) -> None:
    run_import(store, "local", "actions", PLANS / "care_matters.csv", today=TODAY)
    run_import(store, "local", "actions", PLANS / "topic_review.csv", today=TODAY)
    run_import(store, "local", "actions", PLANS / "haringey_strategy.tsv", today=TODAY)
    got = actions(store)
    assert got["care-matters:2.3"].extra == {
        "WITHIN ONE YEAR": "Put a gateway approach in place",
        "FUTURE": "KASS team established",
    }
    assert got["topic-review:1"].status == "achieved"
    assert got["topic-review:4"].status == "monitoring"
    assert got["topic-review:15"].status == "not_accepted"
    assert got["topic-review:1"].extra == {"Action": "Recording is monitored quarterly"}
    # LEAD OFFICER rows give the section's lead to actions with an empty Responsibility cell.
    assert owners(got["haringey-strategy:1.2"]) == ["Neelam Bhardwaja"]
    assert owners(got["haringey-strategy:2.1"]) == ["Lyn Carrington"]
    assert owners(got["haringey-strategy:2.2"]) == ["Dominic Porter-Moore"]


def test_reimport_changes_nothing_and_changed_file_updates(store: Store, tmp_path: Path) -> None:
    run_import(
        store, "local", "actions", PLANS / "leeds_improvement.tsv", plan="Leeds", today=TODAY
    )
    before = counts(store)
    report = run_import(
        store, "local", "actions", PLANS / "leeds_improvement.tsv", plan="Leeds", today=TODAY
    )
    assert not report.changed_anything
    assert counts(store) == before
    changed = tmp_path / "leeds.tsv"
    changed.write_text(
        (PLANS / "leeds_improvement.tsv").read_text().replace("Aug 2010", "Sept 2010"),
        encoding="utf-8",
    )
    report = run_import(store, "local", "actions", changed, plan="Leeds", today=TODAY)
    assert report.updated == 1
    assert actions(store)["leeds:1.3"].due_date == date(2010, 9, 30)


def test_xlsx(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Ref", "Action", "Lead", "Deadline", "RAG"])
    ws.append(["3.1", "Audit pathway plans", "Annie Walker", "31/03/2016", "Amber"])
    ws.append([4.2, "Review PEP quality", "VSH", "end of June 2016", "Green"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    run_import(store, "local", "actions", path, plan="Workbook", today=TODAY)
    got = actions(store)
    assert got["workbook:3.1"].status == "at_risk"
    assert got["workbook:3.1"].due_date == date(2016, 3, 31)
    assert got["workbook:4.2"].status == "on_track"
    assert owners(got["workbook:4.2"]) == ["VSH"]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("", "empty.csv", "empty"),
        ("just,some,words\nand,more,words\n", "nohead.csv", "no header row"),
        ("Ref,Action,Lead\n1.1,First,AD\n1.1,Again,AD\n", "dup.csv", "row 3"),
        ("Ref,Action,Lead\n1.1,,AD\n", "notitle.csv", "has no title"),
        ("Ref,Action,Status\n1.1,Thing,Purple\n", "status.csv", "not a status"),
        ("Ref,Action\n1.1,Thing\n", "plan.pdf", "not .pdf"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, content: str, name: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = counts(store)
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "actions", path, today=TODAY)
    assert expected in str(err.value)
    assert counts(store) == before


def test_bad_row_late_in_file_leaves_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_text("Ref,Action,Lead\n1.1,Fine,AD\n1.2,Also fine,HOS\n1.2,Duplicate,SM\n")
    with pytest.raises(ImportFailed, match="row 4"):
        run_import(store, "local", "actions", path, today=TODAY)
    assert counts(store)[0] == 0


def test_binary_and_missing_files(store: Store, tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(ImportFailed, match="binary"):
        run_import(store, "local", "actions", binary)
    with pytest.raises(ImportFailed, match="no file"):
        run_import(store, "local", "actions", tmp_path / "missing.csv")


def test_meetings_import_is_idempotent(store: Store) -> None:
    path = FIXTURES / "meetings" / "cpac_planning.csv"
    report = run_import(store, "local", "meetings", path)
    assert report.created == 7
    before = counts(store)
    again = run_import(store, "local", "meetings", path)
    assert not again.changed_anything and counts(store) == before


def test_meetings_bad_date_names_row_and_column(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "committee,date,item,lead\nCPAC,2016-01-05,Performance,Jon Abbey\n"
        "CPAC,the fifth,Adoption,Jon Abbey\n"
    )
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "meetings", path)
    assert "row 3" in str(err.value) and "date" in str(err.value)


def _cli(database: Database, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database.url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
    )


def test_cli_import(store: Store, database: Database, tmp_path: Path) -> None:
    ok = _cli(database, "import", "actions", str(PLANS / "topic_review.csv"), "--plan", "Derby")
    assert ok.returncode == 0, ok.stderr
    assert "4 new" in ok.stdout
    again = _cli(database, "import", "actions", str(PLANS / "topic_review.csv"), "--plan", "Derby")
    assert "Nothing changed" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("Ref,Action\n1.1,\n")
    refused = _cli(database, "import", "actions", str(bad))
    assert refused.returncode == 1
    assert "row 2" in refused.stderr and "Nothing was imported" in refused.stderr
    assert "Traceback" not in refused.stderr
