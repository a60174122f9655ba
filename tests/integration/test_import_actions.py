"""Action plan imports in the layouts of the seed papers, through run_import and the CLI."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from commands.importers import ImportFailed, run_import
from storage.models import (
    Action,
    ActionOwner,
    AuditEvent,
    Person,
    Plan,
    Role,
    Section,
    Update,
)
from storage.unit_of_work import Store
from tests.conftest import FIXTURES, FROZEN_NOW, Database
from tests.helpers import make_chat, run_cli

PLANS = FIXTURES / "plans"
TODAY = date(2015, 12, 2)
LEEDS = PLANS / "leeds_improvement.tsv"
TABLES = (Plan, Section, Action, ActionOwner, Update, Person, Role, AuditEvent)


def counts(store: Store) -> dict[str, int]:
    """Rows in every table an import writes, audit events included."""
    with store.session_factory() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


@dataclass(frozen=True)
class Snapshot:
    """An action's imported fields, read in one unit of work."""

    title: str
    section: str | None
    status: str
    due_date: date | None
    due_text: str
    extra: dict[str, str]
    owners: list[str]  # people by name, roles as "role:KEY"
    updates: list[str]


def actions(store: Store, plan: str | None = None) -> dict[str, Snapshot]:
    with store.unit_of_work("local") as uow:
        sections = {s.id: s.ref for s in uow.session.scalars(select(Section))}
        out = {}
        for a in uow.session.scalars(select(Action).order_by(Action.id)):
            if plan is not None and a.plan.slug != plan:
                continue
            updates = uow.session.scalars(
                select(Update.text).where(Update.action_id == a.id).order_by(Update.id)
            ).all()
            out[a.ref if plan else f"{a.plan.slug}:{a.ref}"] = Snapshot(
                a.title,
                sections.get(a.section_id) if a.section_id else None,
                a.status,
                a.due_date,
                a.due_text,
                dict(a.extra),
                [
                    o.person.name if o.person else f"role:{o.role.key}"  # type: ignore[union-attr]
                    for o in a.owners
                ],
                list(updates),
            )
        return out


def sections(store: Store) -> dict[str, tuple[str, str]]:
    with store.unit_of_work("local") as uow:
        rows = uow.session.scalars(select(Section).order_by(Section.position)).all()
        return {s.ref: (s.title, s.lead_text) for s in rows}


def test_leeds_layout(store: Store) -> None:
    report = run_import(store, "local", "actions", LEEDS, plan="Leeds", today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (9, 0, 0)
    assert report.target == "Leeds"
    got = actions(store, "leeds")
    assert list(got) == ["1.1", "1.2", "1.3", "10", "2.1", "2.3", "2.5", "3.1", "3.2"]
    assert sections(store) == {
        "1": ("Effective leadership and governance of integrated children's services", ""),
        "2": ("A skilled, supported and motivated workforce", ""),
        "3": ("Excellent safeguarding standards and practice", ""),  # split over three cells
    }
    assert got["2.1"].section == "2" and got["3.2"].section == "3"
    # Owners: roles (the Cyrillic "СХ" from OCR is the Chief Executive) and people.
    assert got["1.1"].owners == ["role:CX"]
    assert got["1.2"].owners == ["role:CX", "role:ACE", "role:DCS"]
    assert got["2.1"].owners == ["Ken Morton", "Catherine Marchant"]
    assert got["2.5"].owners == ["role:HOS", "role:SM"]
    # Due dates: the latest milestone, the raw text always kept.
    assert got["1.1"].due_text == "Jan 2010 – Interim Summer 2010 - Permanent"
    assert got["1.1"].due_date == date(2010, 8, 31)
    assert (got["1.3"].due_date, got["2.1"].due_date) == (date(2010, 8, 31), date(2010, 6, 30))
    assert (got["10"].due_text, got["10"].due_date) == ("TBC", None)
    assert (got["2.5"].due_text, got["2.5"].due_date) == ("On going", None)
    # Statuses from the progress cell only when it opens with a status word.
    assert got["3.1"].status == "achieved"  # "Complete. The revised handbook..."
    assert got["3.2"].status == "off_track"  # "Delayed - the review..."
    assert got["2.1"].status == "not_started"  # "A workforce strategy is being drafted."
    assert got["2.1"].updates == ["A workforce strategy is being drafted."]
    assert got["1.3"].updates == []
    with store.unit_of_work("local") as uow:
        plan = uow.repos.plans.by_slug("leeds")
        assert plan is not None
        assert plan.columns == ["Ref.", "Priority", "Lead", "Timescale", "Progress to date"]
        update = uow.session.scalars(select(Update)).first()
        assert update is not None and (update.source, update.author_name) == ("import", "import")


def test_care_matters_layout(store: Store) -> None:
    report = run_import(store, "local", "actions", PLANS / "care_matters.csv", today=TODAY)
    assert report.target == "Care Matters"  # from the file name
    got = actions(store, "care-matters")
    assert list(got) == ["1.1", "1.2", "2.1", "2.3"]  # "October 2007" is a page note
    assert sections(store) == {
        "1": ("CORPORATE PARENTING: GETTING IT RIGHT", ""),
        "2": ("FAMILY AND PARENTING SUPPORT", ""),
    }
    assert got["1.2"].title == "Publish a pledge to children in care"  # "TIME FOR CHANGE"
    assert got["2.3"].extra == {
        "WITHIN ONE YEAR": "Put a gateway approach in place",
        "FUTURE": "KASS team established",
    }
    assert got["2.1"].status == "achieved" and got["1.1"].status == "not_started"
    assert got["1.1"].owners == [] and got["1.1"].due_date is None
    assert got["1.1"].updates == ["An advisory panel has met for some time but falls short of this"]


def test_topic_review_layout(store: Store) -> None:
    run_import(store, "local", "actions", PLANS / "topic_review.csv", plan="Derby", today=TODAY)
    got = actions(store, "derby")
    assert list(got) == ["1", "2", "4", "10", "15"]  # "1." and "1 0." normalised
    assert got["1"].title.startswith("Managers and staff should record")  # Recommendation
    assert got["1"].extra == {"Action": "Recording is checked quarterly by Service Managers."}
    assert got["1"].status == "achieved"
    assert got["4"].status == "monitoring"
    assert got["15"].status == "not_accepted" and got["15"].extra == {}
    assert got["2"].status == "not_started"
    assert got["1"].owners == ["role:SM"] and got["1"].due_date == date(2007, 1, 31)
    assert got["2"].owners == ["role:AD", "role:PO"]
    assert got["10"].owners == ["role:HOS", "role:AD"]
    # The HTML a PDF converter leaves is gone.
    assert got["10"].extra["Action"] == (
        "Heads of service check TOIL. Set up the new service in January 2008."
    )
    assert got["10"].updates == [
        "TOIL levels have come down. A dedicated service for children in care is planned."
    ]


def test_haringey_strategy_layout(store: Store) -> None:
    report = run_import(
        store, "local", "actions", PLANS / "haringey_strategy.tsv", plan="Haringey", today=TODAY
    )
    assert any("joined" in note for note in report.notes)
    got = actions(store, "haringey")
    assert list(got) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert sections(store) == {
        "1": ("STRONG AND EFFECTIVE CORPORATE PARENTING", "Neelam Bhardwaja"),
        "2": ("IMPROVING HEALTH AND WELL BEING", "Dominic Porter-Moore"),
    }
    # A blank Responsibility cell falls back to the section's LEAD OFFICER.
    assert got["1.1"].owners == ["Neelam Bhardwaja"]
    assert got["1.3"].owners == ["Jon Abbey", "role:WORKFORCE DEVELOPMENT TEAM"]
    assert got["2.2"].owners == ["Dominic Porter-Moore"]
    # Section 2's header has a spacer column; its rows are still read right.
    assert got["2.1"].owners == ["Lyn Carrington"]
    assert got["2.1"].due_date == date(2015, 12, 31)
    assert got["2.1"].title.endswith("within 28 days of coming into care")  # joined row
    assert got["2.3"].owners == ["role:CAMHS"] and got["2.3"].due_date == date(2016, 8, 31)


def _as_csv(src: Path, dest: Path) -> Path:
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    with dest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return dest


def _as_xlsx(src: Path, dest: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    with src.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            ws.append(row)
    wb.save(dest)
    return dest


def test_csv_tsv_and_xlsx_of_one_plan_import_alike(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", LEEDS, plan="Tabs", today=TODAY)
    run_import(store, "local", "actions", _as_csv(LEEDS, tmp_path / "p.csv"), plan="Commas")
    run_import(store, "local", "actions", _as_xlsx(LEEDS, tmp_path / "p.xlsx"), plan="Book")
    tabs, commas, book = (actions(store, slug) for slug in ("tabs", "commas", "book"))
    assert tabs == commas == book
    assert len(tabs) == 9


def test_xlsx_cells_of_every_type(store: Store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Ref", "Action", "Lead", "Deadline", "RAG"])
    ws.append(["3.1", "Audit pathway plans", "Annie Walker", "31/03/2016", "Amber"])
    ws.append([4.2, "Review PEP quality", "VSH", datetime(2016, 6, 30), "Green"])
    ws.append([5, "Publish the care leavers offer", "Emma Cummergen", None, None])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    run_import(store, "local", "actions", path, plan="Workbook", today=TODAY)
    got = actions(store, "workbook")
    assert list(got) == ["3.1", "4.2", "5"]
    assert got["3.1"].status == "at_risk" and got["3.1"].due_date == date(2016, 3, 31)
    assert got["4.2"].status == "on_track" and got["4.2"].due_date == date(2016, 6, 30)
    assert got["4.2"].owners == ["role:VSH"] and got["5"].status == "not_started"


@pytest.mark.parametrize(
    "fixture",
    ["leeds_improvement.tsv", "care_matters.csv", "topic_review.csv", "haringey_strategy.tsv"],
)
def test_reimporting_the_same_file_changes_nothing(store: Store, fixture: str) -> None:
    first = run_import(store, "local", "actions", PLANS / fixture, today=TODAY)
    before = counts(store)
    snapshot = actions(store)
    again = run_import(store, "local", "actions", PLANS / fixture, today=TODAY)
    assert not again.changed_anything and "Nothing changed" in again.summary()
    assert again.unchanged == first.created
    assert counts(store) == before  # no rows, no updates, no audit events
    assert actions(store) == snapshot


def test_a_changed_file_updates_what_changed(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", LEEDS, plan="Leeds", today=TODAY)
    before = counts(store)
    text = LEEDS.read_text(encoding="utf-8")
    text = text.replace("Aug 2010", "Sept 2010")  # 1.3's timescale
    text = text.replace("Ken Morton/ Catherine Marchant", "Catherine Marchant")  # 2.1's lead
    text = text.replace("Supervision levels have improved.", "Complete. Audit signed off.")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("2.5\t"))
    changed = tmp_path / "leeds.tsv"
    changed.write_text(text, encoding="utf-8")
    report = run_import(store, "local", "actions", changed, plan="Leeds", today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (0, 3, 5)
    assert "1 action of Leeds is not in this file and was kept: 2.5" in report.summary()
    got = actions(store, "leeds")
    assert got["1.3"].due_date == date(2010, 9, 30) and got["1.3"].due_text == "Sept 2010"
    assert got["2.1"].owners == ["Catherine Marchant"]
    assert got["2.3"].status == "achieved"
    assert got["2.3"].updates == [
        "Supervision levels have improved.",
        "Complete. Audit signed off.",
    ]
    assert "2.5" in got  # kept
    after = counts(store)
    assert (
        after["action"] == before["action"]
        and after["action_update"] == before["action_update"] + 1
    )
    assert after["audit_event"] > before["audit_event"]


def test_chat_edits_survive_a_reimport_of_the_unchanged_file(store: Store, tmp_path: Path) -> None:
    run_import(store, "local", "actions", LEEDS, plan="Leeds", today=TODAY)
    chat = make_chat(store, FROZEN_NOW)
    chat.say("/actions due leeds:2.3 31 March 2016", as_="Jackie Wilson")
    chat.say("/actions update leeds:2.3 caseload audit finished #done", as_="Jackie Wilson")
    edited = actions(store, "leeds")["2.3"]
    assert (edited.status, edited.due_date) == ("achieved", date(2016, 3, 31))
    before = counts(store)
    report = run_import(store, "local", "actions", LEEDS, plan="Leeds", today=TODAY)
    assert not report.changed_anything
    assert counts(store) == before
    assert actions(store, "leeds")["2.3"] == edited
    # When the file itself changes the timescale, the file wins for that field only.
    changed = tmp_path / "leeds.tsv"
    text = LEEDS.read_text(encoding="utf-8")
    changed.write_text(text.replace("Jackie Wilson\tTBC", "Jackie Wilson\tDec 2010"), "utf-8")
    report = run_import(store, "local", "actions", changed, plan="Leeds", today=TODAY)
    assert report.updated == 1
    now = actions(store, "leeds")["2.3"]
    assert (now.due_date, now.status) == (date(2010, 12, 31), "achieved")


def test_a_status_column_change_is_logged_as_an_update(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "rag.csv"
    path.write_text("Ref,Action,Lead,RAG\n1.1,Audit plans,AD,Green\n", encoding="utf-8")
    run_import(store, "local", "actions", path, plan="Rag", today=TODAY)
    path.write_text("Ref,Action,Lead,RAG\n1.1,Audit plans,AD,Red\n", encoding="utf-8")
    report = run_import(store, "local", "actions", path, plan="Rag", today=TODAY)
    assert report.updated == 1
    with store.unit_of_work("local") as uow:
        update = uow.session.scalars(select(Update)).one()
        assert (update.status_before, update.status_after) == ("on_track", "off_track")
        assert update.source == "import" and "Off track" in update.text
    assert actions(store, "rag")["1.1"].status == "off_track"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("", "empty.csv", "empty"),
        ("just,some,words\nand,more,words\n", "nohead.csv", "no header row found"),
        ("Ref,Action,Lead\n1.1,First,AD\n1.1,Again,AD\n", "dup.csv", "row 3, column “Ref”"),
        ("Ref,Action,Lead\n1.1,,AD\n", "notitle.csv", "row 2, column “Action”"),
        ("Ref,Action,Status\n1.1,Thing,Purple\n", "status.csv", "row 2, column “Status”"),
        ("Ref,Action\n1.1,Thing\n", "plan.pdf", "not .pdf"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, content: str, name: str, expected: str
) -> None:
    run_import(store, "local", "actions", LEEDS, plan="Leeds", today=TODAY)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = counts(store)
    with pytest.raises(ImportFailed) as err:
        run_import(store, "local", "actions", path, plan="Leeds", today=TODAY)
    assert expected in str(err.value) and name in str(err.value)
    assert counts(store) == before


def test_a_bad_row_late_in_a_good_file_leaves_nothing(store: Store, tmp_path: Path) -> None:
    text = LEEDS.read_text(encoding="utf-8") + "3.1\tDuplicate\tAD\tTBC\t\n"
    path = tmp_path / "late.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"row 21, column “Ref.”: ref 3.1 appears twice"):
        run_import(store, "local", "actions", path, today=TODAY)
    assert counts(store)["action"] == 0 and counts(store)["person"] == 0


def test_binary_and_missing_files(store: Store, tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage\x00")
    with pytest.raises(ImportFailed, match="binary"):
        run_import(store, "local", "actions", binary)
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailed, match="not a readable XLSX"):
        run_import(store, "local", "actions", not_a_workbook)
    with pytest.raises(ImportFailed, match="no file"):
        run_import(store, "local", "actions", tmp_path / "missing.csv")
    with pytest.raises(ImportFailed, match="unknown import kind"):
        run_import(store, "local", "budgets", LEEDS)
    assert counts(store)["action"] == 0


def _cli(database: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(database.url, home, *args)


def test_cli_import(store: Store, database: Database, tmp_path: Path) -> None:
    ok = _cli(database, tmp_path, "import", "actions", str(LEEDS), "--plan", "Leeds")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Imported actions into Leeds: 9 new, 0 changed, 0 unchanged.")
    assert "3 sections" in ok.stdout
    again = _cli(database, tmp_path, "import", "actions", str(LEEDS), "--plan", "Leeds")
    assert (
        again.returncode == 0 and "0 new, 0 changed, 9 unchanged. Nothing changed." in again.stdout
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("Ref,Action\n1.1,\n", encoding="utf-8")
    refused = _cli(database, tmp_path, "import", "actions", str(bad), "--plan", "Leeds")
    assert refused.returncode == 1
    assert "bad.csv: row 2, column “Action”: action 1.1 has no title" in refused.stderr
    assert "Nothing was imported." in refused.stderr and "Traceback" not in refused.stderr
    assert counts(store)["action"] == 9
